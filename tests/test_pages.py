"""The server-rendered pages, without a browser: status, templates, 404s, query counts."""

import re
from http import HTTPStatus
from pathlib import Path

import pytest

from blogproj.page_cache import forget_cached_pages
from posts.models import Post
from posts.views import POSTS_PER_PAGE
from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages():
    # A page kept by an earlier test with the same data would come back without the
    # templates and context these tests look at.
    forget_cached_pages()


@pytest.mark.parametrize(
    ("url", "template"),
    [
        ("/", "posts/home.html"),
        ("/posts", "posts/home.html"),
        ("/login", "accounts/login.html"),
        ("/register", "accounts/register.html"),
        ("/account", "accounts/account.html"),
    ],
)
def test_page_renders_in_the_layout(client, url, template):
    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert [t.name for t in response.templates][:2] == [template, "layout.html"]


def test_home_shows_posts_newest_first_with_their_authors(client, user, other_user):
    make_post(user, title="Older")
    make_post(other_user, title="Newer", content="Line one\nLine two")

    response = client.get("/")

    html = response.content.decode()
    assert html.index("Newer") < html.index("Older")
    assert f'href="/users/{other_user.pk}/posts"' in html
    assert 'src="/static/profile_pics/default.jpg"' in html
    assert "Line one\nLine two" in html
    assert '<time datetime="' in html


def test_home_without_posts_says_so(client, db):
    assert "No posts yet." in client.get("/").content.decode()


def test_home_is_paginated_ten_per_page(client, user):
    for i in range(POSTS_PER_PAGE * 2 + 3):
        make_post(user, title=f"Post number {i}")

    first = client.get("/")
    third = client.get("/", {"page": 3})

    assert len(first.context["page_obj"]) == POSTS_PER_PAGE
    assert "Post number 22" in first.content.decode()
    assert [p["title"] for p in third.context["page_obj"]] == [
        "Post number 2",
        "Post number 1",
        "Post number 0",
    ]
    assert 'href="?page=2"' in first.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1"])
def test_out_of_range_page_numbers_fall_back_to_a_real_page(client, user, page):
    make_post(user)

    assert client.get("/", {"page": page}).status_code == HTTPStatus.OK


def test_post_page(client, post, user):
    response = client.get(f"/posts/{post.pk}")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Alice&#x27;s post" in html
    assert f'data-author-id="{user.pk}"' in html
    assert 'class="d-none" id="post-actions"' in html  # hidden until the script checks


def test_user_posts_page_shows_only_their_posts(client, user, other_user):
    make_post(user, title="By Alice")
    make_post(other_user, title="By Bob")

    response = client.get(f"/users/{user.pk}/posts")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "By Alice" in html
    assert "By Bob" not in html


@pytest.mark.parametrize("url", ["/posts/999", "/users/999/posts", "/no-such-page", "/posts/abc"])
def test_missing_page_is_the_html_404_page(client, db, url):
    response = client.get(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"].startswith("text/html")
    assert "Page not found" in response.content.decode()
    assert [t.name for t in response.templates][:3] == ["404.html", "error.html", "layout.html"]


def test_server_error_page_is_in_the_layout(db):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert "Django Ninja Blog" in html


def test_user_text_is_escaped_in_pages(client, db):
    author = make_user("<b>bold</b>", email="b@example.com")
    make_post(author, title="<script>alert(1)</script>", content="<img src=x onerror=alert(2)>")

    html = client.get("/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html


def test_pages_load_no_assets_from_other_hosts(client, post):
    for url in ["/", f"/posts/{post.pk}", "/login", "/register", "/account"]:
        html = client.get(url).content.decode()
        assert "http://" not in html
        assert "https://" not in html


@pytest.fixture(params=[1, 50], ids=["1 post", "50 posts"])
def many_posts(request, user, other_user):
    for i in range(request.param):
        make_post(other_user if i % 2 else user, title=f"post {i}")
    return request.param


def test_home_page_queries(client, many_posts, django_assert_num_queries):
    # the page's posts with their authors, the count for the page links
    with django_assert_num_queries(2):
        assert client.get("/").status_code == HTTPStatus.OK


def test_user_posts_page_queries(client, many_posts, user, django_assert_num_queries):
    # the user, their page of posts (with the author), the count
    with django_assert_num_queries(3):
        assert client.get(f"/users/{user.pk}/posts").status_code == HTTPStatus.OK


def test_post_page_queries(client, many_posts, django_assert_num_queries):
    post = Post.objects.first()
    assert post is not None
    with django_assert_num_queries(1):
        assert client.get(f"/posts/{post.pk}").status_code == HTTPStatus.OK


@pytest.mark.parametrize("url", ["/", "/api/docs", "/admin/login/", "/api/posts", "/login"])
def test_every_response_carries_the_security_headers(client, db, url):
    response = client.get(url)

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_templates_have_no_inline_scripts_or_handlers():

    for template in Path("templates").rglob("*.html"):
        html = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), template
        assert not re.search(r"\son[a-z]+=", html), template


def schema_limit(schema, field: str, kind: str) -> int:
    """A field's max_length or min_length, as the API's schema declares it."""
    return next(getattr(m, kind) for m in schema.model_fields[field].metadata if hasattr(m, kind))


def test_form_limits_are_the_api_schemas(client, post):
    from accounts.schemas import UserCreate
    from posts.schemas import PostCreate

    register = client.get("/register").content.decode()
    assert (
        f'name="username" maxlength="{schema_limit(UserCreate, "username", "max_length")}"'
        in register
    )
    assert f'name="email" maxlength="{schema_limit(UserCreate, "email", "max_length")}"' in register
    assert (
        f'name="password" minlength="{schema_limit(UserCreate, "password", "min_length")}"'
        in register
    )
    title = f'name="title" maxlength="{schema_limit(PostCreate, "title", "max_length")}"'
    for url in ["/", f"/posts/{post.pk}"]:  # New Post, and Edit Post on the post page
        assert title in client.get(url).content.decode()


def test_templates_retype_no_limit():
    for template in Path("templates").rglob("*.html"):
        assert not re.search(r"(maxlength|minlength)=\"\d", template.read_text()), template


def test_the_layout_hands_the_scripts_their_urls(client, db):
    from django.urls import reverse

    html = client.get("/").content.decode()

    for attribute, url in {
        "data-home-url": reverse("posts:home"),
        "data-login-url": reverse("accounts:login"),
        "data-api-users": reverse("api:create_user"),
        "data-api-token": reverse("api:login_for_access_token"),
        "data-api-me": reverse("api:get_me"),
        "data-api-posts": reverse("api:create_post"),
    }.items():
        assert f'{attribute}="{url}"' in html


def test_scripts_type_no_paths():
    # The URLs come from the templates (static/js/urls.js reads them), not string literals.
    for script in Path("static/js").glob("*.js"):
        assert not re.search(
            r"[\"'`]/(api|login|register|account|posts|users)\b", script.read_text()
        ), script


def test_one_include_for_each_kind_of_dialog(client, post):
    on_post_page = [t.name for t in client.get(f"/posts/{post.pk}").templates]
    on_account_page = [t.name for t in client.get("/account").templates]

    assert on_post_page.count("posts/_post_form_modal.html") == 2  # Edit Post; New Post
    assert "_confirm_dialog.html" in on_post_page  # Delete this post?
    assert "_confirm_dialog.html" in on_account_page  # Delete Account


def test_a_kept_page_is_the_rendered_one(client, user, other_user):
    for i in range(POSTS_PER_PAGE + 2):
        make_post(other_user if i % 2 else user, title=f"Post {i}")

    newest = Post.objects.first()
    assert newest is not None
    for url in ["/", "/?page=2", "/posts", f"/posts/{newest.pk}"]:
        rendered = client.get(url)
        kept = client.get(url)

        assert rendered.templates  # rendered, the first time
        assert not kept.templates  # kept, the second
        assert kept.content == rendered.content


def test_every_change_shows_on_the_home_page_at_the_next_request(client, user, other_user):
    def home():
        return client.get("/").content.decode()

    post = make_post(user, title="First title", content="First words.")
    assert "First title" in home()

    make_post(other_user, title="A new post")
    assert "A new post" in home()

    post.title, post.content = "Second title", "Second words."
    post.save()
    assert "Second title" in home()
    assert "Second words." in home()

    user.username = "alice-renamed"
    user.save()
    assert "alice-renamed" in home()

    user.image_file = "alice.png"
    user.save()
    assert "/media/profile_pics/alice.png" in home()

    post.delete()
    assert "Second title" not in home()

    for i in range(POSTS_PER_PAGE):  # a second page: the page links appear
        make_post(other_user, title=f"More {i}")
    assert 'href="?page=2"' in home()

    other_user.delete()  # their posts go too
    assert "A new post" not in home()
    assert "No posts yet." in home()


def test_a_kept_home_page_costs_the_same_queries(client, user, django_assert_num_queries):
    make_post(user)
    client.get("/")

    # the page's posts with their authors (the key is made of them), the count
    with django_assert_num_queries(2):
        assert not client.get("/").templates


def test_post_rows_render_as_their_posts_do(rf, user, other_user):
    # The lists read PostRows (posts/reads.py), not Post objects: the HTML must be the same.
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    from posts.views import paginated

    user.image_file = "alice.png"
    user.save()
    for i in range(POSTS_PER_PAGE + 2):
        make_post(other_user if i % 2 else user, title=f"Post <{i}>", content=f"Line one\nLine {i}")
    request = rf.get("/")
    page_obj = Paginator(Post.objects.select_related("author"), POSTS_PER_PAGE).get_page(1)
    from_posts = {"page_obj": page_obj, "page_range": page_obj.paginator.get_elided_page_range(1)}

    from_rows = render_to_string("posts/home.html", paginated(request), request)

    assert from_rows == render_to_string("posts/home.html", from_posts, request)
    assert "/media/profile_pics/alice.png" in from_rows


def test_every_change_shows_on_the_post_page_at_the_next_request(client, post, user):
    url = f"/posts/{post.pk}"

    def page():
        return client.get(url).content.decode()

    assert "Alice&#x27;s post" in page()

    post.title, post.content = "Edited title", "Edited words."
    post.save()
    assert "Edited title" in page()
    assert "Edited words." in page()

    user.username = "alice-renamed"
    user.save()
    assert "alice-renamed" in page()

    user.image_file = "alice.png"
    user.save()
    assert "/media/profile_pics/alice.png" in page()

    post.delete()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


# ---- A kept page carries nothing of one visitor to another ----------------------------


@pytest.fixture
def pages_that_show_the_visitor(settings):
    """The home page and the post page, rewritten to show the visitor's CSRF token, name
    and messages, as a careless edit of their templates might."""
    visitor = (
        "{% csrf_token %}<p>user: {{ user.get_username }}</p>"
        "{% for message in messages %}{{ message }}{% endfor %}"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"posts/home.html": visitor, "posts/post.html": visitor},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


@pytest.mark.parametrize("url", ["/", "/posts/{post}"])
def test_a_page_that_shows_the_visitor_is_never_served_to_another(
    client, post, url, pages_that_show_the_visitor
):
    url = url.format(post=post.pk)
    staff = make_user("staff-member", is_staff=True)
    client.force_login(staff)
    seen_by_staff = client.get(url).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', seen_by_staff)
    assert found, seen_by_staff
    token = found[1]
    assert "user: staff-member" in seen_by_staff

    client.logout()
    client.cookies.clear()
    seen_by_stranger = client.get(url).content.decode()

    assert token not in seen_by_stranger
    assert "staff-member" not in seen_by_stranger
    assert "user: </p>" in seen_by_stranger


def test_the_real_pages_are_kept_whoever_asks_first(client, post):
    # They read nothing of the visitor, so the page a logged-in staff member made first
    # is served as is to a stranger (and it shows nothing of the staff member).
    staff = make_user("staff-member", is_staff=True)
    client.force_login(staff)
    for url in ["/", f"/posts/{post.pk}"]:
        first = client.get(url)
        assert first.templates  # rendered
        client.logout()
        again = client.get(url)
        assert not again.templates  # kept
        assert again.content == first.content
        assert "staff-member" not in again.content.decode()
        client.force_login(staff)
