"""Exact query counts per endpoint, the same with 1 post in the database as with 50.

Lists load each post's author in the same query (select_related), so nothing grows
with the number of posts. Counts are as the test client sees them: inside the test's
transaction, a write wrapped in transaction.atomic() adds a SAVEPOINT and its RELEASE.
"""

import pytest

from tests.factories import PASSWORD, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[1, 50], ids=["1 post", "50 posts"])
def posts(request, user, other_user):
    made = [make_post(user, title=f"post {i}") for i in range(request.param)]
    make_post(other_user, title="someone else's")
    return made


def test_list_posts(json_client, posts, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = json_client.get("/api/posts")
    assert len(response.json()) == len(posts) + 1


def test_get_post(json_client, posts, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert json_client.get(f"/api/posts/{posts[0].pk}").status_code == 200


def test_create_post(json_client, posts, user, django_assert_num_queries):
    # the token's user, the insert
    with django_assert_num_queries(2):
        assert (
            json_client.post("/api/posts", {"title": "T", "content": "C"}, user=user).status_code
            == 201
        )


def test_put_post(json_client, posts, user, django_assert_num_queries):
    # the token's user, the post with its author, the update
    with django_assert_num_queries(3):
        response = json_client.put(
            f"/api/posts/{posts[0].pk}", {"title": "T", "content": "C"}, user=user
        )
    assert response.status_code == 200


def test_patch_post(json_client, posts, user, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = json_client.patch(f"/api/posts/{posts[0].pk}", {"title": "T"}, user=user)
    assert response.status_code == 200


def test_delete_post(json_client, posts, user, django_assert_num_queries):
    with django_assert_num_queries(3):
        assert json_client.delete(f"/api/posts/{posts[0].pk}", user=user).status_code == 204


def test_register(json_client, posts, django_assert_num_queries):
    # username taken?, email taken?, SAVEPOINT, insert, RELEASE
    with django_assert_num_queries(5):
        response = json_client.post(
            "/api/users", {"username": "carol", "email": "c@example.com", "password": PASSWORD}
        )
    assert response.status_code == 201


def test_login(client, posts, user, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.post("/api/users/token", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200


def test_get_me(json_client, posts, user, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert json_client.get("/api/users/me", user=user).status_code == 200


def test_get_user(json_client, posts, user, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert json_client.get(f"/api/users/{user.pk}").status_code == 200


def test_get_user_posts(json_client, posts, user, django_assert_num_queries):
    # does the user exist?, their posts with the author
    with django_assert_num_queries(2):
        response = json_client.get(f"/api/users/{user.pk}/posts")
    assert len(response.json()) == len(posts)


def test_patch_user(json_client, posts, user, django_assert_num_queries):
    # the token's user, username taken?, SAVEPOINT, update, RELEASE
    with django_assert_num_queries(5):
        response = json_client.patch(f"/api/users/{user.pk}", {"username": "alicia"}, user=user)
    assert response.status_code == 200


def test_delete_user(json_client, posts, user, django_assert_num_queries):
    # the token's user, then Django's cascade: the user's posts, group and permission
    # links, admin log entries, the user (one query each, however many posts).
    with django_assert_num_queries(6):
        assert json_client.delete(f"/api/users/{user.pk}", user=user).status_code == 204


def test_logout(json_client, posts, user, django_assert_num_queries):
    # the token's user (revocation checked in the same query), the revocation, the pruning
    with django_assert_num_queries(3):
        assert json_client.post("/api/users/logout", user=user).status_code == 204
