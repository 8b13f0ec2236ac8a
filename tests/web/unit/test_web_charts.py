"""Server-drawn SVG charts (pure): bars scale with the values, no data is a dash, and text is escaped."""

from __future__ import annotations

import re

from aicident.web.charts import Bar, bar_chart, duration


def test_bars_scale_with_their_values_and_missing_values_draw_no_bar():
    svg = str(bar_chart("Incidents by severity", [Bar("SEV-1", 2, "2"), Bar("SEV-2", 4, "4"), Bar("SEV-3", None, "—")]))
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths == [110.0, 220.0]
    assert 'role="img"' in svg and 'aria-label="Incidents by severity"' in svg and svg.count("<text") == 6


def test_labels_are_escaped_and_an_empty_chart_says_so():
    svg = str(bar_chart("A <b>", [Bar("<script>", 1, "1 & 2")]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "1 &amp; 2" in svg
    assert "No data" in str(bar_chart("Nothing", []))


def test_durations_read_in_days_hours_and_minutes():
    assert [duration(s) for s in (None, 59, 3600 * 5 + 60 * 7, 86400 * 2 + 3600 * 3)] == [
        "—",
        "1 m",
        "5 h 7 m",
        "2 d 3 h",
    ]
