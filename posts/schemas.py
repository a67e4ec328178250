"""The posts API's JSON shapes, named as in the FastAPI app's schemas.py."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from accounts.schemas import UserPublic
from blogproj.schemas import visible_text

Title = visible_text(max_length=100)
Content = visible_text()


class PostCreate(Schema):
    # No user_id: the author comes from the token. A user_id sent anyway is ignored.
    title: Title
    content: Content


class PostUpdate(Schema):
    # PATCH: only the fields sent change; an explicit null is a 422 (see UserUpdate).
    title: Title = None
    content: Content = None


class PostResponse(Schema):
    id: int
    title: str
    content: str
    user_id: int = Field(validation_alias="author_id")
    date_posted: datetime
    author: UserPublic
