"""Every page at desktop width and at a 375 px phone width, as a person would notice it:
no horizontal scrolling, no console errors, every image loaded. The screenshots land
in test-artifacts/screenshots/ for a human look."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 375}
LONG_WORD = "Supercalifragilisticexpialidocious" * 4


@pytest.fixture
def blog(db):
    corey = make_user("Corey")
    jane = make_user("Jane")
    for i in range(12):
        make_post(jane, title=f"Notes from week {i + 1}", content="Short and sweet.")
    make_post(
        corey,
        title="A long title that goes on " + LONG_WORD[:60],
        content=f"First line.\nSecond line, after a break.\n\n{LONG_WORD}\nThe end.",
    )
    post = make_post(corey, title="Hello from Corey", content="Welcome to the blog!\nEnjoy.")
    return {"author": corey, "post": post}


def look_at(page, name, width, console_errors, settle):
    """Assert what a person would notice, and keep a screenshot."""
    settle()
    # The one error allowed: the 404 page reports its own status in the console.
    expected = ["404 (Not Found)"] if name == "not-found" else []
    assert [e for e in console_errors if not any(x in e for x in expected)] == [], name
    console_errors.clear()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, (
        f"{name} scrolls sideways at {width}px"
    )
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
        ".map(i => i.src)"
    )
    assert broken == [], f"{name}: images not loaded: {broken}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("screen", WIDTHS)
def test_every_page_looks_finished(site, page, console_errors, settle, blog, screen):
    width = WIDTHS[screen]
    page.set_viewport_size({"width": width, "height": 900})
    post, author = blog["post"], blog["author"]

    logged_out = {
        "home": "/",
        "home-page-2": "/?page=2",
        "post": f"/posts/{post.pk}",
        "user-posts": f"/users/{author.pk}/posts",
        "login": "/login",
        "register": "/register",
        "not-found": "/posts/999999",
    }
    for name, path in logged_out.items():
        site.goto(path)
        look_at(page, name, width, console_errors, settle)

    site.goto("/register")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Confirm password").fill("short")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    console_errors.clear()  # the browser reports the API's 422 in the console
    look_at(page, "register-errors", width, console_errors, settle)
    site.goto("/login")
    page.get_by_label("Email").fill(author.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    console_errors.clear()  # the browser reports the 401 in the console
    look_at(page, "login-error", width, console_errors, settle)

    site.login(author.email)
    expect(site.account_button).to_have_text("Corey")  # on phones, inside the collapsed menu
    for name, path in {"home-logged-in": "/", "post-own": f"/posts/{post.pk}"}.items():
        site.goto(path)
        look_at(page, name, width, console_errors, settle)
    for button, dialog in {"Edit": "Edit Post", "Delete": "Delete this post?"}.items():
        page.get_by_role("button", name=button).click()
        expect(page.get_by_role("dialog", name=dialog)).to_be_visible()
        page.wait_for_function("() => document.getAnimations().length === 0")
        look_at(page, f"post-{button.lower()}-dialog", width, console_errors, settle)
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog", name=dialog)).to_be_hidden()
    if screen == "phone":
        page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("button", name="New Post").click()
    expect(page.get_by_role("dialog", name="New Post")).to_be_visible()
    page.wait_for_function("() => document.getAnimations().length === 0")
    look_at(page, "new-post-dialog", width, console_errors, settle)
    site.goto("/account")
    expect(page.locator("#account-username")).to_have_text("Corey")
    look_at(page, "account", width, console_errors, settle)
    page.get_by_role("button", name="Delete Account").click()
    # Bootstrap focuses the dialog once its fade-in has finished.
    expect(page.get_by_role("dialog", name="Are you sure?")).to_be_focused()
    look_at(page, "account-delete-dialog", width, console_errors, settle)
