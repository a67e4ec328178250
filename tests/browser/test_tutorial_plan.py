"""The tutorial's own test plan (Part 11, step 6), clicked through in the video's order."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from posts.models import Post

pytestmark = pytest.mark.django_db(transaction=True)

PROTECTED_CALL = """() => fetch("/api/posts", {method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({title: "x", content: "y"})}).then(r => r.status)"""


def test_tutorial_test_plan(site, page):
    # 1. Start from an empty database.
    assert not User.objects.exists()
    site.goto("/")
    expect(page.get_by_text("No posts yet.")).to_be_visible()

    # 2. Logged out there is no New Post button, and the API refuses a post: 401.
    expect(page.get_by_role("link", name="Login")).to_be_visible()
    expect(page.get_by_role("button", name="New Post")).to_be_hidden()
    assert page.evaluate(PROTECTED_CALL) == 401

    # 3. Register, log in, create a post: it shows on the home page, and its author is
    #    the logged-in user. On its page the author sees Edit and Delete, and can edit it.
    site.register("Corey")
    site.login("corey@example.com")
    expect(site.account_button).to_have_text("Corey")
    coreys_post = site.new_post("New post", "New content")
    assert Post.objects.get(pk=coreys_post).author.username == "Corey"
    page.get_by_role("link", name="New post").click()
    expect(page.locator("#post .author-name")).to_have_text("Corey")
    edit = site.open_post_dialog("Edit")
    edit.get_by_label("Title").fill("New updated post")
    edit.get_by_role("button", name="Update Post").click()
    expect(edit).to_be_hidden()
    expect(page.locator("#post-title")).to_have_text("New updated post")
    assert Post.objects.get(pk=coreys_post).title == "New updated post"

    # 4. The account page shows your data; a new username shows in the navbar.
    site.account_button.click()
    page.wait_for_url(site.url("/account"))
    expect(page.locator("#account-username")).to_have_text("Corey")
    expect(page.locator("#account-email")).to_have_text("corey@example.com")
    page.get_by_label("Username").fill("CoreyMS")
    page.get_by_role("button", name="Update Profile").click()
    expect(page.get_by_text("Profile updated.")).to_be_visible()
    expect(page.locator("#account-username")).to_have_text("CoreyMS")
    expect(site.account_button).to_have_text("CoreyMS")
    site.goto("/")
    expect(site.account_button).to_have_text("CoreyMS")

    # 5. Logout leaves you logged out: protected pages send you to log in, and the API
    #    refuses a post again.
    site.logout()
    expect(page.get_by_role("button", name="New Post")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('access_token')") is None
    assert page.evaluate(PROTECTED_CALL) == 401
    site.goto("/account")
    page.wait_for_url(site.url("/login?next=%2Faccount"))

    # 6. A second user writes two posts. They can't edit or delete the first user's post
    #    (the buttons are hidden; shown anyway, the API answers 403 and the dialog names
    #    the action); they can delete their own.
    site.register("Test user", email="test@example.com")
    site.login("test@example.com")
    site.new_post("Test post", "Test content")
    deletion = site.new_post("Test deletion", "Test deletion")
    page.get_by_role("link", name="New updated post").click()
    expect(page.get_by_role("heading", name="New updated post")).to_be_visible()
    expect(site.account_button).to_have_text("Test user")  # the scripts know who is here
    expect(page.get_by_role("button", name="Edit")).to_be_hidden()
    expect(page.get_by_role("button", name="Delete")).to_be_hidden()
    page.evaluate("document.getElementById('post-actions').classList.remove('d-none')")
    edit = site.open_post_dialog("Edit")
    edit.get_by_label("Title").fill("Hijacked")
    edit.get_by_role("button", name="Update Post").click()
    refused = page.get_by_role("dialog", name="Not authorized")
    expect(refused).to_contain_text("You are not authorized to edit this post.")
    refused.get_by_role("button", name="OK").click()
    expect(refused).to_be_hidden()
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog", name="Delete this post?").get_by_role(
        "button", name="Delete"
    ).click()
    expect(refused).to_contain_text("You are not authorized to delete this post.")
    refused.get_by_role("button", name="OK").click()
    expect(refused).to_be_hidden()
    assert Post.objects.get(pk=coreys_post).title == "New updated post"

    site.goto(f"/posts/{deletion}")
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog", name="Delete this post?").get_by_role(
        "button", name="Delete"
    ).click()
    page.wait_for_url(site.url("/"))
    expect(page.get_by_role("link", name="Test deletion")).to_have_count(0)
    assert not Post.objects.filter(pk=deletion).exists()

    # 7. Deleting the second user's account removes them and their posts, and logs
    #    them out; the first user's post is still there.
    site.account_button.click()
    page.get_by_role("button", name="Delete Account").click()
    dialog = page.get_by_role("dialog", name="Are you sure?")
    expect(dialog).to_contain_text("all of your posts")
    dialog.get_by_role("button", name="Delete Account").click()
    page.wait_for_url(site.url("/"))
    expect(page.get_by_role("link", name="Login")).to_be_visible()
    expect(page.get_by_role("link", name="Test post")).to_have_count(0)
    expect(page.get_by_role("link", name="New updated post")).to_be_visible()
    assert not User.objects.filter(email="test@example.com").exists()
    assert not Post.objects.filter(author__username="Test user").exists()
    assert list(Post.objects.values_list("pk", flat=True)) == [coreys_post]
