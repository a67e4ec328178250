"""What a person does on the site, as reusable steps for the browser tests."""

import re

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


class Site:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def url(self, path: str) -> str:
        return self.base_url + path

    def fill_in_registration(self, username: str, email: str, password: str, confirm: str):
        """Fill in the register page's form and send it."""
        page = self.goto("/register")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_label("Confirm password").fill(confirm)
        page.get_by_role("button", name="Register").click()
        return page

    def register(self, username: str, email: str | None = None, password: str = PASSWORD):
        email = email or f"{username.lower()}@example.com"
        page = self.fill_in_registration(username, email, password, password)
        expect(page.get_by_role("status")).to_contain_text("created successfully")
        page.wait_for_url(self.url("/login?registered=1"))

    def login(self, email: str, password: str = PASSWORD, next_path: str = "/"):
        page = self.page
        if not page.url.startswith(self.url("/login")):
            self.goto("/login")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(self.url(next_path))
        expect(page.locator("#nav-logged-in")).not_to_have_class(re.compile(r"\bd-none\b"))

    def logout(self):
        self.goto("/account")
        self.page.get_by_role("button", name="Logout").click()
        self.page.wait_for_url(self.url("/"))
        expect(self.page.get_by_role("link", name="Login")).to_be_visible()

    def authorize_in_docs(self, email: str, password: str = PASSWORD):
        """Open /api/docs and log in through its Authorize dialog, as the video does."""
        page = self.goto("/api/docs")
        page.get_by_role("button", name="Authorize").first.click()
        page.locator("#oauth_username").fill(email)  # the email goes in "username"
        page.locator("#oauth_password").fill(password)
        page.locator(".auth-btn-wrapper button.authorize").click()
        expect(page.get_by_role("heading", name="Authorized")).to_be_visible()
        page.locator(".auth-btn-wrapper").get_by_role("button", name="Close").click()

    def try_it_out(self, operation_id: str, body: str | None = None):
        """Run one operation from the docs page; returns its status cell."""
        operation = self.page.locator(f"#operations-{operation_id}")
        operation.locator(".opblock-summary").click()
        operation.get_by_role("button", name="Try it out").click()
        if body is not None:
            operation.locator("textarea.body-param__text").fill(body)
        operation.get_by_role("button", name="Execute").click()
        return operation.locator(".live-responses-table tbody .response-col_status").first

    @property
    def account_button(self):
        return self.page.locator("#account-button")

    def open_post_dialog(self, button: str):
        """Click New Post or Edit and wait, as a person does, until the dialog has opened:
        the cursor is in Title. Typing sooner could land in Title as it gets the focus."""
        self.page.get_by_role("button", name=button).click()
        dialog = self.page.get_by_role(
            "dialog", name="New Post" if button == "New Post" else "Edit Post"
        )
        expect(dialog.get_by_label("Title")).to_be_focused()
        return dialog

    def new_post(self, title: str, content: str) -> int:
        """Write a post in the New Post dialog. As in the video, the user then lands on
        the home page, the new post on top. Returns its id."""
        page = self.page
        dialog = self.open_post_dialog("New Post")
        dialog.get_by_label("Title").fill(title)
        dialog.get_by_label("Content").fill(content)
        with page.expect_navigation(url=self.url("/")):
            dialog.get_by_role("button", name="Post").click()
        return self.newest_post_id(title)

    def newest_post_id(self, title: str) -> int:
        """The id of the first post on the page, checking that it has this title."""
        newest = self.page.locator(".post-card .post-title").first
        expect(newest).to_have_text(title)
        href = newest.get_by_role("link").get_attribute("href")
        assert href is not None
        return int(href.rsplit("/", 1)[1])
