"""The API's request body parser: Ninja's JSON parser, refusing what is not a JSON object."""

import json

from django.http import HttpRequest
from ninja.parser import Parser


class RefusedBody(Exception):
    """A body the parser refuses: another media type, another charset, or JSON that is not
    an object. The API answers 422, as FastAPI does (blogproj/exception_handlers.py)."""


class JSONParser(Parser):
    """Ninja's JSON parser, also refusing what is not a JSON object.

    A body sent as another media type or charset, or a JSON array, would otherwise reach
    the schema as if no field had been sent: a PATCH would succeed and change nothing.
    No Content-Type at all is taken as JSON, as FastAPI does.
    """

    def parse_body(self, request: HttpRequest):
        media_type = request.content_type
        if media_type and media_type != "application/json" and not media_type.endswith("+json"):
            raise RefusedBody("Send the body as JSON, with Content-Type: application/json")
        charset = (request.content_params or {}).get("charset", "utf-8")
        if charset.lower().replace("-", "") != "utf8":
            raise RefusedBody(f"Send JSON as UTF-8 (RFC 8259), not {charset}")
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise RefusedBody("Input should be a valid dictionary or object to extract fields from")
        return data
