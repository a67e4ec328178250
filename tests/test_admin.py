"""The Django admin: what Django gives for free, registered usefully."""

from http import HTTPStatus

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.factories import PASSWORD, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser(
        email="admin@example.com", username="admin", password=PASSWORD
    )


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admin_login_is_by_email_in_any_case(client, admin_user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ADMIN@example.com", "password": PASSWORD},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/admin/"


def test_user_list_shows_post_counts_and_searches(admin_client, user, other_user):
    make_post(user)
    make_post(user)

    response = admin_client.get("/admin/accounts/user/", {"q": "alice"})

    assert response.status_code == HTTPStatus.OK
    assert response.context["cl"].result_count == 1
    assert response.context["cl"].result_list[0].post_count == 2


def test_post_list_searches_and_filters(admin_client, post):
    response = admin_client.get("/admin/posts/post/", {"q": "Alice"})

    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].result_list) == [post]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/add/",
        "/admin/posts/post/add/",
        "/admin/posts/post/?date_posted__gte=2020-01-01",
    ],
)
def test_admin_pages_render(admin_client, url):
    assert admin_client.get(url).status_code == HTTPStatus.OK


def test_admin_change_pages_render(admin_client, post, user):
    assert admin_client.get(f"/admin/accounts/user/{user.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/posts/post/{post.pk}/change/").status_code == 200


def test_admin_refuses_a_folded_duplicate_username(admin_client, user):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new@example.com",
            "username": "ALICE",
            "usable_password": "true",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "Username already exists" in response.content.decode()
    assert User.objects.filter(email="new@example.com").count() == 0


def test_admin_adds_a_user(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New@Example.com",
            "username": "newbie",
            "usable_password": "true",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    assert User.objects.get(username="newbie").email == "new@example.com"


def test_createsuperuser_works_with_email(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)

    call_command(
        "createsuperuser",
        "--noinput",
        "--email=Boss@Example.com",
        "--username=boss",
        verbosity=0,
    )

    boss = User.objects.get(username="boss")
    assert (boss.email, boss.is_superuser, boss.check_password(PASSWORD)) == (
        "boss@example.com",
        True,
        True,
    )
