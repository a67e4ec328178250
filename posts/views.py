"""The post pages (the FastAPI app's HTML routes in main.py)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from accounts.models import User
from posts.models import Post

POSTS_PER_PAGE = 10


def paginated(request, posts):
    """Page `?page=N` of posts (out-of-range numbers give the nearest page)."""
    page_obj = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    page_range = page_obj.paginator.get_elided_page_range(page_obj.number)
    return {"page_obj": page_obj, "page_range": page_range}


def home(request):
    posts = Post.objects.select_related("author")
    return render(request, "posts/home.html", paginated(request, posts))


def post_detail(request, post_id: int):
    post = get_object_or_404(Post.objects.select_related("author"), pk=post_id)
    return render(request, "posts/post.html", {"post": post})


def user_posts(request, user_id: int):
    author = get_object_or_404(User, pk=user_id)
    posts = author.posts.select_related("author")
    return render(request, "posts/user_posts.html", {"author": author, **paginated(request, posts)})
