"""The walkthrough command replays the tutorial's test plan over HTTP, against a live
server, as it would against ours or the FastAPI app (tests/test_walkthrough.py checks the
plan itself through the test client)."""

from io import StringIO

import pytest
from django.core.management import call_command

from posts.management.commands.walkthrough import PLAN


@pytest.mark.django_db(transaction=True)  # the live server sees the data
def test_the_command_replays_it_against_a_live_server(live_server):
    out = StringIO()

    call_command("walkthrough", base_url=live_server.url, stdout=out, no_color=True)

    output = out.getvalue()
    for number in range(1, len(PLAN) + 1):
        assert f"Step {number}." in output
    assert "DIFFERS" not in output
    assert "POST /api/posts as nobody" in output
    assert output.rstrip().endswith("checks as the tutorial shows.")
