"""The posts API (FastAPI's routers/posts.py), mounted at /api/posts."""

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from accounts.auth import AuthedRequest, JWTAuth
from blogproj.schemas import PathId
from posts.models import Post
from posts.reads import post_row, post_rows
from posts.schemas import PostCreate, PostResponse, PostUpdate

router = Router()


def get_post_or_404(post_id: int) -> Post:
    try:
        return Post.objects.select_related("author").get(pk=post_id)
    except Post.DoesNotExist:
        raise HttpError(404, "Post not found") from None


@router.get("", response=list[PostResponse])
def get_posts(request: HttpRequest):
    return post_rows()  # every post with its author, in one query (posts/reads.py)


@router.post("", response={201: PostResponse}, auth=JWTAuth())
def create_post(request: AuthedRequest, post: PostCreate):
    # The author is the token's user; the body carries only title and content.
    return Post.objects.create(author=request.auth, title=post.title, content=post.content)


@router.get("/{int:post_id}", response=PostResponse)
def get_post(request: HttpRequest, post_id: PathId):
    post = post_row(post_id)
    if post is None:
        raise HttpError(404, "Post not found")
    return post


@router.put("/{int:post_id}", response=PostResponse, auth=JWTAuth())
def update_post_full(request: AuthedRequest, post_id: PathId, post_data: PostCreate):
    post = get_post_or_404(post_id)
    if post.user_id != request.auth.id:
        raise HttpError(403, "Not authorized to update this post")
    post.title = post_data.title
    post.content = post_data.content
    post.save(update_fields=["title", "content"])
    return post


@router.patch("/{int:post_id}", response=PostResponse, auth=JWTAuth())
def update_post_partial(request: AuthedRequest, post_id: PathId, post_data: PostUpdate):
    post = get_post_or_404(post_id)
    if post.user_id != request.auth.id:
        raise HttpError(403, "Not authorized to update this post")
    update_data = post_data.model_dump(exclude_unset=True)
    for field, value in update_data.items():
        setattr(post, field, value)
    post.save(update_fields=list(update_data))
    return post


@router.delete("/{int:post_id}", response={204: None}, auth=JWTAuth())
def delete_post(request: AuthedRequest, post_id: PathId):
    post = get_post_or_404(post_id)
    if post.user_id != request.auth.id:
        raise HttpError(403, "Not authorized to delete this post")
    post.delete()
