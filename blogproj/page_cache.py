"""Pages rendered once for what they show, instead of once per request.

The home page is the busiest page, and rendering ten posts through Django's templates
took about three quarters of its time (docs/performance.md); a post's page, with its
dialogs, about half of its own. But their HTML is a function of their data. So
render_cached() keeps the HTML under a key made of everything the page shows, which the
view has just read as it would to render it. Any change to what the page shows (a new,
edited or deleted post, an author's new name or picture) gives another key: the next
request renders the page afresh. There is nothing to invalidate, no signal to miss and
no expiry to wait for.

Why not Django's own per-view cache (`cache_page`)? It keys a page by its URL, so it
would serve a page until it expires, however its posts change.

The HTML goes to the "pages" cache (settings.CACHES): each process's own memory, bounded,
even when the default cache is Redis. It is cheap to make again, and a shared copy could
outlive the deploy whose templates made it.

A kept page must hold nothing of the request that made it: another visitor gets the same
bytes. So a page whose rendering read the visitor's CSRF token, session, user or messages
is served but not kept (tests/test_pages.py renders such a page for two visitors).
"""

import hashlib

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_cached(
    request: HttpRequest, template_name: str, context: dict, *, depends_on: object
) -> HttpResponse:
    """render(), or the HTML it gave for the last page whose `depends_on` was the same.

    `depends_on` holds everything the page shows that can change, as plain values
    (numbers, text, dates, and lists and dicts of them): its repr() makes the key.
    """
    pages = caches["pages"]
    key = hashlib.blake2b(repr((request.path, template_name, depends_on)).encode()).hexdigest()
    html = pages.get(key)
    if html is None:
        html = render(request, template_name, context).content
        if not read_the_visitor(request):
            pages.set(key, html)
    return HttpResponse(html)


def read_the_visitor(request: HttpRequest) -> bool:
    """Whether rendering read anything that belongs to this visitor alone."""
    messages = getattr(request, "_messages", None)
    session = getattr(request, "session", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # {% csrf_token %}, get_token()
        or hasattr(request, "_cached_user")  # {{ user }}, request.user
        or (session is not None and session.accessed)
        or (messages is not None and messages.used)
    )


def forget_cached_pages() -> None:
    """Drop every kept page (the tests start each from nothing)."""
    caches["pages"].clear()
