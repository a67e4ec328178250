"""The users API's JSON shapes: the FastAPI app's schemas.py, class for class.

Plain pydantic models, as in the course: Ninja takes any pydantic model as a body and as
a response. (A `ninja.Schema` would also do; it wraps every object it reads in an
attribute getter, which makes a list of 500 posts several times slower to validate.)
"""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from blogproj.schemas import NotBlank

Username = Annotated[str, Field(min_length=1, max_length=50), NotBlank()]
Email = Annotated[EmailStr, Field(max_length=120)]


class UserBase(BaseModel):
    username: Username
    email: Email


class UserCreate(UserBase):
    password: str = Field(min_length=8)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    image_file: str | None
    image_path: str


class UserPrivate(UserPublic):
    email: str


class UserUpdate(BaseModel):
    # Only the fields sent change. An omitted field defaults to None and is left
    # out by model_dump(exclude_unset=True); an explicit null is a 422 (the type
    # does not allow it), so it can never blank a column.
    username: Username = None  # type: ignore[assignment]
    email: Email = None  # type: ignore[assignment]


class Token(BaseModel):
    access_token: str
    token_type: str
