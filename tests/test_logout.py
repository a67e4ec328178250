"""Beyond the course: logout that really logs out. POST /api/users/logout revokes the
token it was called with; a password change or a deactivation revokes every token of
the user. Revocations live in the database, so every server refuses them."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.auth import create_access_token, verify_access_token
from accounts.models import RevokedToken, User
from tests.factories import PASSWORD, bearer
from tests.operations import PROTECTED

pytestmark = pytest.mark.django_db

REFUSED = {"detail": "Could not validate credentials"}


def assert_refused(response):
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == REFUSED


def test_logout_answers_204_and_refuses_that_token_from_then_on(json_client, user):
    token = bearer(user)

    response = json_client.post("/api/users/logout", headers=token)

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.content == b""
    assert_refused(json_client.get("/api/users/me", headers=token))


def test_logout_leaves_the_users_other_tokens_working(json_client, user):
    this_browser, other_browser = bearer(user), bearer(user)

    json_client.post("/api/users/logout", headers=this_browser)

    assert json_client.get("/api/users/me", headers=other_browser).status_code == HTTPStatus.OK
    assert_refused(json_client.get("/api/users/me", headers=this_browser))


def test_a_second_logout_with_the_revoked_token_is_401(json_client, user):
    token = bearer(user)
    json_client.post("/api/users/logout", headers=token)

    assert_refused(json_client.post("/api/users/logout", headers=token))


def test_logout_without_a_token_is_401(json_client, db):
    response = json_client.post("/api/users/logout")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {"detail": "Not authenticated"}


@pytest.mark.parametrize("operation", PROTECTED, ids=str)
def test_a_revoked_token_is_refused_by_every_protected_endpoint(
    json_client, client, post, operation
):
    token = bearer(post.author)
    json_client.post("/api/users/logout", headers=token)

    response = operation.send(client, operation.url(post.author_id, post.pk), token)

    assert_refused(response)
    post.refresh_from_db()  # nothing changed
    assert post.title == "Alice's post"


# ---- Logging out everywhere: a new password, a deactivation ---------------------------


def change_password_in_code(user):
    user.set_password("a-brand-new-password")
    user.save()


def change_password_and_save_only_it(user):
    user.set_password("a-brand-new-password")
    user.save(update_fields=["password"])


def change_password_with_the_command(user, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-brand-new-password")
    call_command("changepassword", user.email, stdout=StringIO())


def change_password_in_the_admin(user, client):
    staff = User.objects.create_superuser(
        email="staff@example.com", username="staff", password=PASSWORD
    )
    client.force_login(staff)
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"password1": "a-brand-new-password", "password2": "a-brand-new-password"},
    )
    assert response.status_code == HTTPStatus.FOUND, response.content


@pytest.mark.parametrize("where", ["code", "code, saving only it", "command", "admin"])
def test_a_new_password_refuses_every_older_token(json_client, client, user, monkeypatch, where):
    tokens = [bearer(user), bearer(user)]

    if where == "code":
        change_password_in_code(user)
    elif where == "code, saving only it":
        change_password_and_save_only_it(user)
    elif where == "command":
        change_password_with_the_command(user, monkeypatch)
    else:
        change_password_in_the_admin(user, client)

    for token in tokens:
        assert_refused(json_client.get("/api/users/me", headers=token))
    login = client.post(
        "/api/users/token", {"username": user.email, "password": "a-brand-new-password"}
    )
    new_token = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert json_client.get("/api/users/me", headers=new_token).status_code == HTTPStatus.OK


@pytest.mark.parametrize("how", ["save", "update"])
def test_deactivating_refuses_every_older_token_even_after_reactivation(json_client, user, how):
    token = bearer(user)

    if how == "save":
        user.is_active = False
        user.save()
        user.is_active = True
        user.save()
    else:
        User.objects.filter(pk=user.pk).update(is_active=False)
        User.objects.filter(pk=user.pk).update(is_active=True)

    assert_refused(json_client.get("/api/users/me", headers=token))
    user.refresh_from_db()  # as a login loads the user
    assert json_client.get("/api/users/me", headers=bearer(user)).status_code == HTTPStatus.OK


def test_a_password_rehashed_at_login_logs_nobody_out(json_client, client, user, settings):
    token = bearer(user)
    # A new preferred hasher: Django upgrades the stored hash at the next login.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]

    client.post("/api/users/token", {"username": user.email, "password": PASSWORD})

    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")
    assert json_client.get("/api/users/me", headers=token).status_code == HTTPStatus.OK


# ---- No unbounded growth -----------------------------------------------------------------


def test_each_logout_prunes_the_revocations_that_have_expired(json_client, user):
    past = datetime.now(UTC) - timedelta(seconds=1)
    RevokedToken.objects.bulk_create(
        [RevokedToken(jti=f"old-{i}", expires_at=past) for i in range(5)]
    )
    token = create_access_token(user)

    json_client.post("/api/users/logout", headers={"Authorization": f"Bearer {token}"})

    verified = verify_access_token(token)
    assert verified is not None
    assert list(RevokedToken.objects.values_list("expires_at", flat=True)) == [verified.expires_at]


def test_logout_is_in_the_openapi_document(client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/users/logout"]["post"]

    assert set(operation["responses"]) == {"204", "401", "503"}
    assert operation["security"] == [{"JWTAuth": []}]
