"""The posts API's JSON shapes, named as in the FastAPI app's schemas.py."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from accounts.schemas import UserPublic
from blogproj.schemas import NotBlank

Title = Annotated[str, Field(min_length=1, max_length=100), NotBlank()]
Content = Annotated[str, Field(min_length=1), NotBlank()]


class PostCreate(Schema):
    # No user_id: the author comes from the token. A user_id sent anyway is ignored.
    title: Title
    content: Content


class PostUpdate(Schema):
    # PATCH: only the fields sent change; an explicit null is a 422 (see UserUpdate).
    title: Title = None  # type: ignore[assignment]
    content: Content = None  # type: ignore[assignment]


class PostResponse(BaseModel):
    # A plain pydantic model, as in the course (see accounts/schemas.py for why).
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    content: str
    # The course's column is `user_id`; Django names the foreign key `author` (the
    # column `author_id`). A Post gives author_id, a row from .responses() user_id.
    user_id: int = Field(validation_alias=AliasChoices("user_id", "author_id"))
    date_posted: datetime
    author: UserPublic
