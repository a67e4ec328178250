"""The NinjaAPI (FastAPI's `app = FastAPI()` and its `include_router` calls).

Its exception handlers give every error under /api the FastAPI app's JSON shape:
{"detail": "..."} for errors, {"detail": [{"loc", "msg", "type"}, ...]} for 422s,
and the OpenAPI document lists those errors for each operation.
"""

import json
import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from pydantic import ConfigDict

from accounts.api import router as users_router
from accounts.auth import InvalidToken
from blogproj.renderers import ORJSONRenderer
from posts.api import router as posts_router


class NotAnObject(Exception):
    """A body that is not a JSON object, where the endpoint takes one (422)."""


class JSONParser(Parser):
    """Ninja's JSON parser, also refusing what is not a JSON object.

    A body sent as another media type, or a JSON array, would otherwise reach the
    schema as if no field had been sent: a PATCH would succeed and change nothing.
    No Content-Type at all is taken as JSON, as FastAPI does.
    """

    def parse_body(self, request: HttpRequest):
        media_type = request.content_type
        if media_type and media_type != "application/json" and not media_type.endswith("+json"):
            raise NotAnObject("Send the body as JSON, with Content-Type: application/json")
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise NotAnObject("Input should be a valid dictionary or object to extract fields from")
        return data


class ErrorMessage(Schema):
    detail: str


class ValidationErrorItem(Schema):
    model_config = ConfigDict(extra="allow")  # pydantic's `ctx` and the like

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: list[ValidationErrorItem]


class BlogAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        document_errors(schema)
        return schema


def document_errors(schema) -> None:
    """List the errors each operation can answer, so the docs (and clients generated
    from them) know every status: 401 where a token is needed, 403 where it must
    be the owner's, 404 for ids, 413 and 422 for bodies. Operation-specific ones
    (400, 429) are declared on the operation itself."""
    for name, model in [("ErrorMessage", ErrorMessage), ("ValidationErrors", ValidationErrors)]:
        definitions = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schema["components"]["schemas"].update(definitions.pop("$defs", {}))
        schema["components"]["schemas"][name] = definitions
    for operations in schema["paths"].values():
        for operation in operations.values():
            has_path_id = any(p["in"] == "path" for p in operation.get("parameters", []))
            errors = {}
            if operation.get("security"):
                errors[401] = "Not authenticated, or the token is invalid or expired"
                if has_path_id:
                    errors[403] = "Not the owner"
            if has_path_id:
                errors[404] = "No such object"
            if "requestBody" in operation:
                errors[413] = "Request body too large"
            for status, description in errors.items():
                operation["responses"].setdefault(status, message_response(description))
            if "requestBody" in operation or operation.get("parameters"):
                operation["responses"].setdefault(
                    422,
                    {
                        "description": "Validation error",
                        "content": json_content("ValidationErrors"),
                    },
                )
            for response in operation["responses"].values():
                if "content" not in response and response["description"] != "No Content":
                    response["content"] = json_content("ErrorMessage")


def message_response(description: str) -> dict:
    return {"description": description, "content": json_content("ErrorMessage")}


def json_content(schema_name: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}


api = BlogAPI(
    title="Blog API",
    version="1.0.0",
    description="The FastAPI course's blog, built with Django + Django Ninja.",
    urls_namespace="api",
    # As in FastAPI's docs, Authorize holds the token until the page is reloaded.
    docs=Swagger(),
    parser=JSONParser(),
    renderer=ORJSONRenderer(),
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
    if isinstance(exc.__cause__, NotAnObject):
        error = {"type": "model_attributes_type", "loc": ["body"], "msg": str(exc.__cause__)}
        return error_response(request, 422, [error])
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
