"""Browser tests: Playwright driving a real headless Chromium against live_server."""

import time

import pytest
from playwright.sync_api import Request

from tests.browser.chromium import system_chromium


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": system_chromium(),  # None: Playwright's own build
        # Nothing outside this machine: Chromium's own lookups of other hosts fail at once.
        "args": [
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
            "--disable-quic",
        ],
    }


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def settle(page):
    """settle(): wait until the page has loaded, every request it made has been answered,
    and what the scripts did with the answers has been drawn. What Playwright's
    "networkidle" is for, without its half second of quiet after the last request."""
    in_flight: set[Request] = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))

    def wait(seconds: float = 10) -> None:
        page.wait_for_load_state("load")
        deadline = time.monotonic() + seconds
        while True:
            while in_flight:
                still = sorted(request.url for request in in_flight)
                assert time.monotonic() < deadline, f"still loading after {seconds} s: {still}"
                page.wait_for_timeout(10)  # Playwright reports the requests meanwhile
            # The scripts' handling of the answers (promises, then tasks), then a frame.
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r)))")
            if not in_flight:  # nothing new started meanwhile
                return

    return wait


@pytest.fixture
def console_errors(page):
    """Errors the page's scripts log or throw (a test asserts it stays empty)."""
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def site(page, live_server):
    from tests.browser.steps import Site

    return Site(page, live_server.url)
