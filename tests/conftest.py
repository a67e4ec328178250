import fcntl
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
# The production server turns it off too.
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


# The server tests that load every core (many workers and threads, dozens of password
# hashes) or time the answers. The browser tests, where every step waits within a
# timeout, never run beside them (the lock below).
HEAVY = (
    "tests/processes/test_concurrency.py",
    "tests/processes/test_fault_injection.py::test_a_worker_killed_mid_write",
    "tests/processes/test_holds_at_scale.py",
)


def is_heavy(nodeid: str) -> bool:
    return nodeid.startswith(HEAVY)


def is_browser(nodeid: str) -> bool:
    return nodeid.startswith("tests/browser/")


# The browser test files whose tests take longest, first: the two workers share the
# browser tests one by one, and end together when the short ones come last.
BROWSER_LONGEST_FIRST = [
    f"tests/browser/{name}.py"
    for name in ("test_tutorial_plan", "test_screenshots", "test_accessibility", "test_csp")
]


def pytest_collection_modifyitems(items):
    # The order of a run in one process, and of each worker's share in two: schemathesis,
    # the longest test, first; then the other tests that are neither heavy nor browser
    # tests; the heavy ones; the browser tests, the longest first; last, the test marked
    # "last", which reads what the in-process tests recorded.
    def rank(nodeid: str) -> tuple[int, int]:
        if "test_schemathesis.py" in nodeid:
            return (0, 0)
        if is_browser(nodeid):
            file = nodeid.partition("::")[0]
            longest = BROWSER_LONGEST_FIRST
            return (3, longest.index(file) if file in longest else len(longest))
        return (2, 0) if is_heavy(nodeid) else (1, 0)

    items.sort(key=lambda item: (item.get_closest_marker("last") is not None, rank(item.nodeid)))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With two workers (pytest-xdist, `make test`): one worker runs the rest (schemathesis
    first, then every in-process test, so that the test marked "last" reads the API
    answers all of them recorded: tests/api_answers.py), the other the heavy tests; then
    each takes the browser tests one by one as it runs out of work."""
    from xdist.scheduler import LoadScopeScheduling

    class HeavyApartFromBrowsers(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if is_browser(nodeid):
                return nodeid
            return "heavy" if is_heavy(nodeid) else "the rest"

    config.option.loadscopereorder = False  # hand out the scopes in the order above
    return HeavyApartFromBrowsers(config, log)


@pytest.fixture(autouse=True)
def _no_browser_beside_a_heavy_test(request, tmp_path_factory):
    """In two workers, no browser test runs beside a heavy test: each takes a lock file
    that both workers share, a heavy test alone, browser tests together. The heavy tests
    are scheduled first, so that the lock seldom makes either wait."""
    nodeid = request.node.nodeid
    how = fcntl.LOCK_EX if is_heavy(nodeid) else fcntl.LOCK_SH if is_browser(nodeid) else 0
    if not how or "PYTEST_XDIST_WORKER" not in os.environ:
        yield
        return
    # The workers' temporary folders share a parent: the run's own.
    with open(tmp_path_factory.getbasetemp().parent / "heavy-or-browser.lock", "w") as lock:
        fcntl.flock(lock, how)
        yield  # closing the file releases the lock


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs):
    """Each worker its own Redis database (the one REDIS_URL names, then the next ones):
    a test's cache.clear() must not wipe the counts that another worker's servers keep."""
    url = os.environ.get("REDIS_URL")
    if url:
        base, _, number = url.rpartition("/")
        for offset, spec in enumerate(specs):
            spec.env["REDIS_URL"] = f"{base}/{int(number or 0) + offset}"
