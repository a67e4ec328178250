import os

import pytest
from django.core.cache import cache
from django.test.testcases import QuietWSGIRequestHandler
from django.urls import path

from blogproj.urls import urlpatterns as project_urlpatterns
from tests.api_answers import recording_api_answers
from tests.factories import bearer, make_post, make_user

# Playwright's sync API leaves an event loop running in the test thread; Django
# would then refuse the test database's own sync setup and teardown.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server (live_server: the browser tests, schemathesis) writes an answer's headers
# and its body separately; with Nagle's algorithm on, the body waited for the client's
# delayed acknowledgement of the headers: 40 ms an answer on a kept-alive connection.
# gunicorn, as in production, turns it off too.
QuietWSGIRequestHandler.disable_nagle_algorithm = True


@pytest.fixture(autouse=True)
def _quick_hashes_and_no_rate_limits(settings):
    # Argon2 is slow on purpose; the tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Only the throttling tests meet the rate limits; every test starts with no counts.
    settings.THROTTLE_LOGIN_RATE = settings.THROTTLE_SIGNUP_RATE = "10000/min"
    cache.clear()


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
def json_client(client):
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


def crash(request):
    raise RuntimeError("secret detail in an exception message")


@pytest.fixture
def crashing_urls(settings, client):
    """The client, on the project's URLs plus two that fail: /boom and /api/boom."""

    class Urls:
        urlpatterns = [path("boom", crash), path("api/boom", crash), *project_urlpatterns]

    settings.ROOT_URLCONF = Urls
    client.raise_request_exception = False
    return client


@pytest.fixture(autouse=True, scope="session")
def _record_api_answers():
    with recording_api_answers():
        yield


def pytest_collection_modifyitems(items):
    # A test marked "last" reads what all the others recorded. The longest test starts
    # first, so that two workers (make test) end together rather than one waiting on it.
    items.sort(
        key=lambda item: (
            item.get_closest_marker("last") is not None,
            "test_schemathesis.py" not in item.nodeid,
        )
    )


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With several workers (pytest-xdist, `make test`): the in-process tests all run in
    one worker, in their order, so that the test marked "last" reads the API answers all
    the others recorded (tests/api_answers.py); each browser or server test is spread on
    its own."""
    from xdist.scheduler import LoadScopeScheduling

    class InProcessTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(("tests/browser/", "tests/processes/")):
                return nodeid
            return "in-process"

    return InProcessTestsTogether(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs):
    """Each worker its own Redis database (the one REDIS_URL names, then the next ones):
    a test's cache.clear() must not wipe the counts that another worker's servers keep."""
    url = os.environ.get("REDIS_URL")
    if url:
        base, _, number = url.rpartition("/")
        for offset, spec in enumerate(specs):
            spec.env["REDIS_URL"] = f"{base}/{int(number or 0) + offset}"
