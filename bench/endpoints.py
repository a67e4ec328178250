"""What the benchmark measures: one record per endpoint, and the requests each one makes
of a seeded server."""

import json
import urllib.parse
from dataclasses import dataclass

from tests.operations import operation

PASSWORD = "bench-password"  # every seeded user's


@dataclass(frozen=True)
class Seeded:
    """What seeding left on a server: its posts, and the user the benchmark acts as."""

    post_ids: tuple[int, ...]
    own_post_id: int  # a post of that user
    email: str
    token: str


@dataclass(frozen=True)
class Load:
    """One endpoint's requests against one seeded server, as wrk sends them."""

    method: str
    paths: tuple[str, ...]  # wrk picks one at random for each request
    body: str = ""
    content_type: str = ""
    token: str = ""


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # "{id}" stands for a post's id: every seeded post, in turn
    json_body: dict | None = None
    own_post: bool = False  # "{id}" is only the post of the user the benchmark acts as
    login: bool = False  # sends that user's email and password as the OAuth2 form
    token: bool = False  # sends that user's bearer token
    page: bool = False  # an HTML page: the FastAPI original has none

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}" + (" (page)" if self.page else "")

    def load(self, seeded: Seeded) -> Load:
        paths: tuple[str, ...] = (self.path,)
        if "{id}" in self.path:
            ids = (seeded.own_post_id,) if self.own_post else seeded.post_ids
            paths = tuple(self.path.replace("{id}", str(i)) for i in ids)
        body = content_type = ""
        if self.json_body is not None:
            body, content_type = json.dumps(self.json_body), "application/json"
        elif self.login:
            body = urllib.parse.urlencode({"username": seeded.email, "password": PASSWORD})
            content_type = "application/x-www-form-urlencoded"
        return Load(self.method, paths, body, content_type, seeded.token if self.token else "")


def api(method: str, path: str, **options) -> Endpoint:
    """An API endpoint, with its body and token as the table of operations gives them
    (tests/operations.py); "{post_id}" becomes "{id}"."""
    row = operation(method, path)
    return Endpoint(
        method,
        path.replace("{post_id}", "{id}"),
        json_body=row.json,
        login=row.form is not None,
        token=row.auth,
        **options,
    )


# In this order: the writes go last, and the logins at the very end (the Argon2 hashes
# still queued when wrk stops would delay whatever came next).
POSTS_LIST = api("GET", "/api/posts")
HOME_PAGE = Endpoint("GET", "/", page=True)
ENDPOINTS = (
    POSTS_LIST,
    api("GET", "/api/posts/{post_id}"),
    api("GET", "/api/users/me"),
    HOME_PAGE,
    Endpoint("GET", "/posts/{id}", page=True),
    api("PATCH", "/api/posts/{post_id}", own_post=True),
    api("POST", "/api/posts"),
    api("POST", "/api/users/token"),
)
