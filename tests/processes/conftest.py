"""Tests that start processes or servers: the production server, manage.py, PgBouncer, a live server
for the walkthrough command or schemathesis, the benchmark's tools. Marked `processes`,
so that the fast loop (`make test-fast`) leaves them out."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/processes/" in item.nodeid:
            item.add_marker(pytest.mark.processes)
