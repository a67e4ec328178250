"""The fast read paths give exactly what the plain ORM path gives.

- post_rows() and post_row() (posts/reads.py: PostRow tuples from compiled queries)
  against Ninja validating Post instances: the same bytes, same fields, order, types and
  encoding.
- token_user() (accounts/token_user.py: a compiled query) against the plain ORM lookup.
- CompiledQuery.rows() against `.values_list()`.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Exists
from ninja import NinjaAPI, Router
from ninja.testing import TestClient

from accounts.models import RevokedToken, User
from accounts.token_user import TOKEN_USER_FIELDS, token_user, token_user_query
from blogproj.compiled_query import CompiledQuery
from blogproj.renderers import ORJSONRenderer
from posts.models import Post
from posts.reads import COLUMNS, PagedRows, as_post_row, post_row
from posts.schemas import PostResponse
from tests.factories import make_post, make_user

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
def test_the_fast_path_writes_the_schema_paths_bytes(client, varied_posts, ours, theirs):
    ids = {"author": varied_posts[0].author_id, "post": varied_posts[1].pk}

    fast = client.get(ours.format(**ids))
    schema_path = TestClient(plain_api).get(theirs.format(**ids))

    assert fast.status_code == schema_path.status_code == 200
    assert fast.content == schema_path.content
    assert fast["Content-Type"] == schema_path["Content-Type"]


def test_a_missing_post_is_none(db):
    assert post_row(7_000_001) is None


def plain_token_user(user_id, jti, version):
    """The token's user the plain ORM way, written here on its own."""
    return (
        User.objects.only(*TOKEN_USER_FIELDS, "is_active", "token_version")
        .filter(pk=user_id, is_active=True, token_version=version)
        .exclude(Exists(RevokedToken.objects.filter(jti=jti)))
        .first()
    )


def test_the_token_users_query_is_the_plain_lookup(user):
    plain = plain_token_user(user.pk, "some-jti", user.token_version)
    assert token_user_query(user.pk, "some-jti", user.token_version).get() == plain


def test_the_token_users_lookup_is_the_orm_lookup(varied_posts):
    for user in User.objects.all():
        fast = token_user(user.pk, "some-jti", user.token_version)
        plain = plain_token_user(user.pk, "some-jti", user.token_version)

        assert type(fast) is type(plain) is User
        fields = (*TOKEN_USER_FIELDS, "is_active", "token_version")
        assert [getattr(fast, f) for f in fields] == [getattr(plain, f) for f in fields]
        assert fast.get_deferred_fields() == plain.get_deferred_fields()
        assert fast._state.adding is plain._state.adding is False
        assert fast._state.db == plain._state.db


def test_the_token_users_lookup_refuses_what_the_orm_lookup_refuses(user, other_user):
    User.objects.filter(pk=other_user.pk).update(is_active=False)
    in_a_while = datetime.now(UTC) + timedelta(minutes=5)
    RevokedToken.objects.create(jti="logged-out", expires_at=in_a_while)
    refused = [
        (other_user.pk, "any", 0),  # deactivated
        (7_000_001, "any", 0),  # no such user
        (user.pk, "logged-out", 0),  # revoked
        (user.pk, "any", 1),  # another version
    ]

    for token in refused:
        assert token_user(*token) is None
        assert plain_token_user(*token) is None
    assert token_user(user.pk, "any", 0) is not None


def test_a_compiled_query_gives_the_rows_values_list_gives(varied_posts):
    by_author = CompiledQuery(
        lambda author: Post.objects.filter(author_id=author).values_list(*COLUMNS),
        author=-7_000_001,
    )
    for author_id in {post.author_id for post in varied_posts}:
        plain = list(Post.objects.filter(author_id=author_id).values_list(*COLUMNS))

        assert by_author.rows(author=author_id) == plain
        assert plain  # the comparison compared something


def test_a_placeholder_must_be_in_the_query_once(db):
    nowhere = CompiledQuery(lambda key: Post.objects.values_list("id"), key=-7_000_001)

    with pytest.raises(ValueError, match="once"):
        nowhere.rows(key=1)


@pytest.mark.parametrize("by_author", [False, True])
def test_paged_rows_are_the_querysets_count_and_slices(varied_posts, by_author):
    author_id = varied_posts[0].author_id if by_author else None
    posts = Post.objects.filter(author_id=author_id) if by_author else Post.objects.all()
    paged = PagedRows(2, author_id)
    count = 2 if by_author else 3

    assert paged.count() == posts.count() == count
    # As a Paginator of 2 a page asks: the last page ends at the count.
    for page in (slice(0, 2), slice(2, count), slice(2, 4), slice(count, count)):
        assert paged[page] == [as_post_row(row) for row in posts.values_list(*COLUMNS)[page]]


def test_a_user_with_no_posts_has_one_empty_page(user):
    paged = PagedRows(10, user.pk)

    assert (paged.count(), paged[0:0]) == (0, [])


def test_walking_every_page_keeps_a_bounded_number_of_compiled_slices(db):
    query = CompiledQuery(lambda: Post.objects.values_list("id"))
    for start in range(0, 10 * (CompiledQuery.MAX_SLICES + 50), 10):
        assert query.rows(page=slice(start, start + 10)) == []

    assert len(query._compiled) <= CompiledQuery.MAX_SLICES + 1


def test_an_empty_slice_is_no_rows_and_no_query(django_assert_num_queries):
    query = CompiledQuery(lambda: Post.objects.values_list("id"))

    with django_assert_num_queries(0):
        assert query.rows(page=slice(5, 5)) == []
