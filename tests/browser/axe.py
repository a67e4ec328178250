"""axe-core, the accessibility checker the browser tests run inside each page.

It is a development dependency in package.json, at the version package-lock.json pins (a
new release may add rules, and the audit must not drift), installed by `npm ci` into
node_modules/ (git-ignored): `make test` runs it. Pages never load it: the tests inject it.
"""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def ensure() -> Path:
    """The path of axe.min.js, running `npm ci` first if needed; RuntimeError if it can't."""
    if AXE_JS.exists():
        return AXE_JS
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError(
            "The accessibility tests need axe-core, installed with npm: install Node.js "
            "and npm (Debian/Ubuntu: sudo apt-get install npm), then run `npm ci`."
        )
    command = [npm, "ci", "--no-audit", "--no-fund"]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0 or not AXE_JS.exists():
        raise RuntimeError(f"`npm ci` failed:\n{result.stdout}{result.stderr}")
    return AXE_JS
