"""Rate limits: failed logins and sign-ups per client address, 429 with Retry-After."""

import os
import re
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest
from django.core.cache import cache
from ninja.conf import settings as ninja_settings

from accounts.throttling import FailedLoginThrottle, LoginThrottleBackend, SignupThrottle
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def login(client, email, password, address="10.0.0.1"):
    return client.post(
        "/api/users/token", {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_repeated_failed_logins_get_429_with_retry_after(client, user, settings):
    settings.THROTTLE_LOGIN_RATE = "3/min"
    for _ in range(3):
        assert login(client, user.email, "wrong").status_code == HTTPStatus.UNAUTHORIZED

    response = login(client, user.email, "wrong")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response.json() == {"detail": "Too many requests."}
    assert 0 < int(response["Retry-After"]) <= 60
    # Locked out for now, even with the right password: the guesses must stop.
    assert login(client, user.email, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_successful_logins_are_never_counted(client, user, settings):
    settings.THROTTLE_LOGIN_RATE = "2/min"
    for _ in range(10):
        assert login(client, user.email, PASSWORD).status_code == HTTPStatus.OK

    assert login(client, user.email, "wrong").status_code == HTTPStatus.UNAUTHORIZED


def test_one_clients_failures_never_throttle_another(client, user, settings):
    settings.THROTTLE_LOGIN_RATE = "2/min"
    for _ in range(5):
        login(client, user.email, "wrong", address="10.6.6.6")

    assert login(client, user.email, PASSWORD, address="10.0.0.2").status_code == HTTPStatus.OK


def test_a_spoofed_forwarded_for_header_is_not_trusted(client, user, settings):
    settings.THROTTLE_LOGIN_RATE = "2/min"
    for i in range(4):
        client.post(
            "/api/users/token",
            {"username": user.email, "password": "wrong"},
            REMOTE_ADDR="10.6.6.6",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )

    assert login(client, user.email, "wrong", address="10.6.6.6").status_code == 429


def test_behind_a_proxy_the_forwarded_address_is_the_client(client, user, settings, monkeypatch):
    settings.THROTTLE_LOGIN_RATE = "2/min"
    # DJANGO_NUM_PROXIES=1 (Ninja reads its NINJA_NUM_PROXIES setting once, at import).
    monkeypatch.setattr(ninja_settings, "NUM_PROXIES", 1)
    for _ in range(3):
        client.post(
            "/api/users/token",
            {"username": user.email, "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )

    other_client = client.post(
        "/api/users/token",
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )

    assert other_client.status_code == HTTPStatus.OK


def test_signups_are_rate_limited(json_client, settings):
    settings.THROTTLE_SIGNUP_RATE = "2/hour"
    for i in range(2):
        body = {"username": f"u{i}", "email": f"u{i}@example.com", "password": PASSWORD}
        assert json_client.post("/api/users", body).status_code == HTTPStatus.CREATED

    body = {"username": "u9", "email": "u9@example.com", "password": PASSWORD}
    response = json_client.post("/api/users", body)

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Retry-After" in response


def test_429_is_documented_for_the_throttled_operations(client):
    paths = client.get("/api/openapi.json").json()["paths"]

    assert "429" in paths["/api/users"]["post"]["responses"]
    assert "429" in paths["/api/users/token"]["post"]["responses"]


# ---- One guard for every login: the API's token endpoint and the admin's form ----------


def admin_login(client, email, password, address="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def staff(db):
    return make_user("staff", is_staff=True, is_superuser=True)


def test_the_admin_form_says_to_wait_past_the_limit(client, staff, settings):
    settings.THROTTLE_LOGIN_RATE = "3/min"
    for _ in range(3):
        response = admin_login(client, staff.email, "wrong")
        assert response.status_code == HTTPStatus.OK
        assert "Please enter the correct email" in response.content.decode()

    response = admin_login(client, staff.email, PASSWORD)  # even the right password

    assert response.status_code == HTTPStatus.OK  # the form again, not logged in
    assert re.search(
        r"Too many failed logins from your address\. Wait \d+ seconds", response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_failed_admin_logins_count_against_the_api(client, staff, settings):
    settings.THROTTLE_LOGIN_RATE = "3/min"
    for _ in range(3):
        admin_login(client, staff.email, "wrong")

    assert login(client, staff.email, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_failed_api_logins_count_against_the_admin(client, staff, settings):
    settings.THROTTLE_LOGIN_RATE = "3/min"
    for _ in range(3):
        assert login(client, staff.email, "wrong").status_code == HTTPStatus.UNAUTHORIZED

    response = admin_login(client, staff.email, PASSWORD)

    assert "Too many failed logins" in response.content.decode()


def test_forty_wrong_admin_passwords_are_stopped(client, staff, settings):
    settings.THROTTLE_LOGIN_RATE = "20/min"
    answers = [admin_login(client, staff.email, f"guess-{i}").content.decode() for i in range(40)]

    assert sum("Too many failed logins" in answer for answer in answers) == 20


def test_successful_admin_logins_are_never_counted(client, staff, settings):
    settings.THROTTLE_LOGIN_RATE = "2/min"
    for _ in range(5):
        assert admin_login(client, staff.email, PASSWORD).status_code == HTTPStatus.FOUND
        client.logout()

    assert login(client, staff.email, PASSWORD).status_code == HTTPStatus.OK


def test_a_throttle_keeps_each_threads_request_apart(rf, settings):
    """One throttle object serves every request to its operation; in a threaded server
    (runserver, the production server) a request checked in one thread must not see
    another thread's answer between Ninja's allow_request() and wait()."""
    settings.THROTTLE_SIGNUP_RATE = "1/min"
    throttle = SignupThrottle()
    first = rf.post("/api/users", REMOTE_ADDR="10.0.0.1")
    second = rf.post("/api/users", REMOTE_ADDR="10.0.0.2")

    with ThreadPoolExecutor(max_workers=1) as other_thread:  # one thread, kept throughout
        assert other_thread.submit(throttle.allow_request, first).result()

        # Meanwhile, this thread checks another address, up to its limit.
        assert throttle.allow_request(second)
        assert not throttle.allow_request(second)
        wait = throttle.wait()
        assert wait is not None
        assert 0 < wait <= 60

        assert other_thread.submit(throttle.wait).result() is None


# ---- Counted before they are tried: exact whatever the concurrency ---------------------


def test_logins_in_flight_at_once_cannot_pass_the_limit(rf, settings):
    """Each try is counted as it is let through, before any password is checked: ten
    logins arriving together from one address get three tries between them."""
    settings.THROTTLE_LOGIN_RATE = "3/min"
    throttle = FailedLoginThrottle()
    requests = [rf.post("/api/users/token", REMOTE_ADDR="10.0.0.1") for _ in range(10)]

    assert [throttle.allow_request(request) for request in requests] == [True] * 3 + [False] * 7


@pytest.fixture
def login_let_through(rf, settings):
    """A login's try, counted by the throttle (3 a minute) and let through: (throttle, request)."""
    settings.THROTTLE_LOGIN_RATE = "3/min"
    throttle = FailedLoginThrottle()
    request = rf.post("/api/users/token", REMOTE_ADDR="10.0.0.1")
    assert throttle.allow_request(request)
    return throttle, request


def test_a_right_password_gives_its_try_back(login_let_through, user):
    throttle, request = login_let_through
    key = throttle.get_cache_key(request)
    assert cache.get(key) == 1

    assert LoginThrottleBackend().authenticate(request, user.email, PASSWORD) == user

    assert cache.get(key) == 0
    # Given back once only, however often it authenticates.
    LoginThrottleBackend().authenticate(request, user.email, PASSWORD)
    assert cache.get(key) == 0


def test_a_wrong_password_keeps_its_try(login_let_through, user):
    throttle, request = login_let_through

    assert LoginThrottleBackend().authenticate(request, user.email, "wrong") is None

    assert cache.get(throttle.get_cache_key(request)) == 1


def test_a_try_given_back_after_its_window_ended_leaves_no_count(login_let_through, user):
    throttle, request = login_let_through
    key = throttle.get_cache_key(request)
    cache.delete(key)  # the window ends while the password is checked

    LoginThrottleBackend().authenticate(request, user.email, PASSWORD)

    assert cache.get(key) is None


needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL, as CI sets it"
)


def seconds_to_live(key: str) -> int:
    import redis

    return redis.Redis.from_url(os.environ["REDIS_URL"]).ttl(cache.make_key(key))


@needs_redis
def test_in_redis_the_count_ends_with_its_window(rf, settings):
    settings.THROTTLE_SIGNUP_RATE = "5/hour"
    throttle = SignupThrottle()
    request = rf.post("/api/users", REMOTE_ADDR="10.0.0.1")
    for _ in range(3):
        assert throttle.allow_request(request)
    key = throttle.get_cache_key(request)
    assert key is not None

    assert cache.get(key) == 3
    assert 3590 < seconds_to_live(key) <= 3600  # INCR kept the end add() gave it


@needs_redis
def test_in_redis_a_count_left_without_an_end_gets_one(rf, settings):
    """Redis's INCR on a key that expired a moment before makes one that never expires;
    the first try of a window gives it its end."""
    settings.THROTTLE_SIGNUP_RATE = "5/hour"
    throttle = SignupThrottle()
    request = rf.post("/api/users", REMOTE_ADDR="10.0.0.1")
    key = throttle.get_cache_key(request)
    assert key is not None
    cache.set(key, 0, timeout=None)  # as INCR leaves it
    assert seconds_to_live(key) == -1  # no end

    assert throttle.allow_request(request)

    assert 3590 < seconds_to_live(key) <= 3600
