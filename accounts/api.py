"""The users API (FastAPI's routers/users.py), mounted at /api/users."""

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Form, Router
from ninja.errors import HttpError

from accounts.auth import AuthedRequest, JWTAuth, create_access_token
from accounts.models import User
from accounts.schemas import Token, UserCreate, UserPrivate, UserPublic, UserUpdate
from accounts.throttling import failed_login_throttle, signup_throttle
from blogproj.renderers import json_response
from blogproj.schemas import ObjectId
from posts.api import post_rows
from posts.models import Post
from posts.schemas import PostResponse

router = Router(tags=["users"])


def save_user(user: User, update_fields: list[str] | None = None) -> None:
    """Save a new user, or the changed fields of one; a name already taken answers 400.

    The check names the field; the unique constraints catch a concurrent request
    that takes the same name between the check and the save, and the second check
    then names the field it took. Either way: 400, never 500.
    """
    # Only the fields being changed need checking (changing your own letter case is fine).
    unchanged = {"username", "email"} - set(update_fields or ("username", "email"))
    try:
        try:
            user.validate_unique(exclude=unchanged)
            with transaction.atomic():
                user.save(update_fields=update_fields)
        except IntegrityError:
            user.validate_unique(exclude=unchanged)
            raise
    except ValidationError as error:
        # Both taken: the username message comes first, as in the FastAPI app.
        raise HttpError(400, error.messages[0]) from error
    except User.NotUpdated:  # the account was deleted by a concurrent request
        raise HttpError(404, "User not found") from None


# Answers beyond the ones every operation documents (see document_errors in blogproj/api.py).
TAKEN = {400: {"description": "Username already exists / Email already registered"}}
TOO_MANY = {429: {"description": "Too many attempts from this address; see Retry-After"}}
BAD_LOGIN = {401: {"description": "Incorrect email or password"}}


@router.post(
    "",
    response={201: UserPrivate},
    throttle=signup_throttle,
    openapi_extra={"responses": TAKEN | TOO_MANY},
)
def create_user(request: HttpRequest, payload: UserCreate):
    user = User(username=payload.username, email=payload.email)
    user.set_password(payload.password)
    save_user(user)
    return user


@router.post(
    "/token",
    response=Token,
    throttle=failed_login_throttle,
    openapi_extra={"responses": BAD_LOGIN | TOO_MANY},
)
def login_for_access_token(request: HttpRequest, username: Form[str], password: Form[str]):
    # The OAuth2 password form calls the field "username"; it carries the email.
    # Django's authenticate() checks the hash (in constant time for unknown emails),
    # refuses inactive users, and announces a failure to the login throttle.
    user = authenticate(request, email=username, password=password)
    if user is None:
        raise HttpError(401, "Incorrect email or password")
    return {"access_token": create_access_token(user), "token_type": "bearer"}


@router.get("/me", response=UserPrivate, auth=JWTAuth())
def get_me(request: AuthedRequest):
    return request.auth


@router.get("/{int:user_id}", response=UserPublic)
def get_user(request: HttpRequest, user_id: ObjectId):
    try:
        return User.objects.get(pk=user_id)
    except User.DoesNotExist:
        raise HttpError(404, "User not found") from None


@router.get("/{int:user_id}/posts", response=list[PostResponse])
def get_user_posts(request: HttpRequest, user_id: ObjectId):
    if not User.objects.filter(pk=user_id).exists():
        raise HttpError(404, "User not found")
    return json_response(post_rows(Post.objects.filter(author_id=user_id)))


@router.patch(
    "/{int:user_id}", response=UserPrivate, auth=JWTAuth(), openapi_extra={"responses": TAKEN}
)
def update_user(request: AuthedRequest, user_id: ObjectId, payload: UserUpdate):
    if user_id != request.auth.pk:
        raise HttpError(403, "Not authorized to update this user")
    user = request.auth
    changes = payload.model_dump(exclude_unset=True)
    for field, value in changes.items():
        setattr(user, field, value)
    if changes:
        save_user(user, update_fields=list(changes))
    return user


@router.delete("/{int:user_id}", response={204: None}, auth=JWTAuth())
def delete_user(request: AuthedRequest, user_id: ObjectId):
    if user_id != request.auth.pk:
        raise HttpError(403, "Not authorized to delete this user")
    request.auth.delete()  # the posts go too: Post.author is on_delete=CASCADE
