"""The users API (FastAPI's routers/users.py), mounted at /api/users."""

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Form, Router
from ninja.errors import HttpError

from accounts.auth import AuthedRequest, JWTAuth, create_access_token
from accounts.models import RevokedToken, User
from accounts.schemas import Token, UserCreate, UserPrivate, UserPublic, UserUpdate
from accounts.throttling import failed_login_throttle, signup_throttle
from blogproj.schemas import PathId
from posts.reads import post_rows
from posts.schemas import PostResponse

router = Router()


@router.post("", response={201: UserPrivate}, throttle=signup_throttle)
def create_user(request: HttpRequest, user: UserCreate):
    new_user = User(username=user.username, email=user.email)
    new_user.set_password(user.password)
    new_user.save_unique()  # 400 if the username or email is taken, in any letter case
    return new_user


@router.post("/token", response=Token, throttle=failed_login_throttle)
def login_for_access_token(request: HttpRequest, username: Form[str], password: Form[str]):
    # The OAuth2 password form calls the field "username"; it carries the email.
    # Django's authenticate() checks the hash (in constant time for unknown emails),
    # refuses inactive users, and gives a right password's try back to the login throttle.
    user = authenticate(request, email=username, password=password)
    if user is None:
        raise HttpError(401, "Incorrect email or password")
    return Token(access_token=create_access_token(user), token_type="bearer")


@router.get("/me", response=UserPrivate, auth=JWTAuth())
def get_me(request: AuthedRequest):
    return request.auth


@router.get("/{int:user_id}", response=UserPublic)
def get_user(request: HttpRequest, user_id: PathId):
    try:
        return User.objects.get(pk=user_id)
    except User.DoesNotExist:
        raise HttpError(404, "User not found") from None


@router.get("/{int:user_id}/posts", response=list[PostResponse])
def get_user_posts(request: HttpRequest, user_id: PathId):
    if not User.objects.filter(pk=user_id).exists():
        raise HttpError(404, "User not found")
    return post_rows(author_id=user_id)


@router.patch("/{int:user_id}", response=UserPrivate, auth=JWTAuth())
def update_user(request: AuthedRequest, user_id: PathId, user_update: UserUpdate):
    if user_id != request.auth.id:
        raise HttpError(403, "Not authorized to update this user")
    user = request.auth
    update_data = user_update.model_dump(exclude_unset=True)
    for field, value in update_data.items():
        setattr(user, field, value)
    user.save_unique(update_fields=list(update_data))
    return user


@router.delete("/{int:user_id}", response={204: None}, auth=JWTAuth())
def delete_user(request: AuthedRequest, user_id: PathId):
    if user_id != request.auth.id:
        raise HttpError(403, "Not authorized to delete this user")
    request.auth.delete()  # the posts go too: Post.author is on_delete=CASCADE


# Beyond the course: logging out on the server. The course's Logout only makes the browser
# forget its token; a copy of it stayed valid until it expired. This revokes it.
@router.post("/logout", response={204: None}, auth=JWTAuth())
def logout(request: AuthedRequest):
    RevokedToken.revoke(request.access_token.jti, request.access_token.expires_at)
