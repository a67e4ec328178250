"""The walkthrough command replays the tutorial's test plan against a live server."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from posts.models import Post

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees the data


def walk(live_server):
    out = StringIO()
    call_command("walkthrough", base_url=live_server.url, stdout=out, no_color=True)
    return out.getvalue()


def test_every_step_is_as_the_tutorial_shows_against_a_fresh_server(live_server):
    output = walk(live_server)

    for step in range(1, 8):
        assert f"Step {step}." in output
    assert "DIFFERS" not in output
    assert "POST /api/posts (no token)" in output
    assert "as in the tutorial" in output
    assert output.rstrip().endswith("checks as the tutorial shows.")


def test_it_fails_when_an_ownership_check_is_removed(live_server, monkeypatch):
    def get_any_post(request, post_id, forbidden):
        return Post.objects.get(pk=post_id)  # the owner check, forgotten

    monkeypatch.setattr("posts.api.get_own_post", get_any_post)
    out = StringIO()

    with pytest.raises(CommandError, match="differ"):
        call_command("walkthrough", base_url=live_server.url, stdout=out, no_color=True)

    patched = [line for line in out.getvalue().splitlines() if "as the test user" in line]
    assert any("PATCH" in line and "DIFFERS" in line for line in patched)


def test_it_says_when_the_server_cannot_be_reached():
    with pytest.raises(CommandError, match="Cannot reach"):
        call_command("walkthrough", base_url="http://127.0.0.1:9", stdout=StringIO())
