"""Settings for the blog: one module, configured from the environment.

With no environment at all it runs locally with debug on, SQLite and the local-memory
cache, like a fresh `startproject`. Production sets the variables documented in
docs/deploy.md (the FastAPI app reads its config.py from the environment the same way).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


def env_required(name: str, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}: {why}.")
    return value


# Debug is on for local development, as startproject does; production turns it off.
DEBUG = env_bool("DJANGO_DEBUG", True)

if DEBUG:
    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY", "django-insecure-local-development-only-0123456789abcdef"
    )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
else:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY", "it signs sessions and tokens")
    ALLOWED_HOSTS = [
        host.strip()
        for host in env_required("DJANGO_ALLOWED_HOSTS", "the host names it answers to").split(",")
    ]

# Old keys, comma-separated, still accepted while signed data made with them is about:
# how SECRET_KEY is rotated (https://docs.djangoproject.com/en/stable/topics/signing/).
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])


# Application definition

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # serves the docs' Swagger UI files locally, so /api/docs works offline
    "accounts",
    "posts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "blogproj.middleware.api_errors_as_json",
    "blogproj.outages.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "blogproj.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blogproj.context_processors.form_limits",
            ],
        },
    },
]

WSGI_APPLICATION = "blogproj.wsgi.application"


# Database: SQLite file by default, anything dj-database-url understands otherwise
# (e.g. postgres://user@127.0.0.1:5432/blog).

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Fit for a web server: readers don't block the writer (WAL), a write transaction
    # takes the lock up front (IMMEDIATE) and a busy writer is waited for (up to
    # `timeout` seconds, then a 503: blogproj/outages.py), not failed at once.
    default_options = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check of the kept connection that costs no round
    # trip (blogproj/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "blogproj.postgresql"
    default_options = {
        # An unreachable server fails the request within seconds (a 503) instead of
        # holding one of the server's threads.
        "connect_timeout": 5,
        # Parameters bound by the server, so that psycopg prepares the statements a
        # connection runs again and again (the token's user, one post): planned once, not
        # on every request. Behind PgBouncer in transaction mode, turn it off with
        # `?server_side_binding=false` in DATABASE_URL.
        "server_side_binding": True,
    }
else:
    default_options = {"connect_timeout": 5}
# Options in the URL (e.g. `?timeout=5`, `?sslmode=require`) win over these defaults.
DATABASES["default"]["OPTIONS"] = default_options | DATABASES["default"].get("OPTIONS", {})

if DATABASES["default"]["ENGINE"] == "blogproj.postgresql":
    # Bounded waits: no statement, and no wait for a lock another session holds (a long
    # transaction, a migration, an operator's psql), may keep a thread past these; one cut
    # off answers 503 (blogproj/outages.py). Sent as the connection's startup options;
    # `?statement_timeout=30s&lock_timeout=10s` in DATABASE_URL changes them, and 0 sends
    # none, leaving the server's (the role's or the database's) own setting: behind
    # PgBouncer, which refuses startup options (docs/deploy.md).
    options = DATABASES["default"]["OPTIONS"]
    limits = {"statement_timeout": "5s", "lock_timeout": "2s"}
    startup = [
        f"-c {name}={value}"
        for name, default in limits.items()
        if (value := options.pop(name, default)) not in (0, "0")
    ]
    if startup or "options" in options:
        options["options"] = " ".join([*startup, options.get("options", "")]).strip()


# Cache: shared Redis when REDIS_URL is set (several app servers see the same values),
# the per-process local-memory cache otherwise. It holds only rate-limit counts: when
# Redis is down or hung, a request gives up on it within half a second and goes on
# without the limits (accounts/throttling.py).

if os.environ.get("REDIS_URL"):
    default_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
else:
    default_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": default_cache,
    # The pages kept once rendered (blogproj/page_cache.py): in each process's own memory,
    # whatever the default cache is; at most 1,000 (10 to 15 MB), the least used dropped
    # first.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}


# Users and passwords

AUTH_USER_MODEL = "accounts.User"

# Django's ModelBackend, which also gives a right password's try back to the failed-login
# limit (accounts/throttling.py).
AUTHENTICATION_BACKENDS = ["accounts.throttling.LoginThrottleBackend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Used by createsuperuser, changepassword and the admin; the API applies the
# tutorial's own rule (at least 8 characters) in its schema.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# JSON Web Tokens (accounts/auth.py). The same variable name as the FastAPI app's config.
# To rotate the key without logging everyone out, move the old one to the fallbacks
# (comma-separated): tokens it signed are accepted until they expire (docs/deploy.md).
# Without JWT_SECRET_KEY, tokens are signed with SECRET_KEY and its fallbacks.
if os.environ.get("JWT_SECRET_KEY"):
    JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]
    JWT_SECRET_KEY_FALLBACKS = env_list("JWT_SECRET_KEY_FALLBACKS", [])
else:
    JWT_SECRET_KEY = SECRET_KEY
    JWT_SECRET_KEY_FALLBACKS = SECRET_KEY_FALLBACKS
JWT_ACCESS_TOKEN_LIFETIME = timedelta(
    minutes=int(os.environ.get("ACCESS_TOKEN_EXPIRE_MINUTES", "30"))
)

# Rate limits per client address (accounts/throttling.py), in Ninja's syntax ("10/min").
# Failed logins only: a brute-force guard that never slows a user with the right password.
# Sign-ups: generous enough for a classroom or an office signing up behind one address.
THROTTLE_LOGIN_RATE = os.environ.get("THROTTLE_LOGIN_RATE", "20/min")
THROTTLE_SIGNUP_RATE = os.environ.get("THROTTLE_SIGNUP_RATE", "200/hour")
# How many proxies in front set X-Forwarded-For (1 behind nginx). 0 trusts no such header:
# the client address is the connection's.
NINJA_NUM_PROXIES = int(os.environ.get("DJANGO_NUM_PROXIES", "0"))


# Internationalization

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False  # an English-only site: no translation lookups on every date and label
USE_TZ = True


# Static files (CSS, JavaScript, images), served by WhiteNoise

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (after collectstatic);
        # plain files straight from static/ while developing.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "blogproj.storage.StaticFilesStorage",
    },
}


# Security for production: HTTPS only, behind a TLS-terminating proxy that sets
# X-Forwarded-Proto. A plain-HTTP load test on loopback may set
# DJANGO_SECURE_SSL_REDIRECT=false.

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True


# The login token lives in localStorage, where any script on the page could read it: so
# no script runs unless it is one of our files (no inline code, no other origin), on
# every page, the docs and the admin included. data: images are Bootstrap's SVG icons.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {
        # A 503 is logged once, by blogproj/outages.py, which says why: not again as
        # Django's "Service Unavailable" error.
        "not_a_503": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: getattr(record, "status_code", None) != 503,
        },
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        # Errors with their tracebacks go to stderr, where systemd or the container runtime
        # collects them.
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "django.request": {"filters": ["not_a_503"]},
    },
}
