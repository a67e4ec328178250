"""The NinjaAPI (FastAPI's `app = FastAPI()` and its `include_router` calls).

Its exception handlers give every error under /api the FastAPI app's JSON shape:
{"detail": "..."} for errors, {"detail": [{"loc", "msg", "type"}, ...]} for 422s.
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from accounts.api import router as users_router
from accounts.auth import InvalidToken
from posts.api import router as posts_router

api = NinjaAPI(
    title="Blog API",
    version="1.0.0",
    description="The FastAPI course's blog, built with Django + Django Ninja.",
    urls_namespace="api",
    # Keep the token across page reloads, as the FastAPI docs do.
    docs=Swagger(settings={"persistAuthorization": True}),
)

api.add_router("/users", users_router)
api.add_router("/posts", posts_router)


def error_response(request: HttpRequest, status: int, detail) -> HttpResponse:
    response = api.create_response(request, {"detail": detail}, status=status)
    if status == 401:
        # "Who are you?": tell the client how to authenticate, as FastAPI does.
        response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # Ninja raises a bare AuthenticationError when no bearer token was sent at all.
    detail = exc.message if isinstance(exc, InvalidToken) else "Not authenticated"
    return error_response(request, 401, detail)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, ValueError):
        # Ninja's 400 "Cannot parse request body": FastAPI answers malformed JSON with a 422.
        error = exc.__cause__
        loc = ["body", error.pos] if hasattr(error, "pos") else ["body"]
        return error_response(
            request,
            422,
            [{"type": "json_invalid", "loc": loc, "msg": "JSON decode error"}],
        )
    return error_response(request, exc.status_code, exc.message)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Ninja names the body parameter in `loc` (["body", "payload", "email"]); FastAPI
    # does not (["body", "email"]), and calls a form field's place "body" too.
    errors = []
    for error in exc.errors:
        where, *rest = error["loc"]
        if where == "body":
            rest = rest[1:]
        errors.append({**error, "loc": ["body" if where == "form" else where, *rest]})
    return error_response(request, 422, errors)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return error_response(request, 413, "Request body too large")
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", request.path, exc_info=exc
    )
    return error_response(request, 500, "Internal Server Error")
