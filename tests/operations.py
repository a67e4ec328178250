"""Every operation of the API, listed once: the table that the tests walking all of them
read (tests/test_openapi.py, test_outages.py, test_logout.py, test_api_errors.py) and the
benchmark takes its API endpoints from (bench/endpoints.py). tests/test_openapi.py checks
that it names exactly the operations the API documents."""

from dataclasses import dataclass

# Imports nothing of Django: the benchmark reads this table before any app is loaded.
PASSWORD = "a-sample-password"


@dataclass(frozen=True)
class Operation:
    method: str  # lower case, as the OpenAPI document and Django's test client write it
    path: str  # as the OpenAPI document writes it: /api/posts/{post_id}
    json: dict | None = None  # a valid JSON body, where the operation takes one
    form: dict | None = None  # a valid form, where it takes one (the token endpoint)
    auth: bool = False  # takes a bearer token

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def url(self, user_id: object = None, post_id: object = None) -> str:
        """The path with its ids filled in (anything: the tests try "abc" too)."""
        return self.path.format(user_id=user_id, post_id=post_id)

    def send(self, client, url: str, headers: dict | None = None):
        """Make the request with Django's test client, with the operation's body."""
        headers = headers or {}
        if self.json is not None:
            send = getattr(client, self.method)
            return send(url, self.json, content_type="application/json", headers=headers)
        if self.form is not None:
            return client.post(url, self.form, headers=headers)
        return getattr(client, self.method)(url, headers=headers)


OPERATIONS = (
    Operation(
        "post", "/api/users", json={"username": "u", "email": "u@example.com", "password": PASSWORD}
    ),
    Operation("post", "/api/users/token", form={"username": "a@example.com", "password": PASSWORD}),
    Operation("post", "/api/users/logout", auth=True),
    Operation("get", "/api/users/me", auth=True),
    Operation("get", "/api/users/{user_id}"),
    Operation("get", "/api/users/{user_id}/posts"),
    Operation("patch", "/api/users/{user_id}", json={"username": "new-name"}, auth=True),
    Operation("delete", "/api/users/{user_id}", auth=True),
    Operation("get", "/api/posts"),
    Operation("post", "/api/posts", json={"title": "T", "content": "C"}, auth=True),
    Operation("get", "/api/posts/{post_id}"),
    Operation("put", "/api/posts/{post_id}", json={"title": "T", "content": "C"}, auth=True),
    Operation("patch", "/api/posts/{post_id}", json={"title": "T"}, auth=True),
    Operation("delete", "/api/posts/{post_id}", auth=True),
)

PROTECTED = tuple(operation for operation in OPERATIONS if operation.auth)
WITH_AN_ID = tuple(operation for operation in OPERATIONS if "{" in operation.path)


def operation(method: str, path: str) -> Operation:
    """The table's row for `method` and `path`."""
    return next(op for op in OPERATIONS if (op.method, op.path) == (method.lower(), path))
