"""The designation timeline on an organisation's page: one bar per designation, granted → ended."""

from __future__ import annotations

import datetime as dt
from html import escape

from bombaram.charts.svg import attrs, document, text
from bombaram.web.figures import chart_font

COLOURS = {"certified_se": "#1b4fb8", "seoul_pre_se": "#3d7ae8", "regional_pre_se": "#7fa8f6",
           "village_enterprise": "#2e9e6a", "cooperative": "#f2a33a", "social_cooperative": "#c97c12",
           "self_sufficiency": "#7a5bc7"}


def designation_timeline_svg(designations, *, today: dt.date, width: int = 720) -> str:
    if not designations:
        return ""
    font = chart_font()
    starts = [d.granted for d in designations if d.granted]
    first = min(starts) if starts else today.replace(year=today.year - 1)
    first = dt.date(first.year, 1, 1)
    last = dt.date(today.year + 1, 1, 1)
    label_w = max(font.width(d.type.name, 12) for d in designations) + 14
    plot_w = width - label_w - 10
    span = (last - first).days or 1

    def x(day: dt.date) -> float:
        return label_w + plot_w * (day - first).days / span

    body = []
    step = 1 if last.year - first.year <= 12 else 2
    for year in range(first.year, last.year, step):
        gx = x(dt.date(year, 1, 1))
        body.append(f"<line {attrs(x1=gx, x2=gx, y1=0, y2=len(designations) * 26 + 4, stroke='#e6e8ea')}/>")
        body.append(text(gx + 2, len(designations) * 26 + 18, str(year), font_size=10, fill="#6d7882"))
    for i, d in enumerate(designations):
        y = i * 26 + 4
        start = d.granted or first
        end = d.ended or today
        colour = COLOURS.get(d.type.code, "#5d6b7a")
        period = f"{start.isoformat()} ~ {d.ended.isoformat() if d.ended else ''}"
        body.append(text(label_w - 8, y + 14, d.type.name, text_anchor="end", font_size=12, fill="#1e2124"))
        body.append(f"<rect {attrs(x=x(start), y=y, width=max(x(end) - x(start), 3), height=18, fill=colour, rx=3, opacity=0.55 if d.ended else 1)}>"
                    f"<title>{escape(d.type.name)} {escape(period)}</title></rect>")
    tx = x(today)
    body.append(f"<line {attrs(x1=tx, x2=tx, y1=0, y2=len(designations) * 26, stroke='#de3412', stroke_dasharray='3 2')}/>")
    return document(width, len(designations) * 26 + 24, body, title="지정 이력", font_family=font.family)
