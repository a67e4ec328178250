"""/api/users: every row of the contract's users table, with its quoted messages."""

from http import HTTPStatus
from unittest import mock

import pytest

from accounts.models import User
from posts.models import Post
from tests.factories import PASSWORD, make_post, make_user

pytestmark = pytest.mark.django_db

DEFAULT_PICTURE = "/static/profile_pics/default.jpg"


def register(json_client, **fields):
    body = {"username": "carol", "email": "carol@example.com", "password": PASSWORD, **fields}
    return json_client.post("/api/users", body)


def test_register_returns_the_private_user(json_client):
    response = register(json_client, username="Carol", email="Carol@Example.COM")

    assert response.status_code == HTTPStatus.CREATED
    assert response.json() == {
        "id": mock.ANY,
        "username": "Carol",
        "email": "carol@example.com",
        "image_file": None,
        "image_path": DEFAULT_PICTURE,
    }
    user = User.objects.get()
    assert user.check_password(PASSWORD)
    assert user.password != PASSWORD


def test_register_never_returns_the_password(json_client):
    body = register(json_client).content.decode()

    assert "password" not in body
    assert User.objects.get().password not in body


@pytest.mark.parametrize(
    ("username", "email", "detail"),
    [
        ("ALICE", "new@example.com", "Username already exists"),
        ("new", "ALICE@example.com", "Email already registered"),
        ("Alice", "alice@EXAMPLE.com", "Username already exists"),  # both taken: username first
    ],
)
def test_register_duplicate_is_400_whatever_the_case(json_client, user, username, email, detail):
    response = register(json_client, username=username, email=email)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"detail": detail}
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("taken", "attempt"),
    [("Ñandú", "ñandú"), ("Straße", "STRASSE"), ("ǅemal", "ǆemal"), ("Ａlice", "alice")],
)
def test_register_duplicate_username_is_unicode_aware(json_client, taken, attempt):
    make_user(taken, email="first@example.com")

    response = register(json_client, username=attempt)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"detail": "Username already exists"}


def test_a_registration_that_loses_the_race_at_the_constraint_is_400(json_client, monkeypatch):
    """Both requests pass the check; the database lets one insert win, the other is a 400."""
    check = User.validate_unique
    calls: list[User] = []

    def check_then_lose_the_race(self, exclude=None):
        check(self, exclude)
        if not calls:
            calls.append(self)
            make_user("carol", email="winner@example.com")  # the concurrent request commits

    monkeypatch.setattr(User, "validate_unique", check_then_lose_the_race)

    response = json_client.post(
        "/api/users", {"username": "CAROL", "email": "loser@example.com", "password": PASSWORD}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"detail": "Username already exists"}
    assert list(User.objects.values_list("email", flat=True)) == ["winner@example.com"]


def test_register_stores_the_username_exactly_as_sent(json_client):
    response = register(json_client, username="  Ñandú Ｆan ")

    assert response.json()["username"] == "  Ñandú Ｆan "


@pytest.mark.parametrize(
    ("field", "value", "error_type"),
    [
        ("username", "", "string_too_short"),
        ("username", "   ", "value_error"),
        ("username", "x" * 51, "string_too_long"),
        ("email", "not-an-email", "value_error"),
        ("email", "a" * 111 + "@example.com", "too_long"),
        ("password", "short", "string_too_short"),
        ("password", None, "string_type"),
    ],
)
def test_register_invalid_field_is_422_naming_it(json_client, field, value, error_type):
    response = register(json_client, **{field: value})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", field]
    assert error["type"] == error_type
    assert error["msg"]
    assert not User.objects.exists()


def test_register_with_missing_fields_lists_each(json_client):
    response = json_client.post("/api/users", {})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert [e["loc"] for e in response.json()["detail"]] == [
        ["body", "username"],
        ["body", "email"],
        ["body", "password"],
    ]


def test_login_returns_a_bearer_token(client, user):
    response = client.post(
        "/api/users/token", {"username": "ALICE@example.com", "password": PASSWORD}
    )

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"access_token": mock.ANY, "token_type": "bearer"}


def test_login_ignores_the_extra_oauth2_fields(client, user):
    # What the docs' Authorize dialog sends.
    response = client.post(
        "/api/users/token",
        {"grant_type": "password", "username": user.email, "password": PASSWORD, "scope": ""},
        headers={"Authorization": "Basic Og=="},
    )

    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice@example.com", "wrong-password"), ("nobody@example.com", PASSWORD)],
)
def test_login_with_bad_credentials_is_401(client, user, username, password):
    response = client.post("/api/users/token", {"username": username, "password": password})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {"detail": "Incorrect email or password"}
    assert response["WWW-Authenticate"] == "Bearer"


def test_login_as_inactive_user_is_401(client, user):
    user.is_active = False
    user.save()

    response = client.post("/api/users/token", {"username": user.email, "password": PASSWORD})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {"detail": "Incorrect email or password"}


def test_login_with_missing_field_is_422(client):
    response = client.post("/api/users/token", {"username": "alice@example.com"})

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["detail"] == [
        {"type": "missing", "loc": ["body", "password"], "msg": "Field required"}
    ]


def test_get_me_returns_the_tokens_user(json_client, user):
    response = json_client.get("/api/users/me", user=user)

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "id": user.pk,
        "username": "alice",
        "email": "alice@example.com",
        "image_file": None,
        "image_path": DEFAULT_PICTURE,
    }


def test_get_me_without_token_is_401(json_client):
    response = json_client.get("/api/users/me")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {"detail": "Not authenticated"}
    assert response["WWW-Authenticate"] == "Bearer"


def test_get_user_is_public_and_hides_the_email(json_client, user):
    response = json_client.get(f"/api/users/{user.pk}")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "id": user.pk,
        "username": "alice",
        "image_file": None,
        "image_path": DEFAULT_PICTURE,
    }


def test_image_path_points_at_media_once_a_picture_is_set(json_client, user):
    user.image_file = "alice.png"
    user.save()

    response = json_client.get(f"/api/users/{user.pk}")

    assert response.json()["image_path"] == "/media/profile_pics/alice.png"


def test_get_missing_user_is_404(json_client):
    response = json_client.get("/api/users/999")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "User not found"}


def test_get_user_posts_newest_first(json_client, user, other_user):
    first = make_post(user, title="first")
    make_post(other_user, title="not alice's")
    second = make_post(user, title="second")

    response = json_client.get(f"/api/users/{user.pk}/posts")

    assert response.status_code == HTTPStatus.OK
    assert [p["id"] for p in response.json()] == [second.pk, first.pk]
    assert response.json()[0]["author"]["username"] == "alice"


def test_get_user_posts_of_user_without_posts_is_empty(json_client, user):
    assert json_client.get(f"/api/users/{user.pk}/posts").json() == []


def test_get_posts_of_missing_user_is_404(json_client):
    response = json_client.get("/api/users/999/posts")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "User not found"}


def test_update_self_changes_only_the_fields_sent(json_client, user):
    response = json_client.patch(f"/api/users/{user.pk}", {"username": "alicia"}, user=user)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["username"] == "alicia"
    assert response.json()["email"] == "alice@example.com"
    user.refresh_from_db()
    assert (user.username, user.email) == ("alicia", "alice@example.com")


def test_update_email_is_stored_lower_cased(json_client, user):
    response = json_client.patch(
        f"/api/users/{user.pk}", {"email": "Alicia@Example.com"}, user=user
    )

    assert response.json()["email"] == "alicia@example.com"
    assert User.objects.get(pk=user.pk).email == "alicia@example.com"


def test_update_own_letter_case_is_allowed(json_client, user):
    response = json_client.patch(
        f"/api/users/{user.pk}", {"username": "ALICE", "email": "ALICE@example.com"}, user=user
    )

    assert response.status_code == HTTPStatus.OK
    assert response.json()["username"] == "ALICE"


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"username": "BOB"}, "Username already exists"),
        ({"email": "Bob@example.com"}, "Email already registered"),
        ({"username": "bob", "email": "bob@example.com"}, "Username already exists"),
    ],
)
def test_update_to_a_taken_name_is_400(json_client, user, other_user, body, detail):
    response = json_client.patch(f"/api/users/{user.pk}", body, user=user)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"detail": detail}
    user.refresh_from_db()
    assert (user.username, user.email) == ("alice", "alice@example.com")


@pytest.mark.parametrize("field", ["username", "email"])
def test_update_with_null_is_422_and_changes_nothing(json_client, user, field):
    response = json_client.patch(f"/api/users/{user.pk}", {field: None}, user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["detail"][0]["loc"] == ["body", field]
    user.refresh_from_db()
    assert (user.username, user.email) == ("alice", "alice@example.com")


def test_update_another_user_is_403(json_client, user, other_user):
    response = json_client.patch(f"/api/users/{other_user.pk}", {"username": "hacked"}, user=user)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json() == {"detail": "Not authorized to update this user"}
    other_user.refresh_from_db()
    assert other_user.username == "bob"


def test_update_a_missing_user_is_403_not_404(json_client, user):
    response = json_client.patch("/api/users/999", {"username": "x"}, user=user)

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_update_with_malformed_body_is_422_before_403(json_client, user, other_user):
    response = json_client.patch(f"/api/users/{other_user.pk}", {"username": ""}, user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY


def test_update_user_without_token_is_401(json_client, user):
    response = json_client.patch(f"/api/users/{user.pk}", {"username": "x"})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"


def test_delete_self_removes_the_user_and_their_posts(json_client, user, other_user):
    make_post(user)
    make_post(user)
    kept = make_post(other_user)

    response = json_client.delete(f"/api/users/{user.pk}", user=user)

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.content == b""
    assert not User.objects.filter(pk=user.pk).exists()
    assert list(Post.objects.all()) == [kept]


def test_delete_another_user_is_403(json_client, user, other_user):
    response = json_client.delete(f"/api/users/{other_user.pk}", user=user)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json() == {"detail": "Not authorized to delete this user"}
    assert User.objects.filter(pk=other_user.pk).exists()


def test_delete_user_without_token_is_401(json_client, user):
    response = json_client.delete(f"/api/users/{user.pk}")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert User.objects.filter(pk=user.pk).exists()


def test_user_answers_have_the_courses_key_order(json_client, user):
    public = ["id", "username", "image_file", "image_path"]

    registered = json_client.post(
        "/api/users", {"username": "new", "email": "new@example.com", "password": PASSWORD}
    )
    assert list(registered.json()) == [*public, "email"]
    assert list(json_client.get("/api/users/me", user=user).json()) == [*public, "email"]
    assert list(json_client.patch(f"/api/users/{user.pk}", {}, user=user).json()) == [
        *public,
        "email",
    ]
    assert list(json_client.get(f"/api/users/{user.pk}").json()) == public
