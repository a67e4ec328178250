"""The tutorial's own test plan (Part 11, step 6): one plan (the walkthrough command's
PLAN), run here through the test client, and over HTTP against a live server."""

from io import StringIO
from json import dumps

import pytest
from django.core.management import CommandError, call_command

from posts.management.commands.walkthrough import PLAN, run_plan
from posts.models import Post

pytestmark = pytest.mark.django_db


def through(client):
    """The plan's send(), made with Django's test client."""

    def send(method, path, json, form, token):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if form is not None:
            response = client.post(path, form, headers=headers)
        else:
            response = client.generic(
                method,
                path,
                "" if json is None else dumps(json),
                content_type="application/json",
                headers=headers,
            )
        return response.status_code, response.json() if response.content else None

    return send


def test_every_check_of_the_tutorials_plan_passes(client):
    lines = []

    checked, differing = run_plan(through(client), lines.append)

    assert differing == 0, "\n".join(lines)
    assert checked == sum(len(step.checks) for step in PLAN) > 25
    assert [line for line in lines if line.startswith("\nStep")] == [
        f"\nStep {number}. {step.text}" for number, step in enumerate(PLAN, start=1)
    ]
    assert not Post.objects.exists()  # it tidied up after itself


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


class Anyone(int):
    """An author id equal to every user's: the ownership check, defeated."""

    def __ne__(self, other):
        return False


@pytest.mark.django_db(transaction=True)
def test_it_fails_when_an_ownership_check_is_removed(live_server, monkeypatch):
    def get_any_post(post_id):
        post = Post.objects.select_related("author").get(pk=post_id)
        post.author_id = Anyone(post.author_id)
        return post

    monkeypatch.setattr("posts.api.get_post_or_404", get_any_post)
    out = StringIO()

    with pytest.raises(CommandError, match="differ"):
        call_command("walkthrough", base_url=live_server.url, stdout=out, no_color=True)

    by_the_test_user = [line for line in out.getvalue().splitlines() if "as testuser" in line]
    assert any(line.lstrip().startswith("PATCH") and "DIFFERS" in line for line in by_the_test_user)


def test_it_says_when_the_server_cannot_be_reached():
    with pytest.raises(CommandError, match="Cannot reach"):
        call_command("walkthrough", base_url="http://127.0.0.1:9", stdout=StringIO())
