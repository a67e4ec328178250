"""The tutorial's own test plan (Part 11, step 6): one plan (the walkthrough command's
PLAN), run here through the test client; tests/processes/test_walkthrough_command.py
replays it over HTTP against a live server, once."""

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
    lines: list[str] = []

    checked, differing = run_plan(through(client), lines.append)

    assert differing == 0, "\n".join(lines)
    assert checked == sum(len(step.checks) for step in PLAN) > 25
    assert [line for line in lines if line.startswith("\nStep")] == [
        f"\nStep {number}. {step.text}" for number, step in enumerate(PLAN, start=1)
    ]
    assert not Post.objects.exists()  # it tidied up after itself


class Anyone(int):
    """An author id equal to every user's: the ownership check, defeated."""

    def __ne__(self, other):
        return False


def test_it_fails_when_an_ownership_check_is_removed(client, monkeypatch):
    def get_any_post(post_id):
        post = Post.objects.select_related("author").get(pk=post_id)
        post.author_id = Anyone(post.author_id)
        return post

    monkeypatch.setattr("posts.api.get_post_or_404", get_any_post)
    lines: list[str] = []

    _, differing = run_plan(through(client), lines.append)

    assert differing > 0
    by_the_test_user = [line for line in lines if "as testuser" in line]
    assert any(line.lstrip().startswith("PATCH") and "DIFFERS" in line for line in by_the_test_user)


def test_it_says_when_the_server_cannot_be_reached():
    with pytest.raises(CommandError, match="Cannot reach"):
        call_command("walkthrough", base_url="http://127.0.0.1:9", stdout=StringIO())
