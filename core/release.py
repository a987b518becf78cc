"""Which release of the portal this process runs, for the page cache's keys.

Several app servers share one cache. During a rolling deploy some run the old code and some the
new; a page rendered by one must not be served by the other (old markup, or static file names
the other release does not have). The release is PORTAL_RELEASE when the deploy sets it (a
commit id, say), and otherwise a digest of what a page is made from: the project's Python code,
templates and compiled translations, and the static files' manifest. The same files give the same
digest on every server, so servers of one release share their pages.
"""
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

# What a rendered page depends on; other files (tests, benchmarks, docs) change nothing served.
SUFFIXES = (".py", ".html", ".txt", ".mo")
LEFT_OUT = {".venv", "node_modules", "staticfiles", "media", "bench", "tests", ".git", "__pycache__"}


@lru_cache(maxsize=1)
def release():
    configured = getattr(settings, "PORTAL_RELEASE", "")
    if configured:
        return configured
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    for path in sorted(_source_files(base)) + ([manifest] if manifest.exists() else []):
        digest.update(str(path.relative_to(base)).encode() + b"\x00" + path.read_bytes() + b"\x00")
    return digest.hexdigest()[:12]


def _source_files(base):
    for folder, subfolders, names in os.walk(base):
        subfolders[:] = [name for name in subfolders if name not in LEFT_OUT and not name.startswith(".")]
        yield from (Path(folder) / name for name in names if name.endswith(SUFFIXES))
