"""Charts and maps for the pages: the font file and the district shapes, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from bombaram.charts import FontMetrics, GeoShapes
from bombaram.registry.reference_data import reference_path

MAP_ATTRIBUTION = "경계: 도로명주소(2015), southkorea/seoul-maps"


@lru_cache(maxsize=1)
def chart_font() -> FontMetrics:
    return FontMetrics(settings.CHART_FONT_FILE)


@lru_cache(maxsize=2)
def seoul_shapes(width: int = 600) -> GeoShapes:
    return GeoShapes.from_geojson(reference_path("geo", "juso_2015_seoul_municipalities_geo_simple.json"), width=width)
