"""JSON Web Tokens and the bearer auth that plays FastAPI's `get_current_user`.

Passwords need nothing here: Django's hashers (Argon2 first, see PASSWORD_HASHERS)
do what the FastAPI app's `hash_password` / `verify_password` did.
"""

from datetime import UTC, datetime

import jwt
from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.base import SecuritySchema

from accounts.models import User
from blogproj.schemas import MAX_ID

ALGORITHM = "HS256"


def create_access_token(user: User) -> str:
    """A signed token naming the user (`sub`, as a string) that expires (`exp`)."""
    claims = {
        "sub": str(user.pk),
        "exp": datetime.now(UTC) + settings.JWT_ACCESS_TOKEN_LIFETIME,
    }
    return jwt.encode(claims, settings.JWT_SECRET_KEY, algorithm=ALGORITHM)


def verify_access_token(token: str) -> int | None:
    """The user id a valid token names, or None for any invalid token."""
    try:
        claims = jwt.decode(
            token,
            settings.JWT_SECRET_KEY,
            algorithms=[ALGORITHM],  # pinned: never trust the token's own "alg"
            options={"require": ["exp", "sub"]},
        )
        user_id = int(claims["sub"])
    except (jwt.InvalidTokenError, TypeError, ValueError):
        return None
    return user_id if 0 < user_id <= MAX_ID else None


class InvalidToken(AuthenticationError):
    """A bearer token was sent but names no active user (401)."""

    def __init__(self):
        super().__init__(message="Could not validate credentials")


class JWTAuth(HttpBearer):
    """`auth=JWTAuth()` on an operation is FastAPI's `current_user: CurrentUser`.

    Ninja calls `authenticate()` before the operation runs (and before the body
    is validated); what it returns becomes `request.auth`. A missing token
    answers 401 "Not authenticated", any bad one 401 "Could not validate
    credentials", both with `WWW-Authenticate: Bearer` (see blogproj/api.py).
    """

    def __init__(self):
        super().__init__()
        # Declared as OAuth2's password flow, like FastAPI's OAuth2PasswordBearer,
        # so the docs' Authorize dialog asks for email + password and fetches the token.
        self.openapi_security_schema = SecuritySchema(
            type="oauth2",
            flows={"password": {"tokenUrl": "/api/users/token", "scopes": {}}},
        )

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user_id = verify_access_token(token)
        if user_id is None:
            raise InvalidToken
        # Looked up on every request, never cached: a deleted or deactivated
        # user is refused at once.
        user = User.objects.active_by_id(user_id)
        if user is None:
            raise InvalidToken
        return user


class AuthedRequest(HttpRequest):
    """For type hints: the request an operation with `auth=JWTAuth()` receives."""

    auth: User
