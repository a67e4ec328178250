"""Users, posts and tokens for the tests: plain create calls, no factory library."""

from accounts.auth import create_access_token
from accounts.models import User
from posts.models import Post

PASSWORD = "correct-horse-battery"


def make_user(username="alice", email=None, password=PASSWORD, **extra) -> User:
    email = email or f"{username.lower()}@example.com"
    return User.objects.create_user(username=username, email=email, password=password, **extra)


def make_post(author, title="A post", content="Some words.") -> Post:
    return Post.objects.create(author=author, title=title, content=content)


def bearer(user: User) -> dict:
    """The Authorization header of a request made as `user`."""
    return {"Authorization": f"Bearer {create_access_token(user)}"}
