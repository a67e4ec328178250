"""What the blog does when a part it depends on is down.

- The database: a request that cannot reach it answers 503 with Retry-After (JSON under
  /api, an HTML page elsewhere), not a 500 that reads like a bug. Django closes a broken
  connection at the end of the request, so the next request after the database returns
  simply reconnects.
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


def is_database_outage(error: BaseException) -> bool:
    """True if `error` means the database can't be reached right now.

    Connection refused, lost or timed out, the server shutting down, or on SQLite a
    lock still held past the busy timeout. Any other database error (a bad query, a
    broken constraint) is a bug, and stays a 500.
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    driver_error = error.__cause__ or error
    if isinstance(driver_error, sqlite3.Error):
        name = getattr(driver_error, "sqlite_errorname", "")
        return name.startswith(("SQLITE_BUSY", "SQLITE_CANTOPEN"))
    if hasattr(driver_error, "sqlstate"):  # psycopg
        state = driver_error.sqlstate
        return state is None or state.startswith("08") or state in POSTGRES_OUTAGE_STATES
    return False


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 for a database outage: JSON under /api, the site's error page elsewhere."""
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
            logger.error("Database unavailable: %s (%s)", request.path, exception)
            return service_unavailable(request)
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
