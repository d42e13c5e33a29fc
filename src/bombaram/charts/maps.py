"""Choropleth maps of districts drawn from GeoJSON as SVG paths.

Projection: equirectangular with the longitude scaled by cos(φ₀) at the map's mean latitude, which
keeps a city-sized area (Seoul spans 0.4° of latitude) true to shape within a fraction of a percent;
y grows downwards as SVG expects.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from bombaram.charts.fontmetrics import FontMetrics
from bombaram.charts.svg import attrs, document, text

#: light-to-dark blue steps for numeric measures (enough contrast between neighbours)
BLUES = ["#e8f0fe", "#b9d0fb", "#7fa8f6", "#3d7ae8", "#1b4fb8", "#0c2f74"]


@dataclass(frozen=True)
class Shape:
    code: str
    name_ko: str
    path: str          # SVG path data in the map's pixel space
    label_x: float
    label_y: float


@dataclass(frozen=True)
class GeoShapes:
    width: float
    height: float
    shapes: tuple[Shape, ...]

    @classmethod
    def from_geojson(cls, path: Path | str, *, width: float = 600, code_key: str = "SIG_CD",
                     name_key: str = "SIG_KOR_NM", margin: float = 8) -> GeoShapes:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        polygons: list[tuple[str, str, list[list[list[float]]]]] = []
        for feature in data["features"]:
            geometry = feature["geometry"]
            rings = geometry["coordinates"] if geometry["type"] == "Polygon" else [
                ring for polygon in geometry["coordinates"] for ring in polygon
            ]
            props = feature["properties"]
            polygons.append((str(props[code_key]), props.get(name_key, ""), rings))
        lons = [pt[0] for _, _, rings in polygons for ring in rings for pt in ring]
        lats = [pt[1] for _, _, rings in polygons for ring in rings for pt in ring]
        k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x, span_y = (max(lons) - min(lons)) * k, max(lats) - min(lats)
        scale = (width - 2 * margin) / span_x
        height = span_y * scale + 2 * margin

        def project(pt: Sequence[float]) -> tuple[float, float]:
            return (margin + (pt[0] - min(lons)) * k * scale, margin + (max(lats) - pt[1]) * scale)

        shapes = []
        for code, name, rings in polygons:
            parts, best = [], (0.0, 0.0, 0.0)
            for ring in rings:
                pts = [project(pt) for pt in ring]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
                area, cx, cy = _centroid(pts)
                if abs(area) > abs(best[0]):
                    best = (area, cx, cy)
            shapes.append(Shape(code, name, "".join(parts), best[1], best[2]))
        return cls(width, height, tuple(shapes))


def _centroid(pts: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed area and centroid of a closed polygon (shoelace formula)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, pts[0][0], pts[0][1]
    return a / 2, cx / (3 * a), cy / (3 * a)


def sequential_colours(values: Mapping[str, float | None], steps: int = 5) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Fill colours by equal-width classes between the minimum and maximum, and the legend rows."""
    present = [v for v in values.values() if v is not None]
    if not present:
        return {}, []
    low, high = min(present), max(present)
    width = (high - low) / steps or 1
    palette = BLUES[1 : steps + 1] if steps < len(BLUES) else BLUES
    fills = {}
    for code, value in values.items():
        if value is not None:
            fills[code] = palette[min(int((value - low) / width), steps - 1)]
    legend = []
    for i in range(steps):
        lo, hi = low + i * width, low + (i + 1) * width
        legend.append((palette[i], f"{lo:,.2f} – {hi:,.2f}" if width < 10 else f"{lo:,.0f} – {hi:,.0f}"))
    return fills, legend


def choropleth(
    geo: GeoShapes,
    *,
    fills: Mapping[str, str],
    titles: Mapping[str, str],
    labels: Mapping[str, str],
    legend: Sequence[tuple[str, str]],
    title: str,
    font: FontMetrics,
    attribution: str,
    empty_fill: str = "#f4f5f6",
    links: Mapping[str, str] | None = None,
) -> str:
    """Districts filled by ``fills`` (code → colour), each with a tooltip title and a short label."""
    body = []
    for shape in geo.shapes:
        fill = fills.get(shape.code, empty_fill)
        tip = f"<title>{escape(titles.get(shape.code, shape.name_ko))}</title>"
        path = f'<path {attrs(d=shape.path, fill=fill, stroke="#ffffff", stroke_width=1.2, data_code=shape.code)}>{tip}</path>'
        if links and shape.code in links:
            path = f'<a href="{escape(links[shape.code], quote=True)}">{path}</a>'
        body.append(path)
    for shape in geo.shapes:
        label = labels.get(shape.code)
        if label:
            dark = fills.get(shape.code, empty_fill) in BLUES[3:] or fills.get(shape.code) in {"#256ef4", "#1b4fb8", "#0c2f74"}
            body.append(text(
                shape.label_x, shape.label_y + 4, label, text_anchor="middle", font_size=11,
                fill="#ffffff" if dark else "#1e2124", pointer_events="none",
            ))
    y = geo.height + 6
    x = 8.0
    for colour, name in legend:
        item_w = 19 + font.width(name, 12) + 16
        if x > 8 and x + item_w > geo.width:
            x, y = 8.0, y + 20
        body.append(f"<rect {attrs(x=x, y=y, width=14, height=14, fill=colour, stroke='#8a949e', stroke_width=0.5)}/>")
        body.append(text(x + 19, y + 11.5, name, font_size=12, fill="#1e2124"))
        x += item_w
    height = y + 34
    body.append(text(8, height, attribution, font_size=10, fill="#6d7882"))
    return document(geo.width, height + 6, body, title=title, font_family=font.family)
