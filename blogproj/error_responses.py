"""The error responses in the OpenAPI document: which operation answers which error.

The answers every operation shares are declared here once, by what the operation is:

- 401 where it takes a token (`auth=`), 429 where it is throttled (`throttle=`);
- 413 where it takes a body, 400 where that body is a form Django can't parse;
- 422 where it takes a body or parameters;
- 404 where its path holds an id (`/api/posts/abc` is not a post);
- 503 everywhere: the database can't be reached (blogproj/outages.py).

An operation's own messages (a 403's, a 404's, a failed login's 401) are read from its
code: each `raise HttpError(status, "message")` in it, or in a function of its module that
it calls (`get_post_or_404`). So a router's decorators stay the course's, and each message
is written once, where it is raised. tests/test_openapi.py checks, over the whole suite,
that every status an operation answers is documented and every documented one is seen.
"""

import ast
import inspect
import textwrap
from collections import defaultdict
from collections.abc import Callable

from ninja import Router, Schema
from pydantic import ConfigDict

from blogproj.outages import RETRY_AFTER


class ErrorMessage(Schema):
    detail: str


class ValidationErrorItem(Schema):
    model_config = ConfigDict(extra="allow")  # pydantic's `ctx` and the like

    loc: list[str | int]
    msg: str
    type: str


SHARED = {
    400: "Cannot parse request body",
    401: "Not authenticated, or the token is invalid, expired or revoked",
    404: "Not Found: the id in the path is not a whole number",
    413: "Request body too large",
    422: "Validation error",
    429: "Too many attempts from this address; see Retry-After",
    503: f"The database can't be reached; try again after Retry-After ({RETRY_AFTER} s)",
}

# Answers raised below an operation, by the name of the method it calls: the handlers turn
# a model's ValidationError into a 400 (User.save_unique refuses a name someone else holds).
RAISED_BY_METHOD = {"save_unique": {400: "Username already exists / Email already registered"}}

BODY_SOURCES = {"body", "form", "file"}


def document(*routers: Router) -> None:
    """Put each operation's error responses in the OpenAPI document (call it before the
    routers are mounted: Ninja copies each operation when it mounts its router)."""
    for router in routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                answers = shared_answers(operation) | raised_answers(operation.view_func)
                operation.openapi_extra = {"responses": responses(answers)}


def shared_answers(operation) -> dict[int, str]:
    sources = {model.__ninja_param_source__ for model in operation.models}
    statuses = [503]
    if operation.auth_callbacks:
        statuses.append(401)
    if operation.throttle_objects:
        statuses.append(429)
    if sources & BODY_SOURCES:
        statuses.append(413)
    if "form" in sources:
        statuses.append(400)
    if sources:
        statuses.append(422)
    if "path" in sources:
        statuses.append(404)
    return {status: SHARED[status] for status in statuses}


def raised_answers(function: Callable, seen: set | None = None) -> dict[int, str]:
    """The `HttpError(status, "message")` that `function` raises, itself or through a
    function of its module that it calls; the messages of one status joined by " / "."""
    seen = seen if seen is not None else set()
    seen.add(function)
    messages: dict[int, list[str]] = defaultdict(list)
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
        found: dict[int, str] = {}
        if isinstance(call.func, ast.Name) and call.func.id == "HttpError":
            status, message = (getattr(arg, "value", None) for arg in call.args[:2])
            if isinstance(status, int) and isinstance(message, str):
                found = {status: message}
        elif isinstance(call.func, ast.Name):
            callee = function.__globals__.get(call.func.id)
            if inspect.isfunction(callee) and callee.__module__ == function.__module__:
                found = raised_answers(callee, seen) if callee not in seen else {}
        elif isinstance(call.func, ast.Attribute):
            found = RAISED_BY_METHOD.get(call.func.attr, {})
        for status, message in found.items():
            if message not in messages[status]:
                messages[status].append(message)
    return {status: " / ".join(texts) for status, texts in messages.items()}


def responses(answers: dict[int, str]) -> dict[int, dict]:
    return {
        status: {
            "description": description,
            "content": {"application/json": {"schema": json_schema(status)}},
        }
        for status, description in sorted(answers.items())
    }


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
