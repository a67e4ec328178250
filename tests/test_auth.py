"""Bearer tokens: what accounts/auth.py issues, and every way a token is refused."""

import runpy
import uuid
from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import jwt
import pytest
from django.conf import settings

from accounts.auth import create_access_token, verify_access_token
from blogproj import settings as project_settings
from tests.factories import PASSWORD, make_user
from tests.servers import BASE_DIR

pytestmark = pytest.mark.django_db


def sign(claims, key=None, algorithm="HS256"):
    return jwt.encode(claims, key or settings.JWT_SECRET_KEY, algorithm=algorithm)


def in_30_minutes():
    return datetime.now(UTC) + timedelta(minutes=30)


def claims(user, **changes):
    """A valid token's claims for `user`, changed; a None value drops the claim."""
    valid = {
        "sub": str(user.pk),
        "exp": in_30_minutes(),
        "iat": datetime.now(UTC),
        "jti": uuid.uuid4().hex,
        "ver": user.token_version,
    }
    return {k: v for k, v in {**valid, **changes}.items() if v is not None}


def test_token_is_hs256_with_sub_and_30_minute_exp(user):
    token = create_access_token(user)

    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    decoded = jwt.decode(token, settings.JWT_SECRET_KEY, algorithms=["HS256"])
    assert decoded["sub"] == str(user.pk)
    lifetime = datetime.fromtimestamp(decoded["exp"], UTC) - datetime.now(UTC)
    assert timedelta(minutes=29) < lifetime <= timedelta(minutes=30)


def test_every_token_has_its_own_jti_and_its_issue_time(user):
    first, second = (
        jwt.decode(create_access_token(user), settings.JWT_SECRET_KEY, algorithms=["HS256"])
        for _ in range(2)
    )

    assert first["jti"] != second["jti"]
    assert len(first["jti"]) >= 16
    issued = datetime.fromtimestamp(first["iat"], UTC)
    assert timedelta(0) <= datetime.now(UTC) - issued < timedelta(minutes=1)


def test_token_lifetime_comes_from_settings(user, settings):
    settings.JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=5)

    decoded = jwt.decode(create_access_token(user), settings.JWT_SECRET_KEY, algorithms=["HS256"])

    assert datetime.fromtimestamp(decoded["exp"], UTC) - datetime.now(UTC) <= timedelta(minutes=5)


def test_a_valid_token_is_accepted(json_client, user):
    assert json_client.get("/api/users/me", user=user).status_code == HTTPStatus.OK


def test_the_scheme_word_is_case_insensitive(json_client, user):
    headers = {"Authorization": f"bearer {create_access_token(user)}"}

    assert json_client.get("/api/users/me", headers=headers).status_code == HTTPStatus.OK


def unsigned_token(user):
    # alg "none": a forged token that carries no signature at all.
    return jwt.encode(claims(user), None, algorithm="none")


BAD_TOKENS = {
    "garbage": lambda user: "not.a.jwt",
    "empty": lambda user: "",
    "wrong signature": lambda user: sign(claims(user), key="another-secret-another-secret-32"),
    "alg none": unsigned_token,
    "HS512 with our key": lambda user: sign(claims(user), algorithm="HS512"),
    "expired": lambda user: sign(claims(user, exp=datetime.now(UTC) - timedelta(seconds=1))),
    "no exp": lambda user: sign(claims(user, exp=None)),
    "no sub": lambda user: sign(claims(user, sub=None)),
    "no iat": lambda user: sign(claims(user, iat=None)),
    "no jti": lambda user: sign(claims(user, jti=None)),
    "numeric jti": lambda user: sign(claims(user, jti=12345)),
    "overlong jti": lambda user: sign(claims(user, jti="x" * 65)),
    "issued in the future": lambda user: sign(claims(user, iat=in_30_minutes())),
    "no ver": lambda user: sign(claims(user, ver=None)),
    "string ver": lambda user: sign(claims(user, ver="0")),
    "not the current ver": lambda user: sign(claims(user, ver=user.token_version + 1)),
    "non-integer sub": lambda user: sign(claims(user, sub="alice")),
    "numeric sub": lambda user: sign(claims(user, sub=user.pk)),
    "sub beyond 64 bits": lambda user: sign(claims(user, sub="9" * 30)),
    "deleted user": lambda user: sign(claims(user, sub="424242")),
    "tampered payload": lambda user: tamper(create_access_token(user)),
}


def tamper(token):
    header, payload, signature = token.split(".")
    return ".".join([header, payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB"), signature])


@pytest.mark.parametrize("make_token", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_a_bad_token_is_401_with_www_authenticate(json_client, user, make_token):
    headers = {"Authorization": f"Bearer {make_token(user)}"}

    response = json_client.get("/api/users/me", headers=headers)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": "Could not validate credentials"}


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Basic YWxpY2U6c2VjcmV0", "Token abc", "bearer-abc", "JWT abc"],
)
def test_no_bearer_token_is_401_not_authenticated(json_client, user, header):
    headers = {} if header is None else {"Authorization": header}

    response = json_client.get("/api/users/me", headers=headers)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"] in {"Not authenticated", "Could not validate credentials"}


def test_token_of_a_deleted_user_is_401(json_client, user):
    headers = {"Authorization": f"Bearer {create_access_token(user)}"}
    user.delete()

    response = json_client.get("/api/users/me", headers=headers)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"


def test_token_of_a_deactivated_user_is_401_at_once(json_client, user):
    headers = {"Authorization": f"Bearer {create_access_token(user)}"}
    user.is_active = False
    user.save()

    response = json_client.get("/api/users/me", headers=headers)

    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_verify_access_token_returns_the_user_id(user):
    verified = verify_access_token(create_access_token(user))
    assert verified is not None
    assert verified.user_id == user.pk


def test_verify_access_token_returns_none_when_invalid():
    assert verify_access_token("nope") is None


def test_passwords_are_hashed_with_argon2_by_default(settings):
    # The autouse fixture swaps in a fast hasher; put the project's own list back.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS

    user = make_user("argon")

    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)


# ---- Rotating the signing key (JWT_SECRET_KEY_FALLBACKS) ---------------------------------


OLD_KEY = "the-old-signing-key-" + "o" * 40


def test_a_token_signed_with_a_fallback_key_is_accepted(json_client, user, settings):
    settings.JWT_SECRET_KEY_FALLBACKS = [OLD_KEY]
    token = sign(claims(user), key=OLD_KEY)

    response = json_client.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == HTTPStatus.OK


def test_new_tokens_are_signed_with_the_current_key(user, settings):
    settings.JWT_SECRET_KEY_FALLBACKS = [OLD_KEY]
    token = create_access_token(user)

    assert jwt.decode(token, settings.JWT_SECRET_KEY, algorithms=["HS256"])["sub"] == str(user.pk)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, OLD_KEY, algorithms=["HS256"])


def test_without_the_fallback_the_old_keys_tokens_are_refused(json_client, user, settings):
    settings.JWT_SECRET_KEY_FALLBACKS = []
    token = sign(claims(user), key=OLD_KEY)

    response = json_client.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_a_fallback_keys_token_still_expires(user, settings):
    settings.JWT_SECRET_KEY_FALLBACKS = [OLD_KEY]
    expired = sign(claims(user, exp=datetime.now(UTC) - timedelta(seconds=1)), key=OLD_KEY)
    unknown = sign(claims(user), key="some-other-key-" + "x" * 40)

    assert verify_access_token(expired) is None
    assert verify_access_token(unknown) is None


def production_settings(monkeypatch, **environment):
    for name in ("JWT_SECRET_KEY", "JWT_SECRET_KEY_FALLBACKS", "DJANGO_SECRET_KEY_FALLBACKS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_DIR / "blogproj" / "settings.py"))


def test_the_fallbacks_are_a_comma_separated_variable(monkeypatch):
    rotated = production_settings(
        monkeypatch, JWT_SECRET_KEY="new", JWT_SECRET_KEY_FALLBACKS="older, oldest"
    )

    assert (rotated["JWT_SECRET_KEY"], rotated["JWT_SECRET_KEY_FALLBACKS"]) == (
        "new",
        ["older", "oldest"],
    )


def test_without_a_jwt_key_tokens_follow_secret_key_and_its_fallbacks(monkeypatch):
    rotated = production_settings(
        monkeypatch, DJANGO_SECRET_KEY="new-secret", DJANGO_SECRET_KEY_FALLBACKS="old-secret"
    )

    assert rotated["JWT_SECRET_KEY"] == rotated["SECRET_KEY"] == "new-secret"
    assert rotated["JWT_SECRET_KEY_FALLBACKS"] == rotated["SECRET_KEY_FALLBACKS"] == ["old-secret"]
