"""What must never leave the server: password hashes, other users' emails, debug details."""

import re
from http import HTTPStatus

import pytest

from tests.factories import PASSWORD, bearer, make_post

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def everything(client, user, other_user):
    """The body of every GET the API and the pages answer, as `user` and anonymously."""
    post = make_post(other_user)
    make_post(user)
    urls = [
        "/api/posts",
        f"/api/posts/{post.pk}",
        f"/api/users/{other_user.pk}",
        f"/api/users/{other_user.pk}/posts",
        f"/api/users/{user.pk}/posts",
        "/",
        f"/posts/{post.pk}",
        f"/users/{other_user.pk}/posts",
        "/account",
    ]
    bodies = {}
    for url in urls:
        bodies[url] = client.get(url).content.decode()
        bodies[f"{url} (logged in)"] = client.get(url, headers=bearer(user)).content.decode()
    return bodies


def test_no_response_contains_a_password_hash(json_client, everything, user, other_user):
    bodies = {
        **everything,
        "/api/users/me": json_client.get("/api/users/me", user=user).content.decode(),
    }
    for url, body in bodies.items():
        for someone in (user, other_user):
            assert someone.password not in body, url
            assert someone.password.split("$")[-1] not in body, url  # not even the digest
        if url.startswith("/api/"):
            assert '"password"' not in body, url


def test_public_responses_never_show_emails(everything):
    for url, body in everything.items():
        assert EMAIL.findall(body) == [], url


def test_register_and_update_answers_show_only_your_own_email(json_client, user):
    response = json_client.patch(f"/api/users/{user.pk}", {"username": "alicia"}, user=user)

    assert response.json()["email"] == user.email
    assert "password" not in response.json()


@pytest.mark.parametrize("url", ["/boom", "/api/boom"])
def test_server_errors_leak_no_traceback_or_settings(crashing_urls, settings, url):
    settings.DEBUG = False
    response = crashing_urls.get(url)

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    body = response.content.decode()
    for leak in ["Traceback", "secret detail", "RuntimeError", settings.SECRET_KEY, "settings"]:
        assert leak not in body, leak


def test_the_login_answer_does_not_say_which_part_was_wrong(client, user):
    unknown = client.post("/api/users/token", {"username": "nobody@example.com", "password": "x"})
    wrong = client.post("/api/users/token", {"username": user.email, "password": PASSWORD + "x"})

    assert unknown.json() == wrong.json() == {"detail": "Incorrect email or password"}
