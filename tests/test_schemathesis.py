"""Property-based API testing: schemathesis generates requests from the app's own
OpenAPI document and checks every answer against it (no 5xx; status codes, headers
and bodies as documented; schema-valid input accepted, invalid input refused).

Bounded and repeatable: a fixed number of examples per operation, derandomized.
Every operation runs with a fresh user's token, and its ids sometimes point at that
user and their post, so each operation is also reached with a 2xx.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from email_validator import SPECIAL_USE_DOMAIN_NAMES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.conftest import PASSWORD, bearer, make_post, make_user

pytestmark = pytest.mark.django_db

config = schemathesis.Config.from_dict(
    {
        "checks": {
            # A schema-valid body may still name a taken username or email: the contract's
            # answer is 400. Generated examples repeat themselves, so they meet it.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "429"]
            }
        }
    }
)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(), config=config)
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
EXAMPLES = 60

# Filled in per test by the `owner` fixture; read by the hooks below.
KNOWN = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    # Half the time, point the ids at the owner's own user and post.
    if not path_parameters:
        return st.just(path_parameters)
    own = {name: KNOWN[name] for name in path_parameters if name in KNOWN}
    return st.sampled_from([path_parameters, {**path_parameters, **own}])


@schema.hook
def filter_body(context, body):
    # email-validator refuses special-use domains (.test, .local, ...) that the "email"
    # format allows: they can never receive mail. A documented, deliberate refusal.
    email = body.get("email") if isinstance(body, dict) else None
    domain = email.rpartition("@")[2].lower().rstrip(".") if isinstance(email, str) else ""
    return not any(domain == d or domain.endswith("." + d) for d in SPECIAL_USE_DOMAIN_NAMES)


@schema.hook
def flatmap_body(context, body):
    # The token endpoint's form: sometimes the owner's real credentials.
    if isinstance(body, dict) and set(body) >= {"username", "password"} and "email" not in body:
        login = {**body, "username": KNOWN["email"], "password": PASSWORD}
        return st.sampled_from([body, login])
    return st.just(body)


@pytest.fixture(autouse=True)
def _keep_the_test_transactions_connection():
    # As Django's test client does: a request's end must not close the connection
    # that holds the test's transaction (schemathesis calls the WSGI app directly).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def owner(db):
    user = make_user("owner")
    post = make_post(user)
    KNOWN.update(user_id=user.pk, post_id=post.pk, email=user.email)
    yield user
    KNOWN.clear()


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_operation_conforms_to_its_schema(operation, owner):
    statuses = []

    # Schema-valid requests (answered 2xx, or an error the contract names) and invalid
    # ones (answered 4xx), half and half.
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call_and_validate(headers=bearer(owner))
        statuses.append(response.status_code)

    check()

    assert statuses
    assert all(status < 500 for status in statuses)
    assert any(200 <= status < 300 for status in statuses), statuses
