"""What the benchmark measures: one record per endpoint, and the requests each one makes
of a seeded server."""

import json
import urllib.parse
from dataclasses import dataclass

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
        paths = (self.path,)
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


# In this order: the writes go last, and the logins at the very end (the Argon2 hashes
# still queued when wrk stops would delay whatever came next).
POSTS_LIST = Endpoint("GET", "/api/posts")
HOME_PAGE = Endpoint("GET", "/", page=True)
ENDPOINTS = (
    POSTS_LIST,
    Endpoint("GET", "/api/posts/{id}"),
    Endpoint("GET", "/api/users/me", token=True),
    HOME_PAGE,
    Endpoint("GET", "/posts/{id}", page=True),
    Endpoint(
        "PATCH",
        "/api/posts/{id}",
        own_post=True,
        token=True,
        json_body={"title": "Patched by the benchmark"},
    ),
    Endpoint(
        "POST",
        "/api/posts",
        token=True,
        json_body={"title": "Bench post", "content": "Written by wrk."},
    ),
    Endpoint("POST", "/api/users/token", login=True),
)
