"""The web UI's files: htmx is the pinned release byte for byte, and every template compiles."""

from __future__ import annotations

import hashlib

from aicident.web.pages import STATIC, templates
from aicident.web.views import STATIC_FILES

# sha256 of dist/htmx.min.js in the npm package htmx.org@2.0.11 (`npm pack htmx.org@2.0.11`).
HTMX_2_0_11_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"


def test_the_vendored_htmx_is_release_2_0_11_unchanged():
    assert hashlib.sha256((STATIC / STATIC_FILES["htmx.min.js"]).read_bytes()).hexdigest() == HTMX_2_0_11_SHA256


def test_every_static_file_served_exists_and_nothing_else_is_shipped():
    assert {path.name for path in STATIC.iterdir()} == set(STATIC_FILES.values())


def test_every_template_compiles():
    env = templates()
    names = env.list_templates()
    assert "incident/_live.html" in names and len(names) >= 20
    for name in names:
        env.get_template(name)


def test_pages_link_static_files_by_the_hash_of_their_content():
    link = templates().globals["static"]("aicident.css")
    digest = hashlib.sha256((STATIC / "aicident.css").read_bytes()).hexdigest()[:12]
    assert link == f"/static/aicident.css?v={digest}"
