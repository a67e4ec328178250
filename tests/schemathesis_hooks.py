"""Schemathesis hooks for tests/processes/test_schemathesis.py, loaded through
tests/schemathesis.toml.

The test names its user, their post and a few more users in the environment
(SCHEMATHESIS_*), so that generated ids and logins sometimes point at real objects and
every operation is also reached with a success, not only with 404s and 401s.
"""

import json
import os

import schemathesis
from email_validator import SPECIAL_USE_DOMAIN_NAMES
from hypothesis import strategies as st


def owner(name: str) -> str:
    return os.environ[f"SCHEMATHESIS_OWNER_{name.upper()}"]


# [user id, token] of users that may delete themselves.
DISPOSABLE_USERS = json.loads(os.environ.get("SCHEMATHESIS_DISPOSABLE_USERS", "[]"))
# More of the owner's tokens, for the logouts to revoke.
SPARE_TOKENS = json.loads(os.environ.get("SCHEMATHESIS_SPARE_TOKENS", "[]"))


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    # Half the time, point the ids at the owner's own user and post (but never delete the
    # post that the whole run shares; the stateful phase deletes what it creates itself).
    if (
        not path_parameters
        or context.operation.method.upper() == "DELETE"
        and ("post_id" in path_parameters)
    ):
        return st.just(path_parameters)
    known = {"user_id": int(owner("user_id")), "post_id": int(owner("post_id"))}
    own = {name: known[name] for name in path_parameters if name in known}
    return st.sampled_from([path_parameters, {**path_parameters, **own}])


@schemathesis.hook
def filter_body(context, body):
    # email-validator refuses special-use domains (.test, .local, ...) that the "email"
    # format allows: they can never receive mail. A documented, deliberate refusal.
    email = body.get("email") if isinstance(body, dict) else None
    domain = email.rpartition("@")[2].lower().rstrip(".") if isinstance(email, str) else ""
    return not any(domain == d or domain.endswith("." + d) for d in SPECIAL_USE_DOMAIN_NAMES)


@schemathesis.hook
def flatmap_body(context, body):
    # The token endpoint's form: sometimes the owner's real credentials.
    if isinstance(body, dict) and set(body) >= {"username", "password"} and "email" not in body:
        login = {**body, "username": owner("email"), "password": owner("password")}
        return st.sampled_from([body, login])
    return st.just(body)


@schemathesis.hook
def before_call(context, case, kwargs):
    """Every request carries the owner's token, unless the case brings its own.

    The run shares that owner: deleting the account, or logging its token out, half-way
    would leave every later request a 401. So a delete of the owner is sent as one of the
    disposable users deleting themselves (204), or once they are all gone, as a delete of
    another user (403); and a logout spends one of the owner's spare tokens.
    """
    headers = case.headers if case.headers is not None else {}
    if case.path == "/api/users/logout" and "Authorization" not in headers:
        spare = SPARE_TOKENS.pop() if SPARE_TOKENS else "spent"
        headers["Authorization"] = f"Bearer {spare}"
    deletes_the_owner = (
        case.method.upper() == "DELETE"
        and case.path == "/api/users/{user_id}"
        and case.path_parameters.get("user_id") == int(owner("user_id"))
    )
    if deletes_the_owner and DISPOSABLE_USERS:
        user_id, token = DISPOSABLE_USERS.pop()
        case.path_parameters["user_id"] = user_id
        headers["Authorization"] = f"Bearer {token}"
    elif deletes_the_owner:
        case.path_parameters["user_id"] = int(owner("bystander_id"))
    headers.setdefault("Authorization", f"Bearer {owner('token')}")
    case.headers = headers
