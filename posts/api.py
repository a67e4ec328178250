"""The posts API (FastAPI's routers/posts.py), mounted at /api/posts."""

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from accounts.auth import AuthedRequest, JWTAuth
from blogproj.schemas import ObjectId
from posts.models import Post
from posts.schemas import PostCreate, PostResponse, PostUpdate

router = Router(tags=["posts"])


def get_post_or_404(post_id: int) -> Post:
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None:
        raise HttpError(404, "Post not found")
    return post


@router.get("", response=list[PostResponse])
def get_posts(request: HttpRequest):
    return Post.objects.select_related("author")


@router.post("", response={201: PostResponse}, auth=JWTAuth())
def create_post(request: AuthedRequest, payload: PostCreate):
    # The author is the token's user; the body carries only title and content.
    return Post.objects.create(author=request.auth, **payload.model_dump())


@router.get("/{int:post_id}", response=PostResponse)
def get_post(request: HttpRequest, post_id: ObjectId):
    return get_post_or_404(post_id)


@router.put("/{int:post_id}", response=PostResponse, auth=JWTAuth())
def update_post_full(request: AuthedRequest, post_id: ObjectId, payload: PostCreate):
    post = get_post_or_404(post_id)
    if post.author_id != request.auth.pk:
        raise HttpError(403, "Not authorized to update this post")
    return save_changes(post, payload.model_dump())


@router.patch("/{int:post_id}", response=PostResponse, auth=JWTAuth())
def update_post_partial(request: AuthedRequest, post_id: ObjectId, payload: PostUpdate):
    post = get_post_or_404(post_id)
    if post.author_id != request.auth.pk:
        raise HttpError(403, "Not authorized to update this post")
    return save_changes(post, payload.model_dump(exclude_unset=True))


@router.delete("/{int:post_id}", response={204: None}, auth=JWTAuth())
def delete_post(request: AuthedRequest, post_id: ObjectId):
    post = get_post_or_404(post_id)
    if post.author_id != request.auth.pk:
        raise HttpError(403, "Not authorized to delete this post")
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
