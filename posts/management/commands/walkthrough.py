"""Replay the tutorial's test plan (Part 11, step 6) against a running server.

    python manage.py walkthrough --base-url http://127.0.0.1:8000

The plan below is the video's, step by step: who makes each request, and what the video
shows in answer (the status, the message, the fields that matter). Each check is printed
with the status the server answered and whether that is what the tutorial shows. Only
HTTP is used, so it runs against the FastAPI app as well. Start the server on an empty
database, as the tutorial does. Exits 1 if any check differs.
"""

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand, CommandError

PASSWORD = "testpassword1"
POST = {"title": "test title", "content": "test content"}
UPDATE = {"title": "updated title", "content": "updated content"}


@dataclass(frozen=True)
class Check:
    """One request of the plan and what the video shows in answer.

    `actor` is whose token is sent (None: no token). Text in braces is filled in from
    earlier answers kept under `keep` ("{corey[id]}"), and {run} makes names unique.
    """

    actor: str | None
    method: str
    path: str
    status: int
    json: dict | None = None
    form: dict | None = None
    detail: str | None = None  # the answer's "detail"
    fields: dict[str, Any] = field(default_factory=dict)  # "author.username": "{corey[username]}"
    keep: str | None = None


@dataclass(frozen=True)
class Step:
    text: str
    checks: tuple[Check, ...]


def register(name: str) -> Check:
    user = {"username": f"{name}-{{run}}", "email": f"{name}-{{run}}@example.com"}
    return Check(
        None, "POST", "/api/users", 201, json={**user, "password": PASSWORD}, keep=name,
        fields={"email": user["email"]},
    )  # fmt: skip


def log_in(name: str) -> Check:
    # The OAuth2 form's "username" carries the email.
    form = {"username": f"{name}-{{run}}@example.com", "password": PASSWORD}
    return Check(None, "POST", "/api/users/token", 200, form=form, keep=f"{name} token",
                 fields={"token_type": "bearer"})  # fmt: skip


PLAN = (
    Step("Delete the database and restart the server: the blog starts empty.", (
        Check(None, "GET", "/api/posts", 200, fields={"": []}),
    )),
    Step("Create a post without being authenticated.", (
        Check(None, "POST", "/api/posts", 401, json=POST, detail="Not authenticated"),
    )),
    Step("Create a user, log in with the email, and create a post.", (
        register("corey"),
        log_in("corey"),
        Check("corey", "POST", "/api/posts", 201, json=POST, keep="corey's post",
              fields={"user_id": "{corey[id]}", "author.username": "{corey[username]}"}),
    )),
    Step("Log in as a second user: the first user's post is 403 to edit or delete; "
         "your own post you can.", (
        register("testuser"),
        log_in("testuser"),
        Check("testuser", "PATCH", "/api/posts/{corey's post[id]}", 403, json=UPDATE,
              detail="Not authorized to update this post"),
        Check("testuser", "PUT", "/api/posts/{corey's post[id]}", 403, json=UPDATE,
              detail="Not authorized to update this post"),
        Check("testuser", "DELETE", "/api/posts/{corey's post[id]}", 403,
              detail="Not authorized to delete this post"),
        Check(None, "GET", "/api/posts/{corey's post[id]}", 200, fields={"title": POST["title"]}),
        Check("testuser", "POST", "/api/posts", 201, json=POST, keep="testuser's post"),
        Check("testuser", "PATCH", "/api/posts/{testuser's post[id]}", 200, json=UPDATE,
              fields={"title": UPDATE["title"]}),
        Check("testuser", "POST", "/api/posts", 201, json=POST, keep="testuser's other post"),
        Check("testuser", "DELETE", "/api/posts/{testuser's other post[id]}", 204),
        Check(None, "GET", "/api/posts/{testuser's other post[id]}", 404,
              detail="Post not found"),
        Check("testuser", "PATCH", "/api/users/{corey[id]}", 403, json={"username": "x"},
              detail="Not authorized to update this user"),
    )),
    Step("The account page: your data, then a new username.", (
        Check("corey", "GET", "/api/users/me", 200, fields={"email": "{corey[email]}"}),
        Check("corey", "PATCH", "/api/users/{corey[id]}", 200, json={"username": "Corey-{run}"},
              fields={"username": "Corey-{run}"}),
        Check("corey", "GET", "/api/users/me", 200, fields={"username": "Corey-{run}"}),
    )),
    Step("Log out (the browser forgets its token): protected calls fail.", (
        Check(None, "POST", "/api/posts", 401, json=POST),
        Check(None, "GET", "/api/users/me", 401),
    )),
    Step("Delete the second user's account: their posts go with it, the first user's "
         "post stays, and the login is dead.", (
        Check("testuser", "DELETE", "/api/users/{testuser[id]}", 204),
        Check(None, "GET", "/api/users/{testuser[id]}", 404, detail="User not found"),
        Check(None, "GET", "/api/posts/{testuser's post[id]}", 404, detail="Post not found"),
        Check(None, "GET", "/api/posts/{corey's post[id]}", 200,
              fields={"author.username": "Corey-{run}"}),
        Check("testuser", "GET", "/api/users/me", 401),
    )),
)  # fmt: skip

# Not the video's: leave the server as empty as it was found, so the plan can run again.
TIDY_UP = Check("corey", "DELETE", "/api/users/{corey[id]}", 204)

# send(method, path, json, form, token) -> (status, decoded JSON body or None)
Send = Callable[[str, str, dict | None, dict | None, str | None], tuple[int, Any]]


def run_plan(send: Send, report: Callable[[str], None]) -> tuple[int, int]:
    """Make every check of PLAN through `send`; `report` each line. (checked, differing)"""
    kept: dict[str, Any] = {"run": uuid.uuid4().hex[:6]}
    checked = differing = 0
    for number, step in enumerate(PLAN, start=1):
        report(f"\nStep {number}. {step.text}")
        for check in step.checks:
            status, answer = make(send, check, kept)
            problem = difference(check, status, answer, kept)
            checked += 1
            differing += problem is not None
            what = f"{check.method} {fill(check.path, kept)} as {check.actor or 'nobody'}"
            report(f"  {what:<52} {status:<5} {problem or 'as in the tutorial'}")
    make(send, TIDY_UP, kept)
    return checked, differing


def make(send: Send, check: Check, kept: dict) -> tuple[int, Any]:
    token = kept.get(f"{check.actor} token", {}).get("access_token") if check.actor else None
    status, answer = send(
        check.method, fill(check.path, kept), fill(check.json, kept), fill(check.form, kept), token
    )
    if check.keep and status == check.status:
        kept[check.keep] = answer
    return status, answer


def difference(check: Check, status: int, answer: Any, kept: dict) -> str | None:
    """What differs from the tutorial, or None."""
    if status != check.status:
        return f"DIFFERS: the tutorial shows {check.status}"
    if check.detail is not None and (answer or {}).get("detail") != check.detail:
        return f"DIFFERS: the tutorial shows {check.detail!r}"
    for path, expected in check.fields.items():
        actual = dig(answer, path)
        if str(actual) != str(fill(expected, kept)):
            return f"DIFFERS: {path or 'the body'} is {actual!r}"
    return None


def fill(template: Any, kept: dict) -> Any:
    """The template with "{name[key]}" replaced by what an earlier answer said."""
    if isinstance(template, str):
        return template.format_map(kept)
    if isinstance(template, dict):
        return {key: fill(value, kept) for key, value in template.items()}
    return template


def dig(answer: Any, path: str) -> Any:
    for key in filter(None, path.split(".")):
        answer = answer.get(key) if isinstance(answer, dict) else None
    return answer


class Command(BaseCommand):
    help = "Replay the tutorial's test plan (Part 11) against a running server, over HTTP."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url, **options):
        self.base_url = base_url.rstrip("/")
        try:
            checked, differing = run_plan(self.send, self.report)
        except urllib.error.URLError as error:
            raise CommandError(f"Cannot reach {self.base_url}: {error.reason}") from error
        summary = f"{checked - differing} of {checked} checks as the tutorial shows."
        if differing:
            raise CommandError(f"{summary} {differing} differ.")
        self.stdout.write(self.style.SUCCESS(summary))

    def report(self, line: str) -> None:
        if line.lstrip().startswith("Step"):
            line = self.style.MIGRATE_HEADING(line)
        elif "DIFFERS" in line:
            line = self.style.ERROR(line)
        self.stdout.write(line)

    def send(self, method, path, json_body, form, token):
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


def decode(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None
