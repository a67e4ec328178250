"""The post pages (the FastAPI app's HTML routes in main.py)."""

from collections.abc import Sequence
from typing import cast

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from accounts.models import User
from blogproj.page_cache import render_cached
from posts.cards import Card, Cards
from posts.models import Post

POSTS_PER_PAGE = 10


def paginated(request, posts):
    """Page `?page=N` of posts, as cards (out-of-range numbers give the nearest page)."""
    # Cards has what the Paginator uses of a list (count() and slices), not all its type asks.
    paginator: Paginator[Card] = Paginator(cast("Sequence[Card]", Cards(posts)), POSTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_range = page_obj.paginator.get_elided_page_range(page_obj.number)
    return {"page_obj": page_obj, "page_range": page_range}


def home(request):
    context = paginated(request, Post.objects.all())
    page_obj = context["page_obj"]
    # The busiest page: rendered again only when what it shows changes (blogproj/page_cache.py).
    shows = (page_obj.number, page_obj.paginator.num_pages, page_obj.object_list)
    return render_cached(request, "posts/home.html", context, shows=shows)


def post_detail(request, post_id: int):
    post = get_object_or_404(Post.objects.select_related("author"), pk=post_id)
    # Rendered again only when the post or its author changes, as the home page.
    return render_cached(request, "posts/post.html", {"post": post}, shows=Card.of(post))


def user_posts(request, user_id: int):
    author = get_object_or_404(User, pk=user_id)
    return render(
        request,
        "posts/user_posts.html",
        {"author": author, **paginated(request, author.posts.all())},
    )
