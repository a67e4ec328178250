"""Finds the Chromium the browser tests drive.

    python -m tests.browser.chromium --ensure

exits 0 when a browser is there (installing Playwright's own build the standard way
if none is found), or 1 with a message saying how to get one. The tests never skip
for want of a browser.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Debian's package puts the real binary here; /usr/bin/chromium is a wrapper script.
SYSTEM_CHROMIUMS = ["/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome"]

HOW_TO_GET_ONE = """\
No Chromium found for the browser tests. Any one of these works:
  - Debian/Ubuntu:  sudo apt-get install chromium
  - Playwright's build:  .venv/bin/python -m playwright install chromium
  - a Chromium or Chrome you have:  export CHROMIUM_PATH=/path/to/chromium
"""


def system_chromium() -> str | None:
    """CHROMIUM_PATH, else a Chromium installed on the system."""
    if path := os.environ.get("CHROMIUM_PATH"):
        return path
    for candidate in SYSTEM_CHROMIUMS:
        if found := shutil.which(candidate):
            return found
    return None


def playwright_chromium() -> str | None:
    """Playwright's own Chromium, if `playwright install chromium` has been run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if Path(path).exists() else None


def ensure() -> int:
    if system_chromium() or playwright_chromium():
        return 0
    print("No Chromium found: trying `playwright install chromium`...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
    if playwright_chromium():
        return 0
    print(HOW_TO_GET_ONE, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(ensure() if "--ensure" in sys.argv else print(system_chromium() or "playwright"))
