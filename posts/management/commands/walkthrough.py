"""Replay the tutorial's test plan (Part 11, step 6) against a running server.

    python manage.py walkthrough --base-url http://127.0.0.1:8000

Each step is printed as the video narrates it, with the status the server answered and
whether that is what the tutorial shows (bodies checked too: the author of the new post,
the messages). Only HTTP is used, so it runs against the FastAPI app as well. Start the
server on an empty database, as the tutorial does. Exits 1 if any step differs.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

from django.core.management.base import BaseCommand, CommandError

PASSWORD = "testpassword1"


class Command(BaseCommand):
    help = "Replay the tutorial's test plan (Part 11) against a running server, over HTTP."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url, **options):
        self.base_url = base_url.rstrip("/")
        self.differences = 0
        self.checked = 0
        try:
            self.walk()
        except urllib.error.URLError as error:
            raise CommandError(f"Cannot reach {self.base_url}: {error.reason}") from error
        summary = (
            f"{self.checked - self.differences} of {self.checked} checks as the tutorial shows."
        )
        if self.differences:
            raise CommandError(f"{summary} {self.differences} differ.")
        self.stdout.write(self.style.SUCCESS(summary))

    # ---- the tutorial's steps -----------------------------------------------------------

    def walk(self):
        run = uuid.uuid4().hex[:6]  # fresh names, so a second run can register again
        corey = {"username": f"CoreyMS-{run}", "email": f"corey-{run}@example.com"}
        test_user = {"username": f"testuser-{run}", "email": f"testuser-{run}@example.com"}
        post = {"title": "test title", "content": "test content"}

        self.step(1, "Delete the database and restart the server: the blog starts empty.")
        status, posts = self.call("GET", "/api/posts")
        self.expect("GET /api/posts", status, 200, posts == [], "no posts yet")

        self.step(2, "Create a post without being authenticated.")
        status, body = self.call("POST", "/api/posts", post)
        self.expect("POST /api/posts (no token)", status, 401, detail(body), "not authenticated")

        self.step(3, "Create a user, log in with the email, and create a post.")
        status, corey_user = self.call("POST", "/api/users", {**corey, "password": PASSWORD})
        self.expect("POST /api/users", status, 201, corey_user.get("email") == corey["email"])
        corey_token = self.login(corey["email"])
        status, corey_post = self.call("POST", "/api/posts", post, corey_token)
        self.expect(
            "POST /api/posts (title and content only)",
            status,
            201,
            corey_post.get("user_id") == corey_user.get("id")
            and corey_post.get("author", {}).get("username") == corey["username"],
            "the author comes from the token",
        )

        self.step(4, "Log in as a second user and edit the first user's post: 403, not 401.")
        status, test = self.call("POST", "/api/users", {**test_user, "password": PASSWORD})
        self.expect("POST /api/users (test user)", status, 201)
        test_token = self.login(test_user["email"])
        coreys = f"/api/posts/{corey_post.get('id')}"
        changes = {"title": "updated title", "content": "updated content"}
        status, body = self.call("PATCH", coreys, changes, test_token)
        self.expect(
            f"PATCH {coreys} as the test user",
            status,
            403,
            detail(body) == "Not authorized to update this post",
            "Not authorized to update this post",
        )
        status, body = self.call("PUT", coreys, changes, test_token)
        self.expect(f"PUT {coreys} as the test user", status, 403)
        status, body = self.call("DELETE", coreys, None, test_token)
        self.expect(
            f"DELETE {coreys} as the test user",
            status,
            403,
            detail(body) == "Not authorized to delete this post",
            "Not authorized to delete this post",
        )
        status, body = self.call("GET", coreys)
        self.expect(f"GET {coreys}", status, 200, body.get("title") == post["title"], "unchanged")
        status, own = self.call(
            "POST", "/api/posts", {"title": "my post", "content": "mine"}, test_token
        )
        self.expect("POST /api/posts as the test user", status, 201)
        own_url = f"/api/posts/{own.get('id')}"
        status, body = self.call("PATCH", own_url, changes, test_token)
        self.expect(
            f"PATCH {own_url} (own post)", status, 200, body.get("title") == "updated title"
        )
        status, _ = self.call("DELETE", own_url, None, test_token)
        self.expect(f"DELETE {own_url} (own post)", status, 204)
        status, _ = self.call("GET", own_url)
        self.expect(f"GET {own_url}", status, 404, note="gone")
        status, body = self.call(
            "PATCH", f"/api/users/{corey_user.get('id')}", {"username": "x"}, test_token
        )
        self.expect(
            "PATCH the first user's account as the test user",
            status,
            403,
            detail(body) == "Not authorized to update this user",
            "Not authorized to update this user",
        )

        self.step(5, "The account page: your data, then a new username.")
        status, me = self.call("GET", "/api/users/me", None, corey_token)
        self.expect("GET /api/users/me", status, 200, me.get("email") == corey["email"])
        new_name = f"Corey-{run}"
        me_url = f"/api/users/{corey_user.get('id')}"
        status, body = self.call("PATCH", me_url, {"username": new_name}, corey_token)
        self.expect(f"PATCH {me_url}", status, 200, body.get("username") == new_name, "new name")
        status, me = self.call("GET", "/api/users/me", None, corey_token)
        self.expect("GET /api/users/me", status, 200, me.get("username") == new_name, "new name")

        self.step(6, "Log out (the client forgets its token): protected calls fail.")
        status, body = self.call("POST", "/api/posts", post)
        self.expect("POST /api/posts (no token)", status, 401)
        status, body = self.call("GET", "/api/users/me")
        self.expect("GET /api/users/me (no token)", status, 401)

        self.step(7, "Delete the account: the user and their posts are gone, and so is the login.")
        status, _ = self.call("DELETE", me_url, None, corey_token)
        self.expect(f"DELETE {me_url}", status, 204)
        status, body = self.call("GET", me_url)
        self.expect(
            f"GET {me_url}", status, 404, detail(body) == "User not found", "User not found"
        )
        status, _ = self.call("GET", coreys)
        self.expect(f"GET {coreys}", status, 404, note="the post went with its author")
        status, _ = self.call("GET", "/api/users/me", None, corey_token)
        self.expect("GET /api/users/me (the old token)", status, 401)
        self.call("DELETE", f"/api/users/{test.get('id')}", None, test_token)  # tidy up

    # ---- helpers ---------------------------------------------------------------------------

    def step(self, number, text):
        self.stdout.write(self.style.MIGRATE_HEADING(f"\nStep {number}. {text}"))

    def expect(self, what, status, expected_status, body_ok=True, note=""):
        """Print one check: the status got, and whether it is what the tutorial shows."""
        self.checked += 1
        ok = status == expected_status and bool(body_ok)
        shown = f"{status}" + (f" {note}" if note else "")
        if ok:
            verdict = self.style.SUCCESS("as in the tutorial")
        else:
            self.differences += 1
            verdict = self.style.ERROR(f"DIFFERS: the tutorial shows {expected_status}")
            if status == expected_status:
                verdict = self.style.ERROR("DIFFERS: the body is not what the tutorial shows")
        self.stdout.write(f"  {what:<48} {shown:<40} {verdict}")

    def login(self, email):
        status, body = self.call(
            "POST", "/api/users/token", form={"username": email, "password": PASSWORD}
        )
        self.expect(
            "POST /api/users/token (email in username)", status, 200, "access_token" in body
        )
        return body.get("access_token")

    def call(self, method, path, json_body=None, token=None, form=None):
        """(status, decoded JSON body or {}) of one request."""
        headers = {"Accept": "application/json"}
        data = None
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base_url + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, decode(response.read())
        except urllib.error.HTTPError as error:
            return error.code, decode(error.read())


def decode(raw: bytes):
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return {}


def detail(body):
    return body.get("detail") if isinstance(body, dict) else None
