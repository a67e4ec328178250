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


def test_list_posts(api, posts, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = api.get("/api/posts")
    assert len(response.json()) == len(posts) + 1


def test_get_post(api, posts, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert api.get(f"/api/posts/{posts[0].pk}").status_code == 200


def test_create_post(api, posts, user, django_assert_num_queries):
    # the token's user, the insert
    with django_assert_num_queries(2):
        assert api.post("/api/posts", {"title": "T", "content": "C"}, user=user).status_code == 201


def test_put_post(api, posts, user, django_assert_num_queries):
    # the token's user, the post with its author, the update
    with django_assert_num_queries(3):
        response = api.put(f"/api/posts/{posts[0].pk}", {"title": "T", "content": "C"}, user=user)
    assert response.status_code == 200


def test_patch_post(api, posts, user, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = api.patch(f"/api/posts/{posts[0].pk}", {"title": "T"}, user=user)
    assert response.status_code == 200


def test_delete_post(api, posts, user, django_assert_num_queries):
    with django_assert_num_queries(3):
        assert api.delete(f"/api/posts/{posts[0].pk}", user=user).status_code == 204


def test_register(api, posts, django_assert_num_queries):
    # username taken?, email taken?, SAVEPOINT, insert, RELEASE
    with django_assert_num_queries(5):
        response = api.post(
            "/api/users", {"username": "carol", "email": "c@example.com", "password": PASSWORD}
        )
    assert response.status_code == 201


def test_login(client, posts, user, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.post("/api/users/token", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200


def test_get_me(api, posts, user, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert api.get("/api/users/me", user=user).status_code == 200


def test_get_user(api, posts, user, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert api.get(f"/api/users/{user.pk}").status_code == 200


def test_get_user_posts(api, posts, user, django_assert_num_queries):
    # does the user exist?, their posts with the author
    with django_assert_num_queries(2):
        response = api.get(f"/api/users/{user.pk}/posts")
    assert len(response.json()) == len(posts)


def test_patch_user(api, posts, user, django_assert_num_queries):
    # the token's user, username taken?, SAVEPOINT, update, RELEASE
    with django_assert_num_queries(5):
        response = api.patch(f"/api/users/{user.pk}", {"username": "alicia"}, user=user)
    assert response.status_code == 200


def test_delete_user(api, posts, user, django_assert_num_queries):
    # the token's user, then Django's cascade: the user's posts, group and permission
    # links, admin log entries, the user (one query each, however many posts).
    with django_assert_num_queries(6):
        assert api.delete(f"/api/users/{user.pk}", user=user).status_code == 204


def test_logout(api, posts, user, django_assert_num_queries):
    # the token's user (revocation checked in the same query), the revocation, the pruning
    with django_assert_num_queries(3):
        assert api.post("/api/users/logout", user=user).status_code == 204
