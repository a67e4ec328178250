"""The post pages (the FastAPI app's HTML routes in main.py)."""

from collections.abc import Sequence
from typing import cast

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from accounts.models import User
from blogproj.page_cache import render_cached
from posts.reads import PagedRows, PostRow, post_row

POSTS_PER_PAGE = 10


def paginated(request, author_id: int | None = None):
    """Page `?page=N` of every post, or of one author's, as rows (out-of-range numbers
    give the nearest page)."""
    # PagedRows has what the Paginator uses of a list (count() and slices), not all its type asks.
    rows = cast("Sequence[PostRow]", PagedRows(POSTS_PER_PAGE, author_id))
    paginator: Paginator[PostRow] = Paginator(rows, POSTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_range = page_obj.paginator.get_elided_page_range(page_obj.number)
    return {"page_obj": page_obj, "page_range": page_range}


def home(request):
    context = paginated(request)
    page_obj = context["page_obj"]
    # The busiest page: rendered again only when what it shows changes (blogproj/page_cache.py).
    shown = (page_obj.number, page_obj.paginator.num_pages, page_obj.object_list)
    return render_cached(request, "posts/home.html", context, depends_on=shown)


def post_detail(request, post_id: int):
    post = post_row(post_id)  # the post and its author, as the API reads them
    if post is None:
        raise Http404("Post not found")
    # Rendered again only when the post or its author changes, as the home page.
    return render_cached(request, "posts/post.html", {"post": post}, depends_on=post)


def user_posts(request, user_id: int):
    author = get_object_or_404(User, pk=user_id)
    return render(
        request,
        "posts/user_posts.html",
        {"author": author, **paginated(request, author.pk)},
    )
