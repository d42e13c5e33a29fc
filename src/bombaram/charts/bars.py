"""Horizontal bar charts (single and stacked), labelled in Korean."""

from __future__ import annotations

from collections.abc import Sequence

from bombaram.charts.fontmetrics import FontMetrics
from bombaram.charts.svg import attrs, document, text

PALETTE = ["#256ef4", "#f2a33a", "#2e9e6a", "#c9474d", "#7a5bc7", "#5d6b7a", "#1d9bb3", "#b8860b"]


def _format(value: float, decimals: int | None = None) -> str:
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def bar_chart(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    font: FontMetrics,
    width: int = 640,
    bar_height: int = 22,
    colour: str = PALETTE[0],
    unit: str = "",
    decimals: int | None = None,
) -> str:
    """One bar per row, label on the left (measured to fit), value at the bar's end."""
    size = 13
    label_w = max((font.width(label, size) for label, _ in rows), default=0) + 12
    value_w = max((font.width(_format(v, decimals) + unit, size) for _, v in rows), default=0) + 10
    plot_w = max(width - label_w - value_w - 8, 40)
    top = max((v for _, v in rows), default=0) or 1
    body = []
    for i, (label, value) in enumerate(rows):
        y = i * (bar_height + 6) + 4
        w = plot_w * value / top
        body.append(text(label_w - 8, y + bar_height * 0.7, label, text_anchor="end", font_size=size, fill="#1e2124"))
        body.append(f"<rect {attrs(x=label_w, y=y, width=max(w, 0.5), height=bar_height, fill=colour, rx=2)}/>")
        body.append(text(label_w + w + 4, y + bar_height * 0.7, _format(value, decimals) + unit, font_size=size, fill="#464c53"))
    height = len(rows) * (bar_height + 6) + 8
    return document(width, height, body, title=title, font_family=font.family)


def stacked_bar_chart(
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    series: Sequence[str],
    title: str,
    font: FontMetrics,
    width: int = 640,
    bar_height: int = 18,
) -> str:
    """One bar per row split into the series; a legend above the bars."""
    size = 12
    label_w = max((font.width(label, size) for label, _ in rows), default=0) + 12
    total_w = max((font.width(_format(sum(v)), size) for _, v in rows), default=0) + 10
    plot_w = max(width - label_w - total_w - 8, 40)
    top = max((sum(v) for _, v in rows), default=0) or 1
    body, x = [], 0.0
    for i, name in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        body.append(f"<rect {attrs(x=x, y=2, width=12, height=12, fill=colour)}/>")
        body.append(text(x + 16, 12.5, name, font_size=size, fill="#1e2124"))
        x += 16 + font.width(name, size) + 14
    legend_rows = 1 + int(x // width)
    offset = 22 * legend_rows
    for r, (label, values) in enumerate(rows):
        y = offset + r * (bar_height + 5)
        body.append(text(label_w - 8, y + bar_height * 0.75, label, text_anchor="end", font_size=size, fill="#1e2124"))
        cursor = float(label_w)
        for i, value in enumerate(values):
            w = plot_w * value / top
            if w > 0:
                body.append(
                    f"<rect {attrs(x=cursor, y=y, width=w, height=bar_height, fill=PALETTE[i % len(PALETTE)])}>"
                    f"<title>{label} · {series[i]}: {_format(value)}</title></rect>"
                )
            cursor += w
        body.append(text(cursor + 4, y + bar_height * 0.75, _format(sum(values)), font_size=size, fill="#464c53"))
    height = offset + len(rows) * (bar_height + 5) + 6
    return document(width, height, body, title=title, font_family=font.family)
