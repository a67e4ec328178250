"""Pages rendered once for what they show, instead of once per request.

The home page is the busiest page, and rendering ten posts through Django's templates
took about three quarters of its time (docs/performance.md); a post's page, with its
dialogs, about half of its own. But their HTML is a function of their data. So
render_cached() keeps the HTML under a key made of everything the page shows, which the
view has just read as it would to render it. Any change to what the page shows (a new,
edited or deleted post, an author's new name or picture) gives another key: the next
request renders the page afresh. There is nothing to invalidate, no signal to miss and
no expiry to wait for.

The HTML is kept in this process's memory, not in the shared cache: it is cheap to
make again, and a shared copy could outlive the deploy whose templates made it.
"""

from collections.abc import Hashable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

MAX_PAGES = 1000  # at most 10 to 15 MB of HTML a process
_pages: dict[Hashable, bytes] = {}


def render_cached(
    request: HttpRequest, template_name: str, context: dict, *, shows: Hashable
) -> HttpResponse:
    """render(), or the HTML it gave for the last page that `shows` the same.

    `shows` holds everything the page shows that can change; the page may show
    nothing of the request but its path.
    """
    key = (request.path, template_name, shows)
    html = _pages.get(key)
    if html is None:
        html = render(request, template_name, context).content
        if len(_pages) >= MAX_PAGES:
            _pages.clear()  # simpler than least-recently-used, and rare
        _pages[key] = html
    return HttpResponse(html)


def forget_cached_pages() -> None:
    """Drop every kept page (the tests start each from nothing)."""
    _pages.clear()
