"""Validation shared by the two apps' schemas."""

from typing import Annotated

from ninja import Path
from pydantic import AfterValidator

# Ids are 64-bit in the database. A larger one names no row, and SQLite cannot even
# compare it, so it is refused up front (422) instead of failing in the query.
MAX_ID = 2**63 - 1

ObjectId = Annotated[int, Path(le=MAX_ID)]


def _visible_text(value: str) -> str:
    # The FastAPI app only checks lengths; a blank name or title helps nobody, and
    # PostgreSQL cannot store a NUL character: both are a 422 here.
    if not value.strip():
        raise ValueError("must not be blank")
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


# Use as Annotated[str, Field(...), VisibleText]: text a person typed, stored as sent.
VisibleText = AfterValidator(_visible_text)
