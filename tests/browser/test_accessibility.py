"""WCAG 2.2 AA on every page and in every state a person meets, dialogs open included:
axe-core runs inside the page and any violation fails the test, listed readably."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import ensure as ensure_axe
from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db(transaction=True)

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def axe_source():
    try:
        return ensure_axe().read_text()
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected as an inline script, which the site's Content-Security-Policy
    # rightly refuses; only this audit lifts the policy (test_csp.py holds the pages to it).
    return {**browser_context_args, "bypass_csp": True}


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture
def audit(page, axe_source, settle):
    """audit(name): run axe on the page as it is now; any violation fails the test."""

    def run(name):
        settle()
        # Let Bootstrap's fades finish: axe measures colours as they are drawn.
        page.wait_for_function("() => document.getAnimations().length === 0")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(content=axe_source)
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
        )
        if result["violations"]:
            pytest.fail(f"axe, on {name}:\n{describe(result['violations'])}", pytrace=False)

    return run


def test_pages_logged_out(site, page, audit):
    author = make_user("Corey")
    for i in range(12):  # two pages: the page links show
        make_post(author, title=f"Post {i}")
    post = make_post(author, title="Hello", content="A post.\nTwo lines.")

    for name, path in {
        "home": "/",
        "home, page 2": "/?page=2",
        "post, as a visitor": f"/posts/{post.pk}",
        "user posts": f"/users/{author.pk}/posts",
        "login": "/login",
        "register": "/register",
        "404": "/posts/999999",
    }.items():
        site.goto(path)
        audit(name)


def test_forms_with_their_errors(site, page, audit):
    make_user("taken", email="taken@example.com")
    site.goto("/login")
    page.get_by_label("Email").fill("taken@example.com")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit("login, wrong password")

    site.fill_in_registration("TAKEN", "not-an-email", "short", "short")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    audit("register, field errors")


def test_pages_and_dialogs_logged_in(site, page, audit):
    author = make_user("Corey")
    post = make_post(author, title="Hello", content="A post.")
    site.login(author.email)
    audit("home, logged in")

    site.open_post_dialog("New Post")
    audit("new post dialog")
    page.keyboard.press("Escape")

    site.goto(f"/posts/{post.pk}")
    expect(page.get_by_role("button", name="Edit")).to_be_visible()
    audit("post, as its author")
    site.open_post_dialog("Edit")
    audit("edit post dialog")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Edit Post")).to_be_hidden()
    page.get_by_role("button", name="Delete").click()
    expect(page.locator("#delete-post-modal")).to_be_visible()
    audit("delete post dialog")
    page.keyboard.press("Escape")

    site.goto("/account")
    expect(page.locator("#account-username")).to_have_text("Corey")
    audit("account")
    page.get_by_role("button", name="Delete Account").click()
    expect(page.locator("#delete-account-modal")).to_be_visible()
    audit("delete account dialog")


def test_not_authorized_dialog(site, page, audit):
    post = make_post(make_user("Corey"))
    site.login(make_user("Jane").email)
    site.goto(f"/posts/{post.pk}")
    expect(site.account_button).to_have_text("Jane")
    # The buttons are hidden from anyone but the author; shown anyway, the API says 403.
    page.evaluate("document.getElementById('post-actions').classList.remove('d-none')")
    site.open_post_dialog("Edit").get_by_role("button", name="Update Post").click()
    expect(page.get_by_role("dialog", name="Not authorized")).to_be_visible()
    audit("not authorized dialog")
