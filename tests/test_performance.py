"""The lean read path (posts/api.py: post_rows) writes exactly the bytes the plain
schema path writes for the same data: same fields, order, types and encoding."""

from datetime import UTC, datetime

import pytest
from ninja import NinjaAPI, Router
from ninja.testing import TestClient

from blogproj.api import api
from blogproj.renderers import ORJSONRenderer
from posts.models import Post
from posts.schemas import PostResponse
from tests.conftest import make_post, make_user

pytestmark = pytest.mark.django_db

# The plain idiom: return model instances, let Ninja validate them against PostResponse.
plain = Router()


@plain.get("/posts", response=list[PostResponse])
def plain_posts(request):
    return Post.objects.select_related("author")


@plain.get("/posts/{int:post_id}", response=PostResponse)
def plain_post(request, post_id: int):
    return Post.objects.select_related("author").get(pk=post_id)


@plain.get("/users/{int:user_id}/posts", response=list[PostResponse])
def plain_user_posts(request, user_id: int):
    return Post.objects.filter(author_id=user_id).select_related("author")


plain_api = NinjaAPI(renderer=ORJSONRenderer(), urls_namespace="plain")
plain_api.add_router("", plain)


@pytest.fixture
def varied_posts(db):
    """Posts that exercise every field: Unicode, a picture, odd timestamps."""
    plain_author = make_user("Ñandú 🦤")
    pictured = make_user("pictured", image_file="pictured.png")
    posts = [
        make_post(plain_author, title="Émoji 👩‍👩‍👧", content='Quotes " and \\ and\nnew lines\t'),
        make_post(pictured, title="x" * 100, content="<script>alert(1)</script>"),
        make_post(plain_author, title="On the second", content="Zero microseconds"),
    ]
    Post.objects.filter(pk=posts[2].pk).update(date_posted=datetime(2026, 1, 1, tzinfo=UTC))
    return posts


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("/api/posts", "/posts"),
        ("/api/users/{author}/posts", "/users/{author}/posts"),
        ("/api/posts/{post}", "/posts/{post}"),
    ],
)
def test_the_lean_path_writes_the_schema_paths_bytes(client, varied_posts, ours, theirs):
    ids = {"author": varied_posts[0].author_id, "post": varied_posts[1].pk}

    lean = client.get(ours.format(**ids))
    schema_path = TestClient(plain_api).get(theirs.format(**ids))

    assert lean.status_code == schema_path.status_code == 200
    assert lean.content == schema_path.content
    assert lean["Content-Type"] == schema_path["Content-Type"]


def test_the_lean_path_is_what_the_api_serves(varied_posts):
    """The operations still declare PostResponse: the docs show the same schema."""
    schema = api.get_openapi_schema()
    listed = schema["paths"]["/api/posts"]["get"]["responses"][200]["content"]
    assert listed["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/PostResponse"
    }
