"""Every error under /api in the FastAPI app's JSON shape: the NinjaAPI's exception handlers.

FastAPI answers `{"detail": "..."}` for errors and `{"detail": [{"loc", "msg", "type"}]}`
for 422s, with `loc` written its way; Ninja's defaults differ in the details. install()
registers the handlers that make them the same.
"""

import logging

from django.core.exceptions import (
    BadRequest,
    ObjectNotUpdated,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from blogproj.outages import is_database_outage, service_unavailable
from blogproj.parsers import RefusedBody

# What Django answers 400 outside the API: a multipart body without its boundary, too
# many fields, a body cut short.
MALFORMED_REQUEST = (MultiPartParserError, BadRequest, SuspiciousOperation, UnreadablePostError)


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every error under /api FastAPI's JSON shape."""

    def error_response(request: HttpRequest, status: int, detail) -> HttpResponse:
        response = api.create_response(request, {"detail": detail}, status=status)
        if status == 401:
            # "Who are you?": tell the client how to authenticate, as FastAPI does.
            response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        # Ninja raises a bare AuthenticationError when no bearer token was sent at all; the
        # auth class raises its own subclass, with its message, for a token it refuses.
        missing = type(exc) is AuthenticationError
        return error_response(request, 401, "Not authenticated" if missing else exc.message)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, RefusedBody):
            error = {"type": "model_attributes_type", "loc": ["body"], "msg": str(exc.__cause__)}
            return error_response(request, 422, [error])
        if isinstance(exc.__cause__, ValueError):
            # Ninja's 400 "Cannot parse request body": FastAPI answers malformed JSON with 422.
            cause = exc.__cause__
            loc = ["body", cause.pos] if hasattr(cause, "pos") else ["body"]
            error = {"type": "json_invalid", "loc": loc, "msg": "JSON decode error"}
            return error_response(request, 422, [error])
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
        if isinstance(exc, MALFORMED_REQUEST):
            return error_response(request, 400, "Cannot parse request body")
        if isinstance(exc, DjangoValidationError):
            # A model's own rule, such as a username someone else holds (User.save_unique).
            return error_response(request, 400, exc.messages[0])
        if isinstance(exc, ObjectNotUpdated):
            # A save() of a row that a concurrent request deleted in the meantime: the
            # course's message for a missing row of that model ("Post not found").
            model_name = type(exc).__qualname__.removesuffix(".NotUpdated")
            return error_response(request, 404, f"{model_name} not found")
        if is_database_outage(exc):
            return service_unavailable(request, exc)
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exc
        )
        return error_response(request, 500, "Internal Server Error")
