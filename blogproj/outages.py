"""What the blog does when a part it depends on is down.

- The database: a request that cannot reach it, or that waited past the time limit for a
  statement or a lock (`statement_timeout`, `lock_timeout`, SQLite's busy timeout: see
  DATABASES in settings), answers 503 with Retry-After (JSON under /api, an HTML page
  elsewhere), not a 500 that reads like a bug, and the worker goes on serving. Django
  closes a broken connection at the end of the request, so the next request after the
  database returns simply reconnects.
- The cache: it only holds rate-limit counts, so when it is down the limits are off
  (fail open) and one warning says so; registration and login keep working.
"""

import logging
import sqlite3

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Seconds a client should wait before trying again: a database restart or fail-over.
RETRY_AFTER = 10
UNAVAILABLE = "Service temporarily unavailable"


def _cache_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [OSError]  # refused, reset, timed out
    try:
        import redis
    except ImportError:  # Redis is an optional extra; without it only sockets can fail
        pass
    else:
        errors.append(redis.RedisError)
    return tuple(errors)


# What a cache call raises when the cache server can't be reached or doesn't answer.
CACHE_ERRORS = _cache_errors()

# PostgreSQL's error codes for "could not reach the server" (SQLSTATE class 08 is
# "connection exception"); psycopg's own client-side failures have no code at all.
POSTGRES_OUTAGE_STATES = {
    "53300",  # too_many_connections
    "57P01",  # admin_shutdown
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now (starting up, recovering)
}
# ... and for "waited too long": the statement or the wait for a lock was cut off.
POSTGRES_TIMEOUT_STATES = {
    "57014",  # query_canceled (statement_timeout, or an operator's pg_cancel_backend)
    "55P03",  # lock_not_available (lock_timeout)
}


def is_database_outage(error: BaseException) -> bool:
    """True if `error` means the database can't serve this request right now.

    Connection refused, lost or timed out, the server shutting down, or a wait past the
    time limit (is_database_timeout). Any other database error (a bad query, a broken
    constraint) is a bug, and stays a 500.
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    driver_error = error.__cause__ or error
    if isinstance(driver_error, sqlite3.Error):
        name = getattr(driver_error, "sqlite_errorname", "")
        return name.startswith(("SQLITE_BUSY", "SQLITE_CANTOPEN"))
    if hasattr(driver_error, "sqlstate"):  # psycopg
        state = driver_error.sqlstate
        return (
            state is None
            or state.startswith("08")
            or state in POSTGRES_OUTAGE_STATES | POSTGRES_TIMEOUT_STATES
        )
    return False


def is_database_timeout(error: BaseException) -> bool:
    """True if the database answered, but a statement or a lock wait ran out of time:
    on SQLite a lock still held past the busy timeout, on PostgreSQL statement_timeout
    or lock_timeout."""
    driver_error = error.__cause__ or error
    if isinstance(driver_error, sqlite3.Error):
        return getattr(driver_error, "sqlite_errorname", "").startswith("SQLITE_BUSY")
    return getattr(driver_error, "sqlstate", None) in POSTGRES_TIMEOUT_STATES


def service_unavailable(request: HttpRequest, error: BaseException | None = None) -> HttpResponse:
    """The 503 for a database outage: JSON under /api, the site's error page elsewhere.

    With the error, it is logged in one line, without a traceback: an outage is not a bug.
    """
    if error is not None:
        why = " ".join(str(error).split())  # one line: psycopg's messages run over several
        if is_database_timeout(error):
            logger.warning("Database busy: %s %s timed out (%s)", request.method, request.path, why)
        else:
            logger.error("Database unavailable: %s %s (%s)", request.method, request.path, why)
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": UNAVAILABLE}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", request=request), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


class DatabaseOutageMiddleware:
    """Answers 503 instead of 500 when a page (or the admin) can't reach the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_database_outage(exception):
            return service_unavailable(request, exception)
        return None


class CacheHealth:
    """Says once, not on every request, that the cache went down (and that it came back)."""

    def __init__(self):
        self.down = False

    def failed(self, error: Exception) -> None:
        if not self.down:
            self.down = True
            logger.warning(
                "The cache is unavailable (%s: %s); rate limits are off until it is back.",
                type(error).__name__,
                error,
            )

    def answered(self) -> None:
        if self.down:
            self.down = False
            logger.warning("The cache is back; rate limits apply again.")


cache_health = CacheHealth()
