"""Types shared by the two apps' schemas."""

from typing import Annotated

from ninja import Path
from pydantic import AfterValidator, Field

# Ids are 64-bit in the database. A larger one names no row, and SQLite cannot even
# compare it, so it is refused up front (422) instead of failing in the query.
MAX_ID = 2**63 - 1

ObjectId = Annotated[int, Path(le=MAX_ID)]

# At least one character that is not a space, and no NUL (PostgreSQL can't store it).
# Checked in Python for a plain message; the pattern documents it in the OpenAPI schema.
VISIBLE_TEXT_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"


def _visible_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def visible_text(max_length: int | None = None):
    """The type of text a person types (a name, a title): stored exactly as sent,
    but never blank. The FastAPI app checks only lengths; a blank title helps nobody."""
    return Annotated[
        str,
        Field(
            min_length=1, max_length=max_length, json_schema_extra={"pattern": VISIBLE_TEXT_PATTERN}
        ),
        AfterValidator(_visible_text),
    ]
