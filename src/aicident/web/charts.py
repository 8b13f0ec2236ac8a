"""Charts drawn on the server as SVG (pure): no JavaScript, readable by screen readers through their text."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

ROW = 32
LABEL_WIDTH = 170
BAR_WIDTH = 220
VALUE_WIDTH = 130


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no data (drawn as a dash, never as zero)
    text: str  # what the bar means, written out: "3 h 20 m", "80 % (4 of 5)"


def bar_chart(title: str, bars: list[Bar], *, css_class: str = "") -> Markup:
    """Horizontal bars scaled to the largest value, each labelled with its value in words."""
    largest = max((b.value for b in bars if b.value is not None), default=0) or 1
    height = ROW * max(len(bars), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    parts = [
        f'<svg class="chart {escape(css_class)}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    if not bars:
        parts.append('<text x="0" y="20" class="chart-empty">No data</text>')
    for index, bar in enumerate(bars):
        y = 4 + index * ROW
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 21}" text-anchor="end" class="chart-label">{escape(bar.label)}</text>'
        )
        if bar.value is not None:
            length = max(2.0, BAR_WIDTH * bar.value / largest)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{length:.1f}" height="{ROW - 10}" class="chart-bar"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 21}" class="chart-value">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes = int(round(seconds / 60))
    days, rest = divmod(minutes, 1440)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} m"
    return f"{minutes} m"
