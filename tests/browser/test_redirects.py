"""After logging in, `?next=` leads back to a page of this site, and nowhere else: a
login link must not be a way to send a user to another site (an open redirect)."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# `next` as it would appear in a link someone is sent, encoded or not, each leading to
# another site (tests/js/redirects.test.js checks the same list in Node).
ELSEWHERE = json.loads((Path(__file__).parents[1] / "open_redirects.json").read_text())


def log_in_from(site, page, next_value: str):
    """Log in for real on /login?next=<next_value>; where the browser lands."""
    user = make_user("someone")
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    site.goto(f"/login?next={next_value}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(site.account_button).to_have_text("someone")
    assert dialogs == []
    return page.url


def test_next_to_another_site_lands_on_the_home_page(site, page):
    # One real login: the tab the browser drops makes "/<tab>/evil.example" another host.
    assert log_in_from(site, page, ELSEWHERE["tab"]) == site.url("/")


def test_chromium_reads_every_next_to_another_site_as_the_home_page(site, page):
    """The whole list, through Chromium's own URL parser, on one page: the login page's
    address is changed in place and its script asked where it would go. (Node's parser
    is checked against the same list in tests/js/redirects.test.js.)"""
    site.goto("/login")
    where = page.evaluate(
        """async (values) => {
            const login = document.querySelector("script[src*='/js/login']").src;
            const { nextPage } = await import(new URL("redirects.js", login));
            return values.map((value) => {
                history.replaceState(null, "", `/login?next=${value}`);
                return nextPage();
            });
        }""",
        list(ELSEWHERE.values()),
    )

    assert dict(zip(ELSEWHERE, where, strict=True)) == dict.fromkeys(ELSEWHERE, "/")


def test_next_to_a_page_of_this_site_is_kept(site, page):
    post = make_post(make_user("author"))

    landed = log_in_from(site, page, f"/posts/{post.pk}%3Fpage%3D2%23x")

    assert landed == site.url(f"/posts/{post.pk}?page=2#x")
