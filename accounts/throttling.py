"""Rate limits on the two endpoints an attacker hammers: sign-up and (failed) login.

Counts live in Django's cache, keyed by client address: with REDIS_URL set, every worker
of every app server counts against the same numbers. The rates are settings
(THROTTLE_LOGIN_RATE, THROTTLE_SIGNUP_RATE), in Ninja's syntax such as "10/min".

Each try is counted atomically before it is let through (`cache.add` starts a window,
`cache.incr` counts in it: Redis's INCR), so no more than the limit are ever tried in a
window, however many requests arrive at once. Ninja's own throttles, like DRF's, read a
history, decide, then write it back: requests in flight at the same moment all pass
before any of them is recorded.

The cache holds nothing but these counts, so when it can't be reached the limits are off
(fail open, with one warning in the log) rather than registration and login failing.
"""

import threading
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle

from blogproj.outages import CACHE_ERRORS, cache_health


class PerThread:
    """An attribute whose value each thread keeps for itself."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, throttle, owner=None):
        if throttle is None:
            return self
        return getattr(throttle.per_thread, self.name, None)

    def __set__(self, throttle, value):
        setattr(throttle.per_thread, self.name, value)


class WindowThrottle(AnonRateThrottle):
    """At most N tries per client address in a window of the rate's length.

    The window starts with an address's first try and ends a full period later, when
    the count goes with it. The rate is read from a setting on every request, so that
    an operator's setting, or a test's, applies without re-importing the API.
    """

    rate_setting: str
    cache_format = "tries:%(scope)s:%(ident)s"  # an integer (lists under the old names)

    # Ninja asks allow_request(request), then wait() with no request, of the one throttle
    # that serves every request to its operation: in a threaded server (runserver, the
    # production server) the answer for one request must not reach another's wait().
    retry_after = PerThread()

    def __init__(self):
        self.per_thread = threading.local()
        super().__init__(rate=getattr(settings, self.rate_setting))

    def allow_request(self, request: HttpRequest) -> bool:
        self.num_requests, self.duration = self.parse_rate(getattr(settings, self.rate_setting))
        self.retry_after = None
        key = self.get_cache_key(request)
        if key is None or self.num_requests is None:
            return True
        try:
            tries = self.count_try(key)
            if tries > self.num_requests:
                self.retry_after = self.seconds_left(key)
                return False
        except CACHE_ERRORS as error:
            cache_health.failed(error)
            return True
        cache_health.answered()
        self.tried(request, key)
        return True

    def wait(self) -> float | None:
        return self.retry_after

    def count_try(self, key: str) -> int:
        """Adds this try to the address's count, starting a window if there is none."""
        duration = self.duration or 1
        if self.cache.add(key, 0, duration):
            self.cache.set(f"{key}:start", time.time(), duration)  # for Retry-After
        try:
            tries = self.cache.incr(key)
        except ValueError:  # the window ended between add() and incr(): start the next
            self.cache.add(key, 0, duration)
            tries = self.cache.incr(key)
        if tries == 1:
            # Redis's INCR on a key that expired just before it makes one that never
            # expires: give the window its end again.
            self.cache.touch(key, duration)
        return tries

    def seconds_left(self, key: str) -> float:
        duration = self.duration or 1
        started = self.cache.get(f"{key}:start")
        if started is None:
            return duration
        return min(duration, max(1.0, started + duration - time.time()))

    def tried(self, request: HttpRequest, key: str) -> None:
        """Called for each try let through."""


class SignupThrottle(WindowThrottle):
    """Every sign-up counts, accepted or not."""

    scope = "signup"
    rate_setting = "THROTTLE_SIGNUP_RATE"


class FailedLoginThrottle(WindowThrottle):
    """Counts only failed logins, so a user who types the right password is never slowed.

    It is asked before a login is tried: by Ninja before the token endpoint runs (429
    with Retry-After once the address has failed too often), and by the admin's login
    form (accounts/admin.py), so both share one count. Each try is counted up front, so
    that logins in flight at once can't all slip past the limit; a right password gives
    its try back (LoginThrottleBackend below).
    """

    scope = "login"
    rate_setting = "THROTTLE_LOGIN_RATE"

    def tried(self, request: HttpRequest, key: str) -> None:
        request.login_try = key  # type: ignore[attr-defined]

    def give_back(self, request: HttpRequest) -> None:
        key = getattr(request, "login_try", None)
        if key is None:
            return  # no try was counted for this login
        del request.login_try  # type: ignore[attr-defined]
        try:
            if self.cache.decr(key) < 0:
                # The window ended before the login did: DECR made a new count without
                # an end. Nothing to give back to.
                self.cache.delete(key)
        except ValueError:  # the window ended: nothing to give back to
            pass
        except CACHE_ERRORS as error:
            cache_health.failed(error)


failed_login_throttle = FailedLoginThrottle()
signup_throttle = SignupThrottle()


class LoginThrottleBackend(ModelBackend):
    """Django's ModelBackend (email and password), giving back the try that the login
    throttle counted when the password is right: the API's token endpoint and the
    admin's login form both authenticate through it (AUTHENTICATION_BACKENDS)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username, password, **kwargs)
        if user is not None and request is not None:
            failed_login_throttle.give_back(request)
        return user
