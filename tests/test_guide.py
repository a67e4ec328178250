"""Keeps docs/fastapi-to-django-ninja.md honest: every path it names exists, every
`file:function` it names is defined there, and every snippet it quotes from this
repository is found verbatim in the file its label names. When code moves, this fails.

The guide has three kinds of code block, told apart by the label after the fence:

    ```python posts/api.py                     a quote of ours: checked against that file
    ```python  # FastAPI: routers/posts.py     the course's app: not ours, not checked
    ```sh                                      a command to type

A block with any other label fails the test, so a mistyped label can't hide a quote
from the check. `ruff format` formats the Python blocks of Markdown files too: a quote
that it would rewrite (code laid out by hand, `# fmt: skip` in its file) goes between
`<!-- fmt:off -->` and `<!-- fmt:on -->` lines.
"""

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

# The FastAPI app's files, as the course lays them out: what a FastAPI block may name.
COURSE_FILES = {
    "main.py",
    "auth.py",
    "schemas.py",
    "models.py",
    "config.py",
    "database.py",
    "routers/posts.py",
    "routers/users.py",
    "static/js/auth.js",
    "templates/layout.html",
    "templates/post.html",
    "templates/account.html",
}

# Every code block: (indentation, label, body). A block inside a list item is indented;
# its body is compared with that indentation removed, as Markdown reads it.
FENCE = re.compile(r"^([ \t]*)```([^\n]*)\n(.*?)^\1```[ \t]*$", re.S | re.M)


def outdented(body: str, indent: str) -> str:
    return "".join(line.removeprefix(indent) for line in body.splitlines(keepends=True))


BLOCKS = [(label.strip(), outdented(body, indent)) for indent, label, body in FENCE.findall(TEXT)]

OURS = re.compile(r"\w+ ([\w./-]+)")  # ```python posts/api.py
FASTAPI = re.compile(r"\w+ +(?:#|//|<!--) FastAPI(?: \(sketch\))?: ([\w./-]+)\b.*")
COMMANDS = {"sh"}

QUOTES = [(m[1], body) for label, body in BLOCKS if (m := OURS.fullmatch(label))]
FASTAPI_BLOCKS = [(m[1], body) for label, body in BLOCKS if (m := FASTAPI.fullmatch(label))]

# What is said outside the code blocks: the paths and names a reader is pointed to.
PROSE = FENCE.sub("", TEXT)
# `posts/api.py:create_post`
DEFINITIONS = re.findall(r"`([\w./-]+\.(?:py|js)):(\w+)`", PROSE)
# `posts/api.py`, `templates/posts/` and links such as (../posts/api.py)
PATHS = {
    path
    for path in re.findall(r"`([\w./-]+)`", PROSE) + re.findall(r"\]\(\.\./([^)#]+)\)", PROSE)
    if path.startswith(OUR_FOLDERS)
}


def test_the_guide_quotes_and_names_things():
    assert len(QUOTES) >= 30
    assert len(FASTAPI_BLOCKS) >= 12
    assert len(DEFINITIONS) >= 60
    assert len(PATHS) >= 40


def test_every_code_block_is_labelled_as_ours_the_courses_or_a_command():
    for label, _ in BLOCKS:
        assert OURS.fullmatch(label) or FASTAPI.fullmatch(label) or label in COMMANDS, (
            f"the code block labelled {label!r} is neither a quote of ours "
            "(```python posts/api.py), nor the course's (```python  # FastAPI: auth.py), "
            "nor a command (```sh)"
        )


@pytest.mark.parametrize(
    ("path", "snippet"), QUOTES, ids=[f"{p}#{i}" for i, (p, _) in enumerate(QUOTES)]
)
def test_every_quote_is_in_the_file_it_names(path, snippet):
    assert path.startswith(OUR_FOLDERS), f"{path} is not a file of ours"
    source = (ROOT / path).read_text()
    assert snippet.rstrip("\n") in source, f"the guide's quote is no longer in {path}"


@pytest.mark.parametrize(
    ("path", "code"),
    FASTAPI_BLOCKS,
    ids=[f"{p}#{i}" for i, (p, _) in enumerate(FASTAPI_BLOCKS)],
)
def test_every_fastapi_block_names_a_file_of_the_course(path, code):
    # Not checked against our files: it is the other app's code.
    assert path in COURSE_FILES, f"{path} is not a file of the course's app"
    assert code.strip()


@pytest.mark.parametrize(("path", "name"), DEFINITIONS, ids=[f"{p}:{n}" for p, n in DEFINITIONS])
def test_every_named_function_is_defined_there(path, name):
    source = (ROOT / path).read_text()
    definition = rf"^\s*(?:export\s+)?(?:async\s+)?(?:def|class|function|const|let)\s+{name}\b"
    assert re.search(definition, source, re.M), f"{name} is not defined in {path}"


@pytest.mark.parametrize("path", sorted(PATHS))
def test_every_named_path_exists(path):
    assert (ROOT / path.split(":")[0]).exists(), f"{path} does not exist"


def test_every_section_of_part_11_is_covered():
    headings = re.findall(r"^## (.+)$", TEXT, re.M)
    for step in range(1, 7):
        assert any(h.startswith(f"Step {step}:") for h in headings), f"no Step {step}"
    for section in (
        "Checkpoint: try it in the docs",
        "The course's front-end names, and ours",
        "Differences you will notice",
        "Beyond the course: logout that revokes",
    ):
        assert section in headings, f"no section {section!r}"
    steps = [h for h in headings if h.startswith(("Step 3:", "Checkpoint", "Step 4:"))]
    assert [s.split(":")[0] for s in steps] == ["Step 3", "Checkpoint", "Step 4"], (
        "the checkpoint sits between Steps 3 and 4, as in the video"
    )


# ---- The course's front-end names ----------------------------------------------------------

# Every name the course's front end uses in Part 11.
COURSE_NAMES = (
    "get_token",
    "get_current_user",
    "clear_user_cache",
    "logout",
    "check_ownership",
    "post_user_id",
    "post_actions",
    "load_user_data",
    "update_form_handler",
    "delete_account_handler",
)


def names_table() -> list[tuple[str, str]]:
    """The rows (the course's name, ours) of the front-end names' table."""
    section = TEXT.split("## The course's front-end names, and ours", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (.+?) \| (.+?) \|", section, re.M)
    return [(course, ours) for course, ours in rows if ours != "here"]


def test_the_table_lists_every_name_of_the_courses_front_end():
    listed = {name for course, _ in names_table() for name in re.findall(r"`(\w+)`", course)}
    missing = [name for name in COURSE_NAMES if name not in listed]
    assert not missing, f"the table of front-end names lacks {missing}"


@pytest.mark.parametrize(("course", "ours"), names_table(), ids=[c for c, _ in names_table()])
def test_each_name_of_the_course_has_a_counterpart_here(course, ours):
    # A function (`static/js/post.js:checkOwnership`, checked by the test above that
    # every named function is defined) or a template of ours.
    counterparts = re.findall(r"`(static/js/[\w.-]+\.js):(\w+)`", ours)
    templates = re.findall(r"`(templates/[\w./-]+\.html)`", ours)
    assert counterparts or templates, f"{course}: no file:function or template named"
    for path, name in counterparts:
        assert (path, name) in DEFINITIONS
    for template in templates:
        assert (ROOT / template).exists()
