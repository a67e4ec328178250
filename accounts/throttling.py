"""Rate limits on the two endpoints an attacker hammers: sign-up and (failed) login.

Counts live in Django's cache, keyed by client address: with REDIS_URL set, every app
server counts against the same numbers. The rates are settings
(THROTTLE_LOGIN_RATE, THROTTLE_SIGNUP_RATE), in Ninja's syntax such as "10/min".
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle


class SettingRateThrottle(AnonRateThrottle):
    """Ninja's per-address throttle, its rate read from a setting on every request
    (so that an operator's setting, or a test's, applies without re-importing the API)."""

    rate_setting: str

    def __init__(self):
        super().__init__(rate=getattr(settings, self.rate_setting))

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.rate_setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class SignupThrottle(SettingRateThrottle):
    scope = "signup"
    rate_setting = "THROTTLE_SIGNUP_RATE"


class FailedLoginThrottle(SettingRateThrottle):
    """Counts only failed logins, so a user who types the right password is never slowed.

    Ninja asks allow_request() before the token endpoint runs (429 with Retry-After
    once the address has failed too often); the endpoint calls record_failure().
    """

    scope = "login"
    rate_setting = "THROTTLE_LOGIN_RATE"

    def throttle_success(self) -> bool:
        return True  # checking the count is not adding to it

    def record_failure(self, request: HttpRequest) -> None:
        key = self.get_cache_key(request)
        now = self.timer()
        recent = [t for t in self.cache.get(key, []) if t > now - self.duration]
        self.cache.set(key, [now, *recent], self.duration)


failed_login_throttle = FailedLoginThrottle()
signup_throttle = SignupThrottle()
