"""axe-core, the accessibility checker the browser tests run inside each page.

    python -m tests.browser.axe --ensure

installs it with npm into node_modules/ (git-ignored, used only by the tests) unless
that version is there already. Pages never load it: the tests inject it.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

VERSION = "4.14.1"  # pinned: a new release may add rules, and the audit must not drift
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def installed_version() -> str | None:
    package = AXE_JS.parent / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else None


def ensure() -> Path:
    """The path of axe.min.js, installing it first if needed; RuntimeError if npm can't."""
    if installed_version() == VERSION and AXE_JS.exists():
        return AXE_JS
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError(
            "The accessibility tests need axe-core, installed with npm: install Node.js "
            "and npm (Debian/Ubuntu: sudo apt-get install npm), then run the tests again."
        )
    command = [
        npm, "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund",
        "--prefix", str(ROOT), f"axe-core@{VERSION}",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0 or installed_version() != VERSION:
        raise RuntimeError(f"`{' '.join(command)}` failed:\n{result.stdout}{result.stderr}")
    return AXE_JS


if __name__ == "__main__":
    try:
        print(ensure())
    except RuntimeError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
