"""Posts as the API and the pages read them: one column list, one row type.

The plain Django way loads a Post and a User per post (`select_related("author")`) and
lets Ninja validate them against PostResponse, or a template read them. For a list of 500
posts, building those instances takes most of the request's time (docs/performance.md).
So the reads here select only PostResponse's columns, with the author's in the same
query, into PostRow dicts: PostResponse's fields in its order, under the names both
PostResponse and the templates read. They run on nearly every request (the API's
reads, and the pages' counts and pages of posts), so they are compiled once
(blogproj/compiled_query.py).

tests/test_fast_paths.py proves the API's bytes equal to Ninja validating Post instances;
tests/test_pages.py proves the pages' HTML equal to rendering Post instances.
"""

from datetime import datetime
from typing import TypedDict

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Func

from accounts.models import image_path
from blogproj.compiled_query import CompiledQuery
from posts.models import Post

# PostResponse's fields, with the author's: the one column list of a post read.
COLUMNS = (
    "title",
    "content",
    "id",
    "author_id",
    "date_posted",
    "author__username",
    "author__image_file",
)


class AuthorRow(TypedDict):
    """UserPublic's fields of a post's author."""

    id: int
    username: str
    image_file: str | None
    image_path: str


class PostRow(TypedDict):
    """A post as it is read: PostResponse's fields, in its order. A plain dict: pydantic
    validates a dict fastest, and a template reads `post.author.username` from it as
    from a Post."""

    title: str
    content: str
    id: int
    user_id: int
    date_posted: datetime
    author: AuthorRow


def as_post_row(row: tuple) -> PostRow:
    """One row of COLUMNS, as a PostRow."""
    title, content, post_id, author_id, date_posted, username, image_file = row
    author: AuthorRow = {
        "id": author_id,
        "username": username,
        "image_file": image_file,
        "image_path": image_path(image_file),
    }
    return {
        "title": title,
        "content": content,
        "id": post_id,
        "user_id": author_id,
        "date_posted": date_posted,
        "author": author,
    }


ALL_POSTS = CompiledQuery(lambda: Post.objects.values_list(*COLUMNS))
POSTS_BY_AUTHOR = CompiledQuery(
    lambda author_id: Post.objects.filter(author_id=author_id).values_list(*COLUMNS),
    author_id=-7_000_001,
)
POST_BY_ID = CompiledQuery(
    lambda post_id: Post.objects.filter(pk=post_id).order_by().values_list(*COLUMNS),
    post_id=-7_000_001,
)
# COUNT() as a plain function: as an aggregate (Count), values_list() would group by the
# post's columns.
COUNT_ALL = CompiledQuery(lambda: Post.objects.order_by().values_list(Func("pk", function="COUNT")))
COUNT_BY_AUTHOR = CompiledQuery(
    lambda author_id: (
        Post.objects.filter(author_id=author_id)
        .order_by()
        .values_list(Func("pk", function="COUNT"))
    ),
    author_id=-7_000_001,
)


def post_rows(author_id: int | None = None) -> list[PostRow]:
    """Every post, or one author's, newest first:
    `[as_post_row(row) for row in Post.objects.values_list(*COLUMNS)]`, compiled once."""
    if author_id is None:
        rows = ALL_POSTS.rows(DEFAULT_DB_ALIAS)
    else:
        rows = POSTS_BY_AUTHOR.rows(DEFAULT_DB_ALIAS, author_id=author_id)
    return [as_post_row(row) for row in rows]


def post_row(post_id: int) -> PostRow | None:
    """One post, or None."""
    rows = POST_BY_ID.rows(DEFAULT_DB_ALIAS, post_id=post_id)
    return as_post_row(rows[0]) if rows else None


class PagedRows:
    """Every post, or one author's, as rows for a Paginator: counted, then read a page
    at a time (`Post.objects.count()` and `Post.objects.values_list(*COLUMNS)[page]`,
    compiled once: the pages run them on every request)."""

    def __init__(self, per_page: int, author_id: int | None = None):
        self.per_page = per_page
        self.author_id = author_id

    def count(self) -> int:
        if self.author_id is None:
            rows = COUNT_ALL.rows(DEFAULT_DB_ALIAS)
        else:
            rows = COUNT_BY_AUTHOR.rows(DEFAULT_DB_ALIAS, author_id=self.author_id)
        return rows[0][0]

    def __getitem__(self, page: slice) -> list[PostRow]:
        # The Paginator ends the last page at the count, which every new post changes:
        # a page's LIMIT is always per_page (the same rows), so one SQL a page number.
        page = slice(page.start, page.start + self.per_page)
        if self.author_id is None:
            rows = ALL_POSTS.rows(DEFAULT_DB_ALIAS, page)
        else:
            rows = POSTS_BY_AUTHOR.rows(DEFAULT_DB_ALIAS, page, author_id=self.author_id)
        return [as_post_row(row) for row in rows]
