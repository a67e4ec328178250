"""What a person would try beyond the test plan: hostile text, the docs' Authorize dialog,
the keyboard, an expired token mid-post, a double click."""

import json
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from django.conf import settings
from playwright.sync_api import expect

from posts.models import Post
from tests.factories import PASSWORD, make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_user_text_is_never_run_as_html(site, page, console_errors):
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    author = make_user(XSS[:50], email="xss@example.com")
    make_post(author, title=XSS[:100], content=XSS)

    site.goto("/")
    expect(page.locator(".post-title").first).to_have_text(XSS[:100])
    expect(page.locator(".post-content").first).to_have_text(XSS)
    site.login("xss@example.com")
    expect(site.account_button).to_have_text(XSS[:50])  # set by the script
    post_id = site.new_post(XSS[:100], XSS)
    site.goto(f"/posts/{post_id}")
    dialog = site.open_post_dialog("Edit")
    dialog.get_by_label("Title").fill(XSS[:90] + " again")
    dialog.get_by_role("button", name="Update Post").click()
    expect(page.locator("#post-title")).to_have_text(XSS[:90] + " again")  # set by the script
    site.goto("/account")
    expect(page.locator("#account-username")).to_have_text(XSS[:50])
    site.goto(f"/users/{author.pk}/posts")
    expect(page.get_by_role("heading", level=1)).to_contain_text(XSS[:50])

    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert Post.objects.get(pk=post_id).content == XSS
    assert console_errors == []


def test_docs_authorize_dialog_logs_in_with_email_and_try_it_out_posts(site, page):
    user = make_user("docs")

    site.authorize_in_docs(user.email)
    body = json.dumps({"title": "From the docs", "content": "Sent by Swagger UI"})
    status = site.try_it_out("posts-posts_api_create_post", body)

    expect(status).to_have_text("201")
    assert Post.objects.get().author == user


def test_docs_forget_the_login_on_reload_as_fastapis_do(site, page):
    # The video resets the database and tries the docs again without logging in:
    # a token kept from before would be sent, and the 401 it expects would not come.
    user = make_user("docs")
    site.authorize_in_docs(user.email)
    expect(site.try_it_out("users-accounts_api_get_me")).to_have_text("200")

    site.goto("/api/docs")  # loaded again (without the #operation the first visit added)

    expect(site.try_it_out("users-accounts_api_get_me")).to_have_text("401")


def test_register_log_in_and_post_with_the_keyboard_only(site, page):
    site.goto("/register")
    page.keyboard.type("keys")  # the username field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site.url("/login?registered=1"))

    page.keyboard.type("keys@example.com")  # the email field has the focus
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site.url("/"))

    new_post = page.get_by_role("button", name="New Post")
    expect(new_post).to_be_visible()  # once the script knows who is logged in
    new_post.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="New Post").get_by_label("Title")).to_be_focused()
    page.keyboard.type("Typed, not clicked")
    page.keyboard.press("Tab")
    page.keyboard.type("No mouse was used.")
    page.keyboard.press("Tab")  # Cancel
    page.keyboard.press("Tab")  # Post
    with page.expect_navigation(url=site.url("/")):
        page.keyboard.press("Enter")
    site.newest_post_id("Typed, not clicked")

    page.get_by_role("link", name="Typed, not clicked").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#post-title")).to_have_text("Typed, not clicked")
    edit = page.get_by_role("button", name="Edit")
    expect(edit).to_be_visible()  # once checkOwnership has run
    edit.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Edit Post")
    expect(dialog.get_by_label("Title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Edit Post")).to_be_hidden()


def test_typing_while_the_dialog_opens_stays_in_the_field_clicked(site, page):
    site.login(make_user("quick").email)
    page.get_by_role("button", name="New Post").click()
    dialog = page.get_by_role("dialog", name="New Post")
    # Straight into Content, while the dialog is still fading in: slow typing outlasts the
    # fade, after which the dialog takes the focus and would hand it to Title.
    dialog.get_by_label("Content").focus()
    page.keyboard.type("Typed while the dialog was opening", delay=25)
    expect(dialog.get_by_label("Content")).to_have_value("Typed while the dialog was opening")
    expect(dialog.get_by_label("Title")).to_have_value("")
    expect(dialog.get_by_label("Content")).to_be_focused()


def expired_token(user):
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    claims = {
        "sub": str(user.pk),
        "iat": an_hour_ago,
        "exp": an_hour_ago + timedelta(minutes=30),
        "jti": uuid.uuid4().hex,
        "ver": user.token_version,
    }
    return jwt.encode(claims, settings.JWT_SECRET_KEY, algorithm="HS256")


def test_a_new_post_survives_an_expired_token(site, page):
    user = make_user("writer")
    site.login(user.email)
    dialog = site.open_post_dialog("New Post")
    dialog.get_by_label("Title").fill("Half-written")
    dialog.get_by_label("Content").fill("Line one\nLine two")
    page.evaluate(f"localStorage.setItem('access_token', {json.dumps(expired_token(user))})")

    dialog.get_by_role("button", name="Post").click()

    page.wait_for_url(site.url("/login?next=%2F"))
    site.login(user.email)
    dialog = page.get_by_role("dialog", name="New Post")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Title")).to_have_value("Half-written")
    expect(dialog.get_by_label("Content")).to_have_value("Line one\nLine two")
    with page.expect_navigation(url=site.url("/")):
        dialog.get_by_role("button", name="Post").click()
    site.newest_post_id("Half-written")
    assert Post.objects.get().content == "Line one\nLine two"


def test_an_edit_survives_an_expired_token(site, page):
    user = make_user("editor")
    post = make_post(user, title="Before", content="Old text")
    site.login(user.email)
    site.goto(f"/posts/{post.pk}")
    dialog = site.open_post_dialog("Edit")
    dialog.get_by_label("Content").fill("New text, carefully written")
    page.evaluate(f"localStorage.setItem('access_token', {json.dumps(expired_token(user))})")

    dialog.get_by_role("button", name="Update Post").click()

    page.wait_for_url(site.url(f"/login?next=%2Fposts%2F{post.pk}"))
    site.login(user.email, next_path=f"/posts/{post.pk}")
    dialog = page.get_by_role("dialog", name="Edit Post")
    expect(dialog.get_by_label("Content")).to_have_value("New text, carefully written")
    dialog.get_by_role("button", name="Update Post").click()
    expect(page.locator("#post-content")).to_have_text("New text, carefully written")


def test_an_expired_token_shows_the_navbar_logged_out(site, page):
    user = make_user("stale")
    site.login(user.email)
    page.evaluate(f"localStorage.setItem('access_token', {json.dumps(expired_token(user))})")

    site.goto("/")

    expect(page.get_by_role("link", name="Login")).to_be_visible()
    expect(site.account_button).to_be_hidden()


def test_login_returns_to_the_page_you_came_from(site, page):
    user = make_user("reader")
    post = make_post(user)
    site.goto(f"/posts/{post.pk}")

    page.get_by_role("link", name="Login").click()
    site.login(user.email, next_path=f"/posts/{post.pk}")

    expect(page.get_by_role("button", name="Edit")).to_be_visible()


def test_a_double_clicked_submit_creates_one_post(site, page):
    user = make_user("clicker")
    site.login(user.email)
    dialog = site.open_post_dialog("New Post")
    dialog.get_by_label("Title").fill("Once")
    dialog.get_by_label("Content").fill("Only once")

    with page.expect_navigation(url=site.url("/")):
        dialog.get_by_role("button", name="Post").dblclick()

    site.newest_post_id("Once")
    assert Post.objects.count() == 1


def test_validation_errors_show_next_to_their_field(site, page):
    make_user("taken", email="taken@example.com")
    site.fill_in_registration("TAKEN", "not-an-email", "short", "short")

    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-error-for=email]")).to_have_text(
        "Enter a valid email address, like name@example.com."
    )
    expect(page.locator("[data-error-for=password]")).to_have_text("Use at least 8 characters.")

    page.get_by_label("Email").fill("new@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD + "x")
    page.get_by_role("button", name="Register").click()
    expect(page.locator("[data-error-for=confirm_password]")).to_have_text(
        "The passwords don't match."
    )

    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Register").click()
    expect(page.locator("[data-error-for=username]")).to_have_text(
        "That username is taken. Try another one."
    )


def test_wrong_password_says_so(site, page):
    user = make_user("forgetful")
    site.goto("/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_have_text("Incorrect email or password.")


def test_a_network_failure_is_reported(site, page):
    user = make_user("offline")
    site.login(user.email)
    dialog = site.open_post_dialog("New Post")
    dialog.get_by_label("Title").fill("Lost?")
    dialog.get_by_label("Content").fill("Not lost")
    page.route("**/api/posts", lambda route: route.abort())

    dialog.get_by_role("button", name="Post").click()

    expect(dialog.get_by_role("alert")).to_contain_text("Could not reach the server")
    expect(dialog.get_by_label("Title")).to_have_value("Lost?")
    expect(dialog.get_by_role("button", name="Post")).to_be_enabled()


def test_after_logout_a_copy_of_the_token_is_refused_in_another_browser(site, page, browser):
    make_user("leaver", email="leaver@example.com")
    site.login("leaver@example.com")
    token = page.evaluate("localStorage.getItem('access_token')")
    elsewhere = browser.new_context().new_page()  # a fresh browser, the token copied in
    elsewhere.goto(site.url("/"))
    elsewhere.evaluate("token => localStorage.setItem('access_token', token)", token)
    elsewhere.goto(site.url("/account"))
    expect(elsewhere.locator("#account-username")).to_have_text("leaver")  # it works, so far

    site.logout()

    elsewhere.goto(site.url("/account"))
    elsewhere.wait_for_url(site.url("/login?next=%2Faccount"))  # refused, and forgotten
    status = elsewhere.evaluate(
        """token => fetch("/api/users/me", {headers: {Authorization: `Bearer ${token}`}})
                   .then(response => response.status)""",
        token,
    )
    assert status == 401
    elsewhere.context.close()


def test_logout_forgets_the_token_even_when_the_server_cant_be_reached(site, page):
    make_user("offline", email="offline@example.com")
    site.login("offline@example.com")
    page.route("**/api/users/logout", lambda route: route.abort())

    site.logout()

    assert page.evaluate("localStorage.getItem('access_token')") is None
