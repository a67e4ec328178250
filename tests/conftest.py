import os

import pytest
from django.core.cache import cache

from accounts.auth import create_access_token
from accounts.models import User
from posts.models import Post

# Playwright's sync API leaves an event loop running in the test thread; Django
# would then refuse the test database's own sync setup and teardown.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    # Argon2 is slow on purpose; the tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Only the throttling tests meet the rate limits; every test starts with no counts.
    settings.THROTTLE_LOGIN_RATE = settings.THROTTLE_SIGNUP_RATE = "10000/min"
    cache.clear()


def make_user(username="alice", email=None, password=PASSWORD, **extra) -> User:
    email = email or f"{username.lower()}@example.com"
    return User.objects.create_user(username=username, email=email, password=password, **extra)


def make_post(author, title="A post", content="Some words.") -> Post:
    return Post.objects.create(author=author, title=title, content=content)


def bearer(user: User) -> dict:
    return {"Authorization": f"Bearer {create_access_token(user)}"}


@pytest.fixture
def user(db):
    return make_user("alice")


@pytest.fixture
def other_user(db):
    return make_user("bob")


@pytest.fixture
def post(user):
    return make_post(user, title="Alice's post", content="Hello from Alice.")


@pytest.fixture
def api(client):
    """The test client, speaking JSON to /api like a FastAPI TestClient would."""
    return JSONClient(client)


class JSONClient:
    def __init__(self, client):
        self.client = client

    def get(self, path, user=None, **kwargs):
        return self.client.get(path, headers=self._headers(user, kwargs), **kwargs)

    def delete(self, path, user=None, **kwargs):
        return self.client.delete(path, headers=self._headers(user, kwargs), **kwargs)

    def post(self, path, json=None, user=None, **kwargs):
        return self._send("post", path, json, user, kwargs)

    def put(self, path, json=None, user=None, **kwargs):
        return self._send("put", path, json, user, kwargs)

    def patch(self, path, json=None, user=None, **kwargs):
        return self._send("patch", path, json, user, kwargs)

    def _send(self, method, path, json, user, kwargs):
        kwargs.setdefault("content_type", "application/json")
        return getattr(self.client, method)(
            path, json, headers=self._headers(user, kwargs), **kwargs
        )

    @staticmethod
    def _headers(user, kwargs):
        headers = kwargs.pop("headers", {})
        return {**bearer(user), **headers} if user else headers
