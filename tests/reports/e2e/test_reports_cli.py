"""The post-incident report, follow-ups and metrics as a user runs them: the real `aicident` command."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from cli_helpers import AICIDENT, CAST, Cli, error_line, ok  # the CLI tests' runner, cast and helpers

from aicident.reports.model import SECTIONS, sections_of

HEADINGS = [heading for _key, heading in SECTIONS]


@pytest.fixture
def cli(tmp_path) -> Cli:
    assert AICIDENT, "the aicident console script is not installed next to this Python"
    runner = Cli(tmp_path, actor="dana")
    runner.register(CAST)
    return runner


class Page(HTMLParser):
    """The headings of an HTML page and the text under each h2, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.h1: list[str] = []
        self.under: dict[str, list[str]] = {}
        self._tag = None
        self._section = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._tag = tag

    def handle_endtag(self, tag):
        self._tag = None

    def handle_data(self, data):
        text = data.strip()
        if not text:
            return
        if self._tag == "h1":
            self.h1.append(text)
        elif self._tag == "h2":
            self._section = text
            self.under[text] = []
        elif self._section is not None:
            self.under[self._section].append(text)


def test_the_demo_incidents_report_fills_every_section_7_heading_from_its_log_and_exports_to_md_and_html(cli, tmp_path):
    cli.register({"admin": []}, admin=True)
    ok(cli("demo", actor="admin"))  # the demo registers its cast: an administrator's to do
    ref = "INC-2026-0001"

    markdown = ok(cli("report", "show", ref)).stdout
    sections = sections_of(markdown)
    assert markdown.startswith("# Incident Report — Support assistant followed instructions hidden in an uploaded")
    assert [key for key, _ in SECTIONS] == list(sections)
    for key, body in sections.items():  # filled from the log: none is left as the template's "[...]" prompt
        assert body and not body.startswith("["), (key, body)
    assert (
        "Contained: Kill switch: disabled the assistant's send_email tool; uploads off (21m after detection)"
        in sections["timeline"]
    )
    assert "Resolved: Prompt support-v42" in sections["timeline"] and "Triaged as SEV-2" in sections["timeline"]
    assert sections["root_cause"].startswith("prompt: Prompt support-v41 put extracted PDF text")
    assert "dana.okafor: Containment: Kill switch" in sections["response"]
    assert (
        "The kill switch cut the email tool within minutes of triage, with no deploy (dana.okafor)"
        in sections["went_well"]
    )
    assert "raised from SEV-2 to SEV-1" in sections["went_wrong"]
    assert (
        f"- {ref}-A1: Add indirect-injection cases from uploads to the eval suite (owner: priya.raman, due: "
        in sections["action_items"]
    )
    assert "- monitoring update: Alert on agent tool calls to recipients never seen" in sections["lessons_learned"]

    ok(cli("report", "export", ref, "--format", "md", "--output", tmp_path / "report.md"))
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == markdown
    ok(cli("report", "export", ref, "--format", "html", "--output", tmp_path / "report.html"))
    page = Page()
    page.feed((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert page.h1 == ["Incident Report — Support assistant followed instructions hidden in an uploaded invoice"]
    assert list(page.under) == HEADINGS
    assert all(page.under[heading] for heading in HEADINGS)
    assert "ul" in page.tags and "li" in page.tags and "script" not in page.tags
    assert any("Add indirect-injection cases" in text for text in page.under["Action Items"])
    ok(cli("report", "export", ref, "--format", "pdf", "--output", tmp_path / "report.pdf"))
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_report_edits_follow_ups_and_metrics_from_the_cli(cli, tmp_path):
    ref = cli.json("declare", "Bot invented a refund policy", "--category", "hallucination_harm")["ref"]

    assert (
        ok(cli("report", "edit", ref, "--section", "went_well", "--text", "- Caught by a customer in minutes")).stdout
        == f"{ref} report version 1 saved: edited went_well\n"
    )
    assert error_line(cli("report", "edit", ref, "--section", "summary", "--text", "x", "--version", "0")) == (
        f"the report of {ref} is at version 1, not 0; someone changed it first (read it again and apply your change "
        "to the current version)"
    )
    (tmp_path / "whole.md").write_text("# Report\n\n## Summary\nOnly this\n", encoding="utf-8")
    ok(cli("report", "edit", ref, "--file", tmp_path / "whole.md"))
    versions = ok(cli("report", "versions", ref)).stdout
    assert "v1 " in versions and "dana: edited went_well" in versions
    assert "missing sections: timeline, root_cause, impact, response, went_well, went_wrong" in versions
    assert error_line(cli("report", "publish", ref)).startswith("version 2 lacks the sections timeline")
    assert "Caught by a customer" in ok(cli("report", "show", ref, "--version", "1")).stdout

    added = cli.json("action", "add", ref, "Add a refusal eval", "--owner", "priya", "--due", "2026-01-05")
    assert added[0]["id"] == f"{ref}-A1"
    assert error_line(cli("action", "add", ref, "No date", "--owner", "priya", "--due", "soon")) == (
        "due date 'soon' is not a date (YYYY-MM-DD)"
    )
    assert ok(cli("action", "list", "--overdue", "--owner", "priya")).stdout.startswith(
        f"{ref}-A1  open owner priya due 2026-01-05  Add a refusal eval"
    )
    ok(cli("action", "done", f"{ref}-A1"))
    assert cli.json("action", "list", "--overdue") == []
    ok(cli("lesson", "add", ref, "Alert on refund answers", "--kind", "monitoring_update"))
    assert error_line(cli("lesson", "done", f"{ref}-L2")).startswith(f"lesson {ref}-L2 is carried out by a plan")

    metrics = cli.json("metrics", "--by", "category")
    assert metrics["overall"]["incidents"] == 1 and metrics["groups"][0]["key"] == "hallucination_harm"
    assert ok(cli("metrics")).stdout.startswith("GROUP  INCIDENTS  ACKNOWLEDGE")
    assert error_line(cli("metrics", "--since", "yesterday")) == (
        "--since 'yesterday' is not a date and time (ISO 8601 with a UTC offset, e.g. 2026-11-01T00:00:00+00:00)"
    )
