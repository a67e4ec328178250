"""The users API's JSON shapes, named as in the FastAPI app's schemas.py."""

from typing import Annotated

from ninja import Schema
from pydantic import EmailStr, Field

from blogproj.schemas import visible_text

Username = visible_text(max_length=50)
Email = Annotated[EmailStr, Field(max_length=120)]


class UserCreate(Schema):
    username: Username
    email: Email
    password: str = Field(min_length=8)


class UserPublic(Schema):
    id: int
    username: str
    image_file: str | None
    image_path: str


class UserPrivate(UserPublic):
    email: str


class UserUpdate(Schema):
    # Only the fields sent change. An omitted field defaults to None and is left
    # out by model_dump(exclude_unset=True); an explicit null is a 422 (the type
    # does not allow it), so it can never blank a column.
    username: Username = None
    email: Email = None


class Token(Schema):
    access_token: str
    token_type: str
