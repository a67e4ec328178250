"""Types shared by the two apps' schemas."""

from typing import Annotated, Any

from ninja import Path
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

# Ids are signed 64-bit integers in the database: none is over 2**63 - 1. A larger one
# names no row, and SQLite cannot even compare it, so it is refused up front (422)
# instead of failing in the query.
MAX_ID = 2**63 - 1

# An id in an operation's path (`post_id: PathId`): a whole number a row can have.
PathId = Annotated[int, Path(le=MAX_ID)]

# At least one character that is not a space, and no NUL (PostgreSQL can't store it).
VISIBLE_TEXT_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"


def _visible_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class NotBlank:
    """`Annotated[str, Field(max_length=100), NotBlank()]`: text a person types (a name, a
    title), stored exactly as sent but never blank. The FastAPI app checks only lengths; a
    blank title helps nobody. Checked in Python for a plain message; the pattern documents
    the rule in the OpenAPI schema."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler):
        return core_schema.no_info_after_validator_function(_visible_text, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler):
        return {**handler(schema), "pattern": VISIBLE_TEXT_PATTERN}
