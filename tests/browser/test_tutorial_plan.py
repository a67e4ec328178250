"""The tutorial's own test plan (Part 11, step 6), clicked through as a person would."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from posts.models import Post

pytestmark = pytest.mark.django_db(transaction=True)


def test_tutorial_test_plan(site, page):
    # 1. Start from an empty database.
    assert not User.objects.exists()
    site.goto("/")
    expect(page.get_by_text("No posts yet.")).to_be_visible()

    # 2. Logged out there is no New Post button, and the API refuses a post: 401.
    expect(page.get_by_role("link", name="Login")).to_be_visible()
    expect(page.get_by_role("button", name="New Post")).to_be_hidden()
    status = page.evaluate(
        """() => fetch("/api/posts", {method: "POST", headers: {"Content-Type": "application/json"},
                 body: JSON.stringify({title: "x", content: "y"})}).then(r => r.status)"""
    )
    assert status == 401

    # 3. Register, log in, create a post: the author is the logged-in user.
    site.register("Corey")
    site.login("corey@example.com")
    expect(site.account_button).to_have_text("Corey")
    coreys_post = site.new_post("Corey's first post", "Hello, Django!")
    expect(page.locator("#post .author-name")).to_have_text("Corey")
    assert Post.objects.get(pk=coreys_post).author.username == "Corey"

    # 4. A second user can't edit or delete it (the buttons are hidden; forcing them: 403);
    #    they can edit and delete their own.
    site.logout()
    site.register("Jane")
    site.login("jane@example.com")
    site.goto(f"/posts/{coreys_post}")
    expect(page.get_by_role("heading", name="Corey's first post")).to_be_visible()
    expect(page.get_by_role("button", name="Edit")).to_be_hidden()
    expect(page.get_by_role("button", name="Delete")).to_be_hidden()
    page.evaluate("document.getElementById('post-actions').classList.remove('d-none')")
    page.get_by_role("button", name="Edit").click()
    edit = page.get_by_role("dialog", name="Edit Post")
    edit.get_by_label("Title").fill("Hijacked by Jane")
    edit.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("dialog", name="Not authorized")).to_be_visible()
    page.get_by_role("dialog", name="Not authorized").get_by_role("button", name="OK").click()
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog", name="Delete this post?").get_by_role(
        "button", name="Delete"
    ).click()
    expect(page.get_by_role("dialog", name="Not authorized")).to_be_visible()
    page.get_by_role("dialog", name="Not authorized").get_by_role("button", name="OK").click()
    expect(page.get_by_role("dialog", name="Not authorized")).to_be_hidden()
    assert Post.objects.get(pk=coreys_post).title == "Corey's first post"

    janes_post = site.new_post("Jane's post", "Mine.")
    expect(page.get_by_role("button", name="Edit")).to_be_visible()
    page.get_by_role("button", name="Edit").click()
    edit = page.get_by_role("dialog", name="Edit Post")
    edit.get_by_label("Title").fill("Jane's post, edited")
    edit.get_by_role("button", name="Save changes").click()
    expect(edit).to_be_hidden()
    expect(page.locator("#post-title")).to_have_text("Jane's post, edited")
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog", name="Delete this post?").get_by_role(
        "button", name="Delete"
    ).click()
    page.wait_for_url(site.url("/"))
    expect(page.get_by_text("Jane's post")).to_have_count(0)
    assert not Post.objects.filter(pk=janes_post).exists()

    # 5. The account page shows your data; a new username shows in the navbar.
    site.logout()
    site.login("corey@example.com")
    site.account_button.click()
    page.wait_for_url(site.url("/account"))
    expect(page.locator("#account-username")).to_have_text("Corey")
    expect(page.locator("#account-email")).to_have_text("corey@example.com")
    page.get_by_label("Username").fill("CoreyMS")
    page.get_by_role("button", name="Update").click()
    expect(page.get_by_text("Profile updated.")).to_be_visible()
    expect(site.account_button).to_have_text("CoreyMS")
    site.goto("/")
    expect(site.account_button).to_have_text("CoreyMS")

    # 6. Logout leaves you logged out; protected pages send you to log in.
    site.logout()
    expect(page.get_by_role("button", name="New Post")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('access_token')") is None
    site.goto("/account")
    page.wait_for_url(site.url("/login?next=%2Faccount"))

    # 7. Deleting the account removes the user and their posts, and logs you out.
    site.login("corey@example.com", next_path="/account")
    page.get_by_role("button", name="Delete Account").click()
    dialog = page.get_by_role("dialog", name="Delete your account?")
    expect(dialog).to_contain_text("all of your posts")
    dialog.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(site.url("/"))
    expect(page.get_by_role("link", name="Login")).to_be_visible()
    expect(page.get_by_text("Corey's first post")).to_have_count(0)
    assert not User.objects.filter(username="CoreyMS").exists()
    assert not Post.objects.filter(pk=coreys_post).exists()
