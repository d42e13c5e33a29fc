"""A few helpers for writing SVG as text, with every value escaped."""

from __future__ import annotations

from html import escape


def attrs(**values: object) -> str:
    """Render keyword arguments as SVG attributes: ``font_size=12`` → ``font-size="12"``."""
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f'{name}="{escape(_fmt(value), quote=True)}"')
    return " ".join(parts)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def text(x: float, y: float, content: str, **extra: object) -> str:
    return f"<text {attrs(x=x, y=y, **extra)}>{escape(content)}</text>"


def document(width: float, height: float, body: list[str], *, title: str, desc: str = "", font_family: str) -> str:
    """An accessible standalone SVG: role=img with a title (and description) screen readers read."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_fmt(float(width))} {_fmt(float(height))}" '
        f'role="img" aria-labelledby="svg-title" class="chart" '
        f'font-family="{escape(font_family, quote=True)}, sans-serif">'
        f"<title id=\"svg-title\">{escape(title)}</title>"
    )
    if desc:
        head += f"<desc>{escape(desc)}</desc>"
    return head + "".join(body) + "</svg>"
