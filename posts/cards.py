"""A post as the lists of posts show it: a card (title, content, date, author).

The home page and a user's posts read just these columns, in one query, into small
immutable tuples, instead of building a Post and a User per post (docs/performance.md:
the home page is the busiest page). A Card answers the names the templates read of a
Post (pk, title, content, date_posted, author_id, author.username, author.image_path),
so one template serves both; tests/test_pages.py proves the HTML is the same. Being
immutable, cards are also the keys the home page and the post pages are kept under
(blogproj/page_cache.py).
"""

from datetime import datetime
from typing import NamedTuple

from django.db.models import QuerySet

from accounts.models import image_path


class Author(NamedTuple):
    id: int
    username: str
    image_file: str | None

    @property
    def image_path(self) -> str:
        return image_path(self.image_file)


class Card(NamedTuple):
    pk: int
    title: str
    content: str
    date_posted: datetime
    author_id: int
    author: Author

    @classmethod
    def of(cls, post) -> "Card":
        """What a page shows of a Post (loaded with its author)."""
        author = Author(post.author.pk, post.author.username, post.author.image_file)
        return cls(post.pk, post.title, post.content, post.date_posted, post.author_id, author)


COLUMNS = (
    "id",
    "title",
    "content",
    "date_posted",
    "author_id",
    "author__username",
    "author__image_file",
)


class Cards:
    """The posts of a queryset as cards, for a Paginator: counted, then read a page at a time."""

    def __init__(self, posts: QuerySet):
        self.rows = posts.values_list(*COLUMNS)

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, page: slice) -> tuple[Card, ...]:
        return tuple(
            Card(
                pk, title, content, date_posted, author_id, Author(author_id, username, image_file)
            )
            for pk, title, content, date_posted, author_id, username, image_file in self.rows[page]
        )
