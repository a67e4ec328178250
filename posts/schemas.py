"""The posts API's JSON shapes: the FastAPI app's schemas.py, class for class
(plain pydantic models; accounts/schemas.py says why)."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from accounts.schemas import UserPublic
from blogproj.schemas import NotBlank

# The course's lengths; beyond the course, a title or content of spaces only is a 422 too.
Title = Annotated[str, Field(min_length=1, max_length=100), NotBlank()]
Content = Annotated[str, Field(min_length=1), NotBlank()]


class PostBase(BaseModel):
    title: Title
    content: Content


class PostCreate(PostBase):
    pass  # no user_id: the author comes from the token; a user_id sent anyway is ignored


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
