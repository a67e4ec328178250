"""JSON Web Tokens and the bearer auth that plays FastAPI's `get_current_user`.

Passwords need nothing here: Django's hashers (Argon2 first, see PASSWORD_HASHERS)
do what the FastAPI app's `hash_password` / `verify_password` did.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import jwt
from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security.base import SecuritySchema

from accounts.models import User
from accounts.token_user import token_user
from blogproj.schemas import MAX_ID

ALGORITHM = "HS256"


def create_access_token(user: User) -> str:
    """A signed token naming the user (`sub`, as a string) that expires (`exp`).

    Beyond the course: it also carries a unique id (`jti`), so that logging out can
    revoke this one token, the time it was issued (`iat`), and the user's
    `token_version`, so that a password change can refuse every token issued before it.
    """
    now = datetime.now(UTC)
    claims = {
        "sub": str(user.pk),
        "exp": now + settings.JWT_ACCESS_TOKEN_LIFETIME,
        "iat": now,
        "jti": secrets.token_urlsafe(12),  # 96 random bits: unique, and a short token
        "ver": user.token_version,
    }
    return jwt.encode(claims, settings.JWT_SECRET_KEY, algorithm=ALGORITHM)


@dataclass(frozen=True)
class AccessToken:
    """What a valid token says."""

    user_id: int
    jti: str
    version: int
    exp: float

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.exp, UTC)


def verify_access_token(token: str) -> AccessToken | None:
    """What a valid token says, or None for any invalid token.

    Signed with the current key, or with one of JWT_SECRET_KEY_FALLBACKS while a key is
    being rotated (as Django's SECRET_KEY_FALLBACKS).
    """
    try:
        claims = decode_signed(token)
        user_id, jti, version = int(claims["sub"]), claims["jti"], claims["ver"]
    except (jwt.InvalidTokenError, TypeError, ValueError):
        return None
    if not (0 < user_id <= MAX_ID and isinstance(jti, str) and 0 < len(jti) <= 64):
        return None
    if type(version) is not int or not 0 <= version <= MAX_ID:
        return None
    return AccessToken(user_id, jti, version, claims["exp"])


class InvalidToken(AuthenticationError):
    """A bearer token was sent but names no active user (401)."""

    def __init__(self):
        super().__init__(message="Could not validate credentials")


class JWTAuth(HttpBearer):
    """`auth=JWTAuth()` on an operation is FastAPI's `current_user: CurrentUser`.

    Ninja calls `authenticate()` before the operation runs (and before the body
    is validated); what it returns becomes `request.auth`. A missing token
    answers 401 "Not authenticated", any bad one 401 "Could not validate
    credentials", both with `WWW-Authenticate: Bearer` (blogproj/exception_handlers.py).
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
        access_token = verify_access_token(token)
        if access_token is None:
            raise InvalidToken
        # Looked up on every request, never cached: a deleted or deactivated user, or a
        # token that was logged out, is refused at once, by every server.
        user = token_user(access_token.user_id, access_token.jti, access_token.version)
        if user is None:
            raise InvalidToken
        request.access_token = access_token  # type: ignore[attr-defined]  # for logout
        return user


class AuthedRequest(HttpRequest):
    """For type hints: the request an operation with `auth=JWTAuth()` receives."""

    auth: User
    access_token: AccessToken


# ---- Verifying a signature while the key is rotated ------------------------------------


def decode_signed(token: str) -> dict:
    keys = [settings.JWT_SECRET_KEY, *settings.JWT_SECRET_KEY_FALLBACKS]
    for key in keys[:-1]:
        try:
            return decode(token, key)
        except jwt.InvalidSignatureError:
            continue  # maybe signed with an older key
    return decode(token, keys[-1])


def decode(token: str, key: str) -> dict:
    return jwt.decode(
        token,
        key,
        algorithms=[ALGORITHM],  # pinned: never trust the token's own "alg"
        options={"require": ["exp", "sub", "iat", "jti", "ver"]},
    )
