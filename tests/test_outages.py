"""A part that fails gets a clear answer: the database down is a 503 with Retry-After,
the cache down changes nothing a user sees. In-process here, with the failure raised
where the driver would raise it; tests/processes/test_fault_injection.py takes the parts away from
real servers."""

import logging
import runpy
import sqlite3
from http import HTTPStatus
from typing import cast

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import IntegrityError, InterfaceError, OperationalError, ProgrammingError
from django.db.backends.utils import CursorWrapper

from blogproj.outages import cache_health, is_database_outage, is_database_timeout
from posts.models import Post
from tests.factories import PASSWORD, bearer, make_user
from tests.faults import closed_port
from tests.operations import OPERATIONS
from tests.servers import BASE_DIR

pytestmark = pytest.mark.django_db


def sqlite_error(message: str, name: str) -> sqlite3.Error:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name
    return error


def wrapped(django_error: type[Exception], driver_error: Exception) -> Exception:
    """The error as Django raises it: its own class, the driver's error as the cause."""
    error = django_error(*driver_error.args)
    error.__cause__ = driver_error
    return error


OUTAGES = {
    "sqlite locked past the busy timeout": wrapped(
        OperationalError, sqlite_error("database is locked", "SQLITE_BUSY")
    ),
    "sqlite file unreachable": wrapped(
        OperationalError, sqlite_error("unable to open database file", "SQLITE_CANTOPEN")
    ),
    "postgres refused": wrapped(
        OperationalError, psycopg.OperationalError("connection failed: Connection refused")
    ),
    "postgres connection lost": wrapped(
        OperationalError, psycopg.errors.ConnectionFailure("server closed the connection")
    ),
    "postgres shutting down": wrapped(OperationalError, psycopg.errors.AdminShutdown()),
    "postgres starting up": wrapped(OperationalError, psycopg.errors.CannotConnectNow()),
    "postgres closed connection": wrapped(
        InterfaceError, psycopg.OperationalError("the connection is closed")
    ),
}
TIMEOUTS = {
    "sqlite locked past the busy timeout": OUTAGES["sqlite locked past the busy timeout"],
    "postgres statement timeout": wrapped(
        OperationalError,
        psycopg.errors.QueryCanceled("canceling statement due to statement timeout"),
    ),
    "postgres lock timeout": wrapped(
        OperationalError,
        psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"),
    ),
}

BUGS = {
    "sqlite no such table": wrapped(
        OperationalError, sqlite_error("no such table", "SQLITE_ERROR")
    ),
    "postgres syntax": wrapped(ProgrammingError, psycopg.errors.SyntaxError("syntax error")),
    "a broken constraint": wrapped(IntegrityError, psycopg.errors.UniqueViolation("duplicate")),
    "not a database error": ValueError("oops"),
}


@pytest.mark.parametrize("error", OUTAGES.values(), ids=OUTAGES.keys())
def test_cannot_reach_the_database_is_an_outage(error):
    assert is_database_outage(error)


@pytest.mark.parametrize("error", TIMEOUTS.values(), ids=TIMEOUTS.keys())
def test_a_statement_or_lock_wait_cut_off_by_its_time_limit_is_an_outage_too(error):
    assert is_database_outage(error)
    assert is_database_timeout(error)


@pytest.mark.parametrize("error", OUTAGES.values(), ids=OUTAGES.keys())
def test_a_timeout_is_told_apart_from_a_database_that_cannot_be_reached(error):
    assert is_database_timeout(error) == (error in TIMEOUTS.values())


@pytest.mark.parametrize("error", BUGS.values(), ids=BUGS.keys())
def test_other_database_errors_are_bugs(error):
    assert not is_database_outage(error)


def refuse(*args, **kwargs):
    """A query, as it fails when the database server can't be reached."""
    raise wrapped(
        OperationalError, psycopg.OperationalError("connection failed: Connection refused")
    )


@pytest.fixture
def database_down(monkeypatch):
    monkeypatch.setattr(CursorWrapper, "_execute_with_wrappers", refuse)


def assert_service_unavailable_json(response):
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {"detail": "Service temporarily unavailable"}
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_operation_answers_503_when_the_database_is_down(
    client, post, monkeypatch, operation
):
    headers = bearer(post.author)  # the token is made before the database goes away
    url = operation.url(user_id=post.author_id, post_id=post.pk)
    monkeypatch.setattr(CursorWrapper, "_execute_with_wrappers", refuse)

    assert_service_unavailable_json(operation.send(client, url, headers))


def test_api_writes_answer_503_and_store_nothing(json_client, client, user, monkeypatch):
    headers = bearer(user)  # the token is made before the database goes away
    before = Post.objects.count()

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "_execute_with_wrappers", refuse)
        create = json_client.post("/api/posts", {"title": "T", "content": "C"}, headers=headers)
        register = json_client.post(
            "/api/users", {"username": "new", "email": "new@example.com", "password": PASSWORD}
        )
        login = client.post("/api/users/token", {"username": user.email, "password": PASSWORD})

    for response in (create, register, login):
        assert_service_unavailable_json(response)
    assert Post.objects.count() == before


def test_a_page_answers_an_html_503_in_the_sites_layout(client, database_down):
    response = client.get("/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "reach its database" in html
    assert 'class="navbar' in html  # the site's layout, not a bare error
    assert "Traceback" not in html
    assert "OperationalError" not in html


def test_the_admin_answers_503_too(client, monkeypatch):
    client.force_login(make_user("staff", is_staff=True, is_superuser=True))
    monkeypatch.setattr(CursorWrapper, "_execute_with_wrappers", refuse)

    response = client.get("/admin/")  # its session is in the database

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE


def test_any_other_database_error_stays_a_500(json_client, monkeypatch):
    def bug(*args, **kwargs):
        raise wrapped(ProgrammingError, psycopg.errors.UndefinedColumn("no such column"))

    monkeypatch.setattr(CursorWrapper, "_execute_with_wrappers", bug)

    response = json_client.get("/api/posts")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.json() == {"detail": "Internal Server Error"}


def test_healthz_is_503_when_the_database_is_down(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["database"] == "unavailable"


# ---- The cache (rate limits only) -----------------------------------------------------


@pytest.fixture
def cache_down(settings):
    """Redis configured, and nothing listening where it should be."""
    settings.CACHES = {
        "default": {
            **cast(dict, django_settings.CACHES["default"]),
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    cache_health.down = False
    yield
    cache_health.down = False


def test_with_the_cache_down_registration_and_login_still_work(
    json_client, client, user, cache_down, caplog
):
    caplog.set_level(logging.WARNING, logger="blogproj.outages")
    body = {"username": "newcomer", "email": "newcomer@example.com", "password": PASSWORD}

    assert json_client.post("/api/users", body).status_code == HTTPStatus.CREATED
    for password, status in [(PASSWORD, 200), ("wrong", 401), ("wrong", 401), (PASSWORD, 200)]:
        response = client.post("/api/users/token", {"username": user.email, "password": password})
        assert response.status_code == status

    # One warning that names the cause, not one per request.
    warnings = [r for r in caplog.records if "cache is unavailable" in r.getMessage()]
    assert len(warnings) == 1
    assert "ConnectionError" in warnings[0].getMessage()


def test_the_admin_login_works_with_the_cache_down(client, cache_down):
    staff = make_user("staff", is_staff=True)

    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})

    assert response.status_code == HTTPStatus.FOUND


def test_healthz_stays_200_when_only_the_cache_is_down(client, cache_down):
    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "database": "ok", "cache": "unavailable"}


def test_the_redis_client_gives_up_within_half_a_second(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    production_settings = runpy.run_path(str(BASE_DIR / "blogproj" / "settings.py"))

    options = production_settings["CACHES"]["default"]["OPTIONS"]
    assert 0 < options["socket_connect_timeout"] <= 0.5
    assert 0 < options["socket_timeout"] <= 0.5


def test_postgres_connections_give_up_within_five_seconds(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/blog")
    production_settings = runpy.run_path(str(BASE_DIR / "blogproj" / "settings.py"))

    assert 0 < production_settings["DATABASES"]["default"]["OPTIONS"]["connect_timeout"] <= 5


def test_postgres_statements_and_lock_waits_are_bounded_well_inside_the_worker_timeout(
    monkeypatch,
):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/blog")
    production_settings = runpy.run_path(str(BASE_DIR / "blogproj" / "settings.py"))

    options = production_settings["DATABASES"]["default"]["OPTIONS"]
    assert options["options"] == "-c statement_timeout=5s -c lock_timeout=2s"


@pytest.mark.parametrize(
    ("query", "startup_options"),
    [
        ("?lock_timeout=500ms", "-c statement_timeout=5s -c lock_timeout=500ms"),
        ("?statement_timeout=30000", "-c statement_timeout=30000 -c lock_timeout=2s"),
        (
            "?options=-c%20search_path%3Dblog",
            "-c statement_timeout=5s -c lock_timeout=2s -c search_path=blog",
        ),
        # 0 sends none: the role's or the database's own setting applies (PgBouncer).
        ("?statement_timeout=0&lock_timeout=0", None),
    ],
)
def test_the_time_limits_are_set_in_database_url(monkeypatch, query, startup_options):
    monkeypatch.setenv("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/blog{query}")
    production_settings = runpy.run_path(str(BASE_DIR / "blogproj" / "settings.py"))

    options = production_settings["DATABASES"]["default"]["OPTIONS"]
    assert options.get("options") == startup_options
    assert "statement_timeout" not in options
    assert "lock_timeout" not in options


def test_sqlite_waits_a_few_seconds_for_a_busy_writer(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    production_settings = runpy.run_path(str(BASE_DIR / "blogproj" / "settings.py"))

    assert 0 < production_settings["DATABASES"]["default"]["OPTIONS"]["timeout"] <= 5


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "blogproj.postgresql",
    reason="needs DATABASE_URL (PostgreSQL), as CI sets it",
)
def test_on_postgres_a_statement_past_its_limit_is_cut_off_as_an_outage():
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("5s",)
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone() == ("2s",)

    def sleep_past_the_limit():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = '50ms'")
            cursor.execute("SELECT pg_sleep(2)")

    with pytest.raises(OperationalError) as cut_off:
        sleep_past_the_limit()

    assert is_database_outage(cut_off.value)
    assert is_database_timeout(cut_off.value)


def test_an_api_request_cut_off_by_a_time_limit_answers_503_with_a_warning(
    json_client, post, monkeypatch, caplog
):
    def lock_timeout(*args, **kwargs):
        raise TIMEOUTS["postgres lock timeout"]

    monkeypatch.setattr(CursorWrapper, "_execute_with_wrappers", lock_timeout)
    with caplog.at_level(logging.WARNING, logger="blogproj.outages"):
        response = json_client.patch(f"/api/posts/{post.pk}", {"title": "T"}, user=post.author)

    assert_service_unavailable_json(response)
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        f"Database busy: PATCH /api/posts/{post.pk} timed out "
        "(canceling statement due to lock timeout)"
    )
    assert record.exc_info is None
