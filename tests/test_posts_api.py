"""/api/posts: every row of the contract's posts table, with its quoted messages."""

from datetime import datetime, timedelta
from http import HTTPStatus
from unittest import mock

import pytest
from django.utils import timezone

from posts.models import Post
from tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_list_posts_newest_first_with_authors(json_client, user, other_user):
    old = make_post(user, title="old")
    Post.objects.filter(pk=old.pk).update(date_posted=timezone.now() - timedelta(days=1))
    new = make_post(other_user, title="new")

    response = json_client.get("/api/posts")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == [
        {
            "id": new.pk,
            "title": "new",
            "content": "Some words.",
            "user_id": other_user.pk,
            "date_posted": mock.ANY,
            "author": {
                "id": other_user.pk,
                "username": "bob",
                "image_file": None,
                "image_path": "/static/profile_pics/default.jpg",
            },
        },
        {
            "id": old.pk,
            "title": "old",
            "content": "Some words.",
            "user_id": user.pk,
            "date_posted": mock.ANY,
            "author": mock.ANY,
        },
    ]


def test_posts_of_the_same_instant_come_highest_id_first(json_client, user):
    posts = [make_post(user, title=str(i)) for i in range(3)]
    Post.objects.update(date_posted=timezone.now())

    assert [p["id"] for p in json_client.get("/api/posts").json()] == [
        p.pk for p in reversed(posts)
    ]


def test_list_posts_empty(json_client, db):
    assert json_client.get("/api/posts").json() == []


def test_date_posted_is_utc_with_an_offset(json_client, post):
    date_posted = json_client.get(f"/api/posts/{post.pk}").json()["date_posted"]

    assert date_posted.endswith(("Z", "+00:00"))
    assert datetime.fromisoformat(date_posted) == post.date_posted  # to the microsecond


def test_create_post_author_comes_from_the_token(json_client, user, other_user):
    response = json_client.post(
        "/api/posts",
        {"title": "Mine", "content": "Body", "user_id": other_user.pk},
        user=user,
    )

    assert response.status_code == HTTPStatus.CREATED
    assert response.json() == {
        "id": mock.ANY,
        "title": "Mine",
        "content": "Body",
        "user_id": user.pk,
        "date_posted": mock.ANY,
        "author": {
            "id": user.pk,
            "username": "alice",
            "image_file": None,
            "image_path": "/static/profile_pics/default.jpg",
        },
    }
    assert Post.objects.get().author == user


def test_create_post_without_token_is_401(json_client, db):
    response = json_client.post("/api/posts", {"title": "T", "content": "C"})

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {"detail": "Not authenticated"}
    assert response["WWW-Authenticate"] == "Bearer"
    assert not Post.objects.exists()


def test_create_post_anonymous_with_bad_body_is_401_not_422(json_client, db):
    response = json_client.post("/api/posts", {"title": ""})

    assert response.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.parametrize(
    ("body", "loc", "error_type"),
    [
        ({"content": "C"}, ["body", "title"], "missing"),
        ({"title": "T"}, ["body", "content"], "missing"),
        ({"title": "", "content": "C"}, ["body", "title"], "string_too_short"),
        ({"title": "x" * 101, "content": "C"}, ["body", "title"], "string_too_long"),
        ({"title": "T", "content": ""}, ["body", "content"], "string_too_short"),
        ({"title": None, "content": "C"}, ["body", "title"], "string_type"),
    ],
)
def test_create_post_invalid_body_is_422_naming_the_field(json_client, user, body, loc, error_type):
    response = json_client.post("/api/posts", body, user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (loc, error_type)
    assert not Post.objects.exists()


def test_create_post_with_exactly_100_character_title(json_client, user):
    response = json_client.post("/api/posts", {"title": "x" * 100, "content": "C"}, user=user)

    assert response.status_code == HTTPStatus.CREATED


def test_get_post(json_client, post, user):
    response = json_client.get(f"/api/posts/{post.pk}")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["title"] == "Alice's post"
    assert response.json()["author"]["id"] == user.pk


def test_get_missing_post_is_404(json_client, db):
    response = json_client.get("/api/posts/999")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "Post not found"}


def test_put_replaces_title_and_content(json_client, post, user):
    response = json_client.put(
        f"/api/posts/{post.pk}", {"title": "New", "content": "Text"}, user=user
    )

    assert response.status_code == HTTPStatus.OK
    assert response.json()["title"] == "New"
    assert response.json()["content"] == "Text"
    post.refresh_from_db()
    assert (post.title, post.content) == ("New", "Text")


@pytest.mark.parametrize("body", [{"title": "New"}, {"content": "New"}, {}])
def test_put_requires_both_fields(json_client, post, user, body):
    response = json_client.put(f"/api/posts/{post.pk}", body, user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    post.refresh_from_db()
    assert post.title == "Alice's post"


def test_patch_changes_only_the_fields_sent(json_client, post, user):
    response = json_client.patch(f"/api/posts/{post.pk}", {"content": "Edited"}, user=user)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["title"] == "Alice's post"
    assert response.json()["content"] == "Edited"


def test_patch_with_empty_body_changes_nothing(json_client, post, user):
    response = json_client.patch(f"/api/posts/{post.pk}", {}, user=user)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["content"] == "Hello from Alice."


@pytest.mark.parametrize("field", ["title", "content"])
def test_patch_with_null_is_422_and_changes_nothing(json_client, post, user, field):
    response = json_client.patch(f"/api/posts/{post.pk}", {field: None}, user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["detail"][0]["loc"] == ["body", field]
    post.refresh_from_db()
    assert (post.title, post.content) == ("Alice's post", "Hello from Alice.")


@pytest.mark.parametrize(
    ("method", "body", "detail"),
    [
        ("put", {"title": "T", "content": "C"}, "Not authorized to update this post"),
        ("patch", {"title": "T"}, "Not authorized to update this post"),
        ("delete", None, "Not authorized to delete this post"),
    ],
)
def test_changing_another_users_post_is_403(json_client, post, other_user, method, body, detail):
    kwargs = {} if body is None else {"json": body}
    response = getattr(json_client, method)(f"/api/posts/{post.pk}", user=other_user, **kwargs)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json() == {"detail": detail}
    post.refresh_from_db()
    assert post.title == "Alice's post"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_changing_a_missing_post_is_404_before_403(json_client, other_user, method):
    kwargs = {} if method == "delete" else {"json": {"title": "T", "content": "C"}}
    response = getattr(json_client, method)("/api/posts/999", user=other_user, **kwargs)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "Post not found"}


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_changing_a_post_without_token_is_401(json_client, post, method):
    kwargs = {} if method == "delete" else {"json": {"title": "T", "content": "C"}}
    response = getattr(json_client, method)(f"/api/posts/{post.pk}", **kwargs)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"
    assert Post.objects.get().title == "Alice's post"


def test_delete_own_post(json_client, post, user):
    response = json_client.delete(f"/api/posts/{post.pk}", user=user)

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.content == b""
    assert not Post.objects.exists()


# The course's key order: PostResponse extends PostBase, and a base's fields come first.
POST_KEYS = ["title", "content", "id", "user_id", "date_posted", "author"]
AUTHOR_KEYS = ["id", "username", "image_file", "image_path"]


def test_every_post_answer_has_the_courses_key_order(json_client, post, user):
    url = f"/api/posts/{post.pk}"
    answers = [
        json_client.get("/api/posts").json()[0],
        json_client.get(f"/api/users/{user.pk}/posts").json()[0],
        json_client.get(url).json(),
        json_client.post("/api/posts", {"title": "T", "content": "C"}, user=user).json(),
        json_client.put(url, {"title": "T", "content": "C"}, user=user).json(),
        json_client.patch(url, {"title": "T"}, user=user).json(),
    ]

    for answer in answers:
        assert list(answer) == POST_KEYS
        assert list(answer["author"]) == AUTHOR_KEYS
