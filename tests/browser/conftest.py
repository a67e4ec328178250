"""Browser tests: Playwright driving a real headless Chromium against live_server."""

import pytest

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
