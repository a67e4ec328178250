"""What a person does on the site, as reusable steps for the browser tests."""

import re

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


class Site:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def url(self, path: str) -> str:
        return self.base_url + path

    def register(self, username: str, email: str | None = None, password: str = PASSWORD):
        page = self.goto("/register")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Email").fill(email or f"{username.lower()}@example.com")
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_label("Confirm password").fill(password)
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("status")).to_contain_text("Your account is ready")
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

    @property
    def account_button(self):
        return self.page.locator("#account-button")

    def new_post(self, title: str, content: str):
        page = self.page
        page.get_by_role("button", name="New Post").click()
        dialog = page.get_by_role("dialog", name="New Post")
        expect(dialog).to_be_visible()
        dialog.get_by_label("Title").fill(title)
        dialog.get_by_label("Content").fill(content)
        dialog.get_by_role("button", name="Post").click()
        page.wait_for_url(self.url("/posts/*"))
        expect(page.locator("#post-title")).to_have_text(title)
        return int(page.url.rsplit("/", 1)[1])
