"""Keeps docs/fastapi-to-django-ninja.md honest: every path it names exists, every
`file:function` it names is defined there, and every snippet it quotes from this
repository is found verbatim in the file its label names. When code moves, this fails."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "fastapi-to-django-ninja.md"
TEXT = GUIDE.read_text()
OUR_FOLDERS = (
    "accounts/",
    "blogproj/",
    "posts/",
    "templates/",
    "static/",
    "tests/",
    "docs/",
    "bench/",
)

# ```python posts/api.py  … ```: a quote from our code, labelled with its file.
QUOTES = re.findall(r"```\w+ ([\w./-]+)\n(.*?)```", TEXT, re.S)
# `posts/api.py:create_post`
DEFINITIONS = re.findall(r"`([\w./-]+\.(?:py|js)):(\w+)`", TEXT)
# `posts/api.py`, `templates/posts/` and links such as (../posts/api.py)
PATHS = {
    path
    for path in re.findall(r"`([\w./-]+)`", TEXT) + re.findall(r"\]\(\.\./([^)#]+)\)", TEXT)
    if path.startswith(OUR_FOLDERS)
}


def test_the_guide_quotes_and_names_things():
    assert len(QUOTES) >= 10
    assert len(DEFINITIONS) >= 20
    assert len(PATHS) >= 20


@pytest.mark.parametrize(
    ("path", "snippet"), QUOTES, ids=[f"{p}#{i}" for i, (p, _) in enumerate(QUOTES)]
)
def test_every_quote_is_in_the_file_it_names(path, snippet):
    source = (ROOT / path).read_text()
    assert snippet.rstrip("\n") in source, f"the guide's quote is no longer in {path}"


@pytest.mark.parametrize(("path", "name"), DEFINITIONS, ids=[f"{p}:{n}" for p, n in DEFINITIONS])
def test_every_named_function_is_defined_there(path, name):
    source = (ROOT / path).read_text()
    definition = rf"^\s*(?:async def|def|class|export function|function|export class)\s+{name}\b"
    assert re.search(definition, source, re.M), f"{name} is not defined in {path}"


@pytest.mark.parametrize("path", sorted(PATHS))
def test_every_named_path_exists(path):
    assert (ROOT / path.split(":")[0]).exists(), f"{path} does not exist"


def test_every_section_of_part_11_is_covered():
    headings = re.findall(r"^## (.+)$", TEXT, re.M)
    for step in range(1, 7):
        assert any(h.startswith(f"Step {step}:") for h in headings), f"no Step {step}"
