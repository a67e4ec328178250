"""The tutorial's own test plan (Part 11, step 6), over the API, step by step."""

from http import HTTPStatus

import pytest

from accounts.models import User
from posts.models import Post

pytestmark = pytest.mark.django_db


def login(client, email, password):
    response = client.post("/api/users/token", {"username": email, "password": password})
    assert response.status_code == HTTPStatus.OK
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def register(api, username, password="password-123"):
    response = api.post(
        "/api/users",
        {"username": username, "email": f"{username}@example.com", "password": password},
    )
    assert response.status_code == HTTPStatus.CREATED
    return response.json()


def test_tutorial_test_plan(api, client):
    # 1. Start from an empty database.
    assert not User.objects.exists()
    assert not Post.objects.exists()

    # 2. Creating a post without logging in: 401.
    response = api.post("/api/posts", {"title": "Sneaky", "content": "No login"})
    assert response.status_code == HTTPStatus.UNAUTHORIZED

    # 3. Register, log in, create a post: 201, the author is the logged-in user
    #    though the body carried only title and content.
    corey = register(api, "corey")
    corey_auth = login(client, "corey@example.com", "password-123")
    response = api.post(
        "/api/posts", {"title": "Corey's post", "content": "Hello"}, headers=corey_auth
    )
    assert response.status_code == HTTPStatus.CREATED
    coreys_post = response.json()
    assert coreys_post["user_id"] == corey["id"]
    assert coreys_post["author"]["username"] == "corey"

    # 4. Log in as a second user; edit or delete the first user's post: 403.
    #    Edit and delete your own: success.
    register(api, "jane")
    jane_auth = login(client, "JANE@example.com", "password-123")
    url = f"/api/posts/{coreys_post['id']}"
    assert api.patch(url, {"title": "Hijacked"}, headers=jane_auth).status_code == 403
    assert api.put(url, {"title": "H", "content": "H"}, headers=jane_auth).status_code == 403
    assert api.delete(url, headers=jane_auth).status_code == HTTPStatus.FORBIDDEN
    janes_post = api.post("/api/posts", {"title": "Jane's", "content": "Hi"}, headers=jane_auth)
    janes_url = f"/api/posts/{janes_post.json()['id']}"
    response = api.patch(janes_url, {"title": "Jane's, edited"}, headers=jane_auth)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["title"] == "Jane's, edited"
    assert api.delete(janes_url, headers=jane_auth).status_code == HTTPStatus.NO_CONTENT
    assert api.get(url).json()["title"] == "Corey's post"

    # 5. The account page's data: /me, then an update shows the new name.
    me = api.get("/api/users/me", headers=corey_auth).json()
    assert (me["username"], me["email"]) == ("corey", "corey@example.com")
    response = api.patch(f"/api/users/{me['id']}", {"username": "CoreyMS"}, headers=corey_auth)
    assert response.json()["username"] == "CoreyMS"
    assert api.get("/api/users/me", headers=corey_auth).json()["username"] == "CoreyMS"

    # 6. Logout (the client forgets its token): protected calls fail.
    response = api.post("/api/posts", {"title": "After logout", "content": "x"})
    assert response.status_code == HTTPStatus.UNAUTHORIZED

    # 7. Deleting the account removes the user and their posts; the old token is dead.
    assert api.delete(f"/api/users/{me['id']}", headers=corey_auth).status_code == 204
    assert api.get(url).status_code == HTTPStatus.NOT_FOUND
    assert api.get("/api/posts").json() == []
    assert api.get("/api/users/me", headers=corey_auth).status_code == 401
