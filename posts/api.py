"""The posts API (FastAPI's routers/posts.py), mounted at /api/posts."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from accounts.auth import AuthedRequest, JWTAuth
from accounts.models import image_path
from blogproj.renderers import json_response
from blogproj.schemas import ObjectId
from posts.models import Post
from posts.schemas import PostCreate, PostResponse, PostUpdate

router = Router(tags=["posts"])


# PostResponse's fields, as the columns of one query (the author's through the join).
POST_COLUMNS = ("id", "title", "content", "author_id", "date_posted")
AUTHOR_COLUMNS = ("author__username", "author__image_file")


def post_rows(posts: QuerySet) -> list[dict]:
    """The read path's one step off the plain idiom (see docs/performance.md).

    Returning model instances for Ninja to validate against PostResponse builds two
    model objects and one pydantic object per post: nearly all the time a 500-post list
    takes. This reads just the columns PostResponse needs, in one query, into dicts of
    PostResponse's shape. tests/test_performance.py proves the JSON is byte for byte what
    the schema path writes; the operations still declare PostResponse for the docs.
    """
    return [
        {
            "id": post_id,
            "title": title,
            "content": content,
            "user_id": author_id,
            "date_posted": date_posted,
            "author": {
                "id": author_id,
                "username": username,
                "image_file": image_file,
                "image_path": image_path(image_file),
            },
        }
        for post_id, title, content, author_id, date_posted, username, image_file in (
            posts.values_list(*POST_COLUMNS, *AUTHOR_COLUMNS)
        )
    ]


def get_own_post(request: AuthedRequest, post_id: int, forbidden: str) -> Post:
    """The post to change: 404 if there is none, then 403 unless the token's user wrote it."""
    try:
        post = Post.objects.get(pk=post_id)
    except Post.DoesNotExist:
        raise HttpError(404, "Post not found") from None
    if post.author_id != request.auth.pk:
        raise HttpError(403, forbidden)
    post.author = request.auth  # the owner, already loaded: no second query for the answer
    return post


@router.get("", response=list[PostResponse])
def get_posts(request: HttpRequest):
    return json_response(post_rows(Post.objects.all()))


@router.post("", response={201: PostResponse}, auth=JWTAuth())
def create_post(request: AuthedRequest, payload: PostCreate):
    # The author is the token's user; the body carries only title and content.
    return Post.objects.create(author=request.auth, **payload.model_dump())


@router.get("/{int:post_id}", response=PostResponse)
def get_post(request: HttpRequest, post_id: ObjectId):
    rows = post_rows(Post.objects.filter(pk=post_id).order_by())  # one row: no ORDER BY
    if not rows:
        raise HttpError(404, "Post not found")
    return json_response(rows[0])


@router.put("/{int:post_id}", response=PostResponse, auth=JWTAuth())
def update_post_full(request: AuthedRequest, post_id: ObjectId, payload: PostCreate):
    post = get_own_post(request, post_id, forbidden="Not authorized to update this post")
    return save_changes(post, payload.model_dump())


@router.patch("/{int:post_id}", response=PostResponse, auth=JWTAuth())
def update_post_partial(request: AuthedRequest, post_id: ObjectId, payload: PostUpdate):
    post = get_own_post(request, post_id, forbidden="Not authorized to update this post")
    return save_changes(post, payload.model_dump(exclude_unset=True))


@router.delete("/{int:post_id}", response={204: None}, auth=JWTAuth())
def delete_post(request: AuthedRequest, post_id: ObjectId):
    post = get_own_post(request, post_id, forbidden="Not authorized to delete this post")
    post.delete()


def save_changes(post: Post, changes: dict) -> Post:
    for field, value in changes.items():
        setattr(post, field, value)
    if changes:
        try:
            post.save(update_fields=list(changes))
        except Post.NotUpdated:  # a concurrent DELETE won since the post was read
            raise HttpError(404, "Post not found") from None
    return post
