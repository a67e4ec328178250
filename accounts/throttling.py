"""Rate limits on the two endpoints an attacker hammers: sign-up and (failed) login.

Counts live in Django's cache, keyed by client address: with REDIS_URL set, every app
server counts against the same numbers. The rates are settings
(THROTTLE_LOGIN_RATE, THROTTLE_SIGNUP_RATE), in Ninja's syntax such as "10/min".

The cache holds nothing but these counts, so when it can't be reached the limits are off
(fail open, with one warning in the log) rather than registration and login failing.
"""

import threading
import time

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
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


class SettingRateThrottle(AnonRateThrottle):
    """Ninja's per-address throttle, its rate read from a setting on every request
    (so that an operator's setting, or a test's, applies without re-importing the API)."""

    rate_setting: str

    # Ninja keeps the request being checked in the throttle's attributes, and one
    # throttle serves every request to its operation: in a threaded server (runserver,
    # gunicorn --threads) two requests at once would mix their addresses and counts.
    key = PerThread()
    history = PerThread()
    now = PerThread()

    def __init__(self):
        self.per_thread = threading.local()
        super().__init__(rate=getattr(settings, self.rate_setting))

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.rate_setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            allowed = super().allow_request(request)
        except CACHE_ERRORS as error:
            cache_health.failed(error)
            return True
        cache_health.answered()
        return allowed


class SignupThrottle(SettingRateThrottle):
    scope = "signup"
    rate_setting = "THROTTLE_SIGNUP_RATE"


class FailedLoginThrottle(SettingRateThrottle):
    """Counts only failed logins, so a user who types the right password is never slowed.

    It is asked before a login is tried: by Ninja before the token endpoint runs (429
    with Retry-After once the address has failed too often), and by the admin's login
    form (accounts/admin.py). Every failed login, through either, is counted by
    count_failed_login() below.
    """

    scope = "login"
    rate_setting = "THROTTLE_LOGIN_RATE"

    def throttle_success(self) -> bool:
        return True  # checking the count is not adding to it

    def record_failure(self, request: HttpRequest) -> None:
        key, now = self.get_cache_key(request), time.time()
        duration = self.duration or 0  # parsed from the rate setting in __init__
        try:
            recent = [t for t in self.cache.get(key, []) if t > now - duration]
            self.cache.set(key, [now, *recent], duration)
        except CACHE_ERRORS as error:
            cache_health.failed(error)


failed_login_throttle = FailedLoginThrottle()
signup_throttle = SignupThrottle()


@receiver(user_login_failed)
def count_failed_login(sender, credentials, request: HttpRequest | None = None, **kwargs):
    """Django's authenticate() announces every wrong password: the API's token endpoint
    and the admin's login form count against the same per-address limit."""
    if request is not None:
        FailedLoginThrottle().record_failure(request)
