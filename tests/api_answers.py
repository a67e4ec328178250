"""Every answer the API gives to the test client, recorded for tests/test_openapi.py."""

from collections import defaultdict
from contextlib import contextmanager
from unittest import mock

from django.test import Client

# {("patch", "/api/posts/7"): {200, 401, ...}}, over the whole test session.
API_ANSWERS: dict[tuple[str, str], set[int]] = defaultdict(set)


@contextmanager
def recording_api_answers():
    original = Client.request

    def request(self, **request):
        response = original(self, **request)
        if request["PATH_INFO"].startswith("/api/"):
            path = (request["REQUEST_METHOD"].lower(), request["PATH_INFO"])
            API_ANSWERS[path].add(response.status_code)
        return response

    with mock.patch.object(Client, "request", request):
        yield
