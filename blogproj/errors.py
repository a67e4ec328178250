"""Every error under /api in the FastAPI app's JSON shape, and the errors in the docs.

FastAPI answers `{"detail": "..."}` for errors and `{"detail": [{"loc", "msg", "type"}]}`
for 422s, with `loc` written its way; Ninja's defaults differ in the details. This module
is where they are made the same (install() registers the handlers on the NinjaAPI), and
where each operation's error answers are declared for the OpenAPI document (errors()).
"""

import json
import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import (
    BadRequest,
    ObjectNotUpdated,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from pydantic import ConfigDict

from accounts.auth import InvalidToken
from accounts.models import User
from blogproj.outages import RETRY_AFTER, is_database_outage, service_unavailable
from posts.models import Post

# What Django answers 400 outside the API: a multipart body without its boundary, too
# many fields, a body cut short.
MALFORMED_REQUEST = (MultiPartParserError, BadRequest, SuspiciousOperation, UnreadablePostError)


class NotAnObject(Exception):
    """A body that is not a JSON object, where the endpoint takes one (422)."""


class JSONParser(Parser):
    """Ninja's JSON parser, also refusing what is not a JSON object.

    A body sent as another media type or charset, or a JSON array, would otherwise reach
    the schema as if no field had been sent: a PATCH would succeed and change nothing.
    No Content-Type at all is taken as JSON, as FastAPI does.
    """

    def parse_body(self, request: HttpRequest):
        media_type = request.content_type
        if media_type and media_type != "application/json" and not media_type.endswith("+json"):
            raise NotAnObject("Send the body as JSON, with Content-Type: application/json")
        charset = (request.content_params or {}).get("charset", "utf-8")
        if charset.lower().replace("-", "") != "utf8":
            raise NotAnObject(f"Send JSON as UTF-8 (RFC 8259), not {charset}")
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise NotAnObject("Input should be a valid dictionary or object to extract fields from")
        return data


# ---- The error schemas, and each operation's errors in the docs -------------------------


class ErrorMessage(Schema):
    detail: str


class ValidationErrorItem(Schema):
    model_config = ConfigDict(extra="allow")  # pydantic's `ctx` and the like

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: list[ValidationErrorItem]


DESCRIPTIONS = {
    401: "Not authenticated, or the token is invalid, expired or revoked",
    413: "Request body too large",
    422: "Validation error",
    429: "Too many attempts from this address; see Retry-After",
    503: f"The database can't be reached; try again after Retry-After ({RETRY_AFTER} s)",
}


def errors(*answers: int | dict[int, str]) -> dict[str, Any]:
    """`openapi_extra` for an operation: the error statuses it answers, each with its
    description and JSON schema. A status alone takes the description above; a
    {status: "message"} gives the operation's own message. Every operation can answer
    503, when the database is down, so that one is always added.
    """
    described = {503: DESCRIPTIONS[503]}
    for answer in answers:
        if isinstance(answer, dict):
            described.update(answer)
        else:
            described[answer] = DESCRIPTIONS.get(answer, HTTPStatus(answer).phrase)
    responses = {
        status: {
            "description": description,
            "content": {"application/json": {"schema": json_schema(status)}},
        }
        for status, description in sorted(described.items())
    }
    return {"responses": responses}


def json_schema(status: int) -> dict:
    if status == 422:
        item = ValidationErrorItem.model_json_schema()
        return {
            "title": "ValidationErrors",
            "type": "object",
            "properties": {"detail": {"type": "array", "items": item}},
            "required": ["detail"],
        }
    return ErrorMessage.model_json_schema()


# ---- The handlers ------------------------------------------------------------------------


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
        # Ninja raises a bare AuthenticationError when no bearer token was sent at all.
        detail = exc.message if isinstance(exc, InvalidToken) else "Not authenticated"
        return error_response(request, 401, detail)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, NotAnObject):
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
            # A save() of a row that a concurrent request deleted in the meantime.
            return error_response(request, 404, NOT_FOUND.get(type(exc), "Not Found"))
        if is_database_outage(exc):
            return service_unavailable(request, exc)
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exc
        )
        return error_response(request, 500, "Internal Server Error")


NOT_FOUND = {Post.NotUpdated: "Post not found", User.NotUpdated: "User not found"}
