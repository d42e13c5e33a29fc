"""Server-side SVG charts and maps with Korean labels.

No browser-side chart library: every app renders its charts here as SVG strings that templates
embed inline. Label widths are measured with the same Korean font file the pages serve, so text
never overflows its box. No Django import: the font file is passed in by the caller.
"""

from bombaram.charts.bars import bar_chart, stacked_bar_chart
from bombaram.charts.fontmetrics import FontMetrics
from bombaram.charts.maps import GeoShapes, choropleth, sequential_colours

__all__ = ["FontMetrics", "GeoShapes", "bar_chart", "choropleth", "sequential_colours", "stacked_bar_chart"]
