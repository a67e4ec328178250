"""The posts API's JSON shapes: the FastAPI app's schemas.py, class for class
(plain pydantic models; accounts/schemas.py says why)."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from accounts.schemas import UserPublic
from blogproj.schemas import NotBlank

# What the API takes: the course's lengths, and (beyond the course) never only spaces.
Title = Annotated[str, Field(min_length=1, max_length=100), NotBlank()]
Content = Annotated[str, Field(min_length=1), NotBlank()]


class PostBase(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    content: str = Field(min_length=1)


class PostCreate(PostBase):
    # No user_id: the author comes from the token; a user_id sent anyway is ignored.
    # The same fields as PostBase's, refusing blank text too. (Not in PostBase itself:
    # PostResponse would run the check on every post it writes, for nothing.)
    title: Title
    content: Content


class PostUpdate(BaseModel):
    # PATCH: only the fields sent change; an explicit null is a 422 (see UserUpdate).
    title: Title = None  # type: ignore[assignment]
    content: Content = None  # type: ignore[assignment]


class PostResponse(PostBase):
    model_config = ConfigDict(from_attributes=True)

    id: int
    user_id: int
    date_posted: datetime
    author: UserPublic
