from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import image_path
from blogproj.compiled_query import CompiledQuery

# PostResponse's fields, in one query with the author's: what the API's reads select.
RESPONSE_COLUMNS = (
    "id",
    "title",
    "content",
    "author_id",
    "date_posted",
    "author__username",
    "author__image_file",
)


def as_response(row: tuple) -> dict:
    """One row of RESPONSE_COLUMNS, in PostResponse's shape."""
    post_id, title, content, author_id, date_posted, username, image_file = row
    author = {
        "id": author_id,
        "username": username,
        "image_file": image_file,
        "image_path": image_path(image_file),
    }
    return {
        "id": post_id,
        "title": title,
        "content": content,
        "user_id": author_id,
        "date_posted": date_posted,
        "author": author,
    }


class PostManager(models.Manager):
    """The API's reads, in PostResponse's shape: each one query for the posts and their
    authors, and built from plain column values rather than from Post and User instances,
    which would take most of a 500-post list's time (docs/performance.md). They run on
    nearly every request, so each is compiled once (blogproj/compiled_query.py);
    tests/test_fast_paths.py proves the JSON identical to the plain ORM path's."""

    def responses(self, author_id: int | None = None) -> list[dict]:
        """Every post, or one author's, newest first:
        `[as_response(row) for row in Post.objects.values_list(*RESPONSE_COLUMNS)]`."""
        if author_id is None:
            rows = ALL_POSTS.rows(self.db)
        else:
            rows = POSTS_BY_AUTHOR.rows(self.db, author_id=author_id)
        return [as_response(row) for row in rows]

    def response(self, post_id: int) -> dict | None:
        """One post, or None."""
        rows = POST_BY_ID.rows(self.db, post_id=post_id)
        return as_response(rows[0]) if rows else None


class Post(models.Model):
    title = models.CharField(max_length=100)
    content = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    # Set on creation (an aware datetime in UTC: USE_TZ); indexed because every list
    # sorts by it. A default rather than auto_now_add, so the seed command can backdate.
    date_posted = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PostManager()

    class Meta:
        # Newest first; posts written in the same instant, highest id first.
        ordering = ["-date_posted", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.pk])


ALL_POSTS = CompiledQuery(lambda: Post.objects.values_list(*RESPONSE_COLUMNS))
POSTS_BY_AUTHOR = CompiledQuery(
    lambda author_id: Post.objects.filter(author_id=author_id).values_list(*RESPONSE_COLUMNS),
    author_id=-7_000_001,
)
POST_BY_ID = CompiledQuery(
    lambda post_id: Post.objects.filter(pk=post_id).order_by().values_list(*RESPONSE_COLUMNS),
    post_id=-7_000_001,
)
