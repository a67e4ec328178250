"""Every page works under the strict Content-Security-Policy, with no violation: the
pages, the API docs (Authorize and Try it out included) and the admin."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import PASSWORD, make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture
def violations(page, console_errors):
    page.add_init_script(RECORD_VIOLATIONS)

    def check(where):
        found = page.evaluate("window.__csp") + [
            e for e in console_errors if "Content Security Policy" in e
        ]
        assert found == [], f"{where}: {found}"

    return check


def test_the_pages_work_under_the_policy(site, page, violations, settle):
    author = make_user("csp")
    post = make_post(author)
    for path in ["/", f"/posts/{post.pk}", f"/users/{author.pk}/posts", "/login", "/register"]:
        site.goto(path)
        settle()
        violations(path)

    site.login(author.email)
    post_id = site.new_post("Under CSP", "Still works.")
    site.goto(f"/posts/{post_id}")
    page.get_by_role("button", name="Edit").click()
    expect(page.get_by_role("dialog", name="Edit Post")).to_be_visible()
    site.goto("/account")
    expect(page.locator("#account-username")).to_have_text("csp")
    page.get_by_role("button", name="Delete Account").click()
    expect(page.get_by_role("dialog", name="Are you sure?")).to_be_visible()
    violations("logged in")


def test_the_docs_work_under_the_policy(site, page, violations):
    user = make_user("docs")
    site.authorize_in_docs(user.email)
    expect(site.try_it_out("users-accounts_api_get_me")).to_have_text("200")
    violations("/api/docs")


def test_the_admin_works_under_the_policy(site, page, violations, settle):
    User.objects.create_superuser(email="admin@example.com", username="admin", password=PASSWORD)
    post = make_post(make_user("writer"))
    site.goto("/admin/")
    page.get_by_label("Email").fill("admin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    for path in [
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/posts/post/",
        f"/admin/posts/post/{post.pk}/change/",
    ]:
        site.goto(path)
        settle()
        violations(path)


def test_the_policy_blocks_an_injected_inline_script(site, page):
    page.add_init_script(RECORD_VIOLATIONS)
    site.goto("/")

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.body.append(script);
        }"""
    )

    assert page.evaluate("window.__injected") is None
    expect(page.locator("body")).to_be_visible()
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
