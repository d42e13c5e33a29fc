"""SVG charts and the district map, laid out with the Korean font the pages serve."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

from bombaram.charts import FontMetrics, GeoShapes, bar_chart, choropleth, sequential_colours
from bombaram.registry.reference_data import reference_path

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def font():
    return FontMetrics(settings.CHART_FONT_FILE)


def test_font_has_every_hangul_syllable_and_is_pretendard(font):
    assert font.family == "Pretendard GOV"
    assert all(font.has_glyph(chr(c)) for c in range(0xAC00, 0xD7A4))


def test_text_width_is_the_sum_of_the_fonts_advances(font):
    raw = TTFont(settings.CHART_FONT_FILE)
    cmap, hmtx, upem = raw.getBestCmap(), raw["hmtx"].metrics, raw["head"].unitsPerEm
    expected = sum(hmtx[cmap[ord(ch)]][0] for ch in "마포구 145") * 12 / upem
    assert font.width("마포구 145", 12) == pytest.approx(expected)
    assert font.width("가가", 10) == pytest.approx(2 * font.width("가", 10))


def test_missing_font_says_how_to_install_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="make install"):
        FontMetrics(tmp_path / "none.otf")


def test_seoul_map_has_25_districts_inside_the_canvas():
    geo = GeoShapes.from_geojson(reference_path("geo", "juso_2015_seoul_municipalities_geo_simple.json"), width=600)
    assert len(geo.shapes) == 25
    assert {s.code for s in geo.shapes} >= {"11110", "11290", "11740"}
    numbers = [float(n) for s in geo.shapes for n in re.findall(r"[\d.]+", s.path)]
    assert min(numbers) >= 0 and max(numbers) <= 600
    # Seoul is about 36 km wide and 30 km tall: the map keeps that proportion (±10 %)
    assert 0.75 < geo.height / geo.width < 0.95


def test_choropleth_fills_labels_and_escapes(font):
    geo = GeoShapes.from_geojson(reference_path("geo", "juso_2015_seoul_municipalities_geo_simple.json"))
    svg = choropleth(geo, fills={"11290": "#123456"}, titles={"11290": "성북구 <1차>"}, labels={"11290": "성북"},
                     legend=[("#123456", "1차")], title="시험 지도", font=font, attribution="경계: 출처")
    root = ET.fromstring(svg)
    paths = root.findall(f".//{SVG}path")
    assert len(paths) == 25
    seongbuk = next(p for p in paths if p.get("data-code") == "11290")
    assert seongbuk.get("fill") == "#123456"
    assert seongbuk.find(f"{SVG}title").text == "성북구 <1차>"
    assert [p.get("fill") for p in paths].count("#f4f5f6") == 24
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "시험 지도"


def test_sequential_classes_by_hand():
    # range 0..100 in 5 classes of width 20: 0→class 0, 19→0, 20→1, 99→4, 100→4 (the top is closed)
    fills, legend = sequential_colours({"a": 0, "b": 19, "c": 20, "d": 99, "e": 100, "f": None}, steps=5)
    order = [legend[i][0] for i in range(5)]
    assert [order.index(fills[k]) for k in "abcde"] == [0, 0, 1, 4, 4]
    assert "f" not in fills
    assert legend[0][1] == "0 – 20" and legend[4][1] == "80 – 100"


def test_bar_labels_fit_their_measured_width(font):
    svg = bar_chart([("기타서비스", 330), ("교육", 299)], title="업종 분포", font=font, width=500)
    root = ET.fromstring(svg)
    bars = root.findall(f"{SVG}rect")
    label_w = font.width("기타서비스", 13) + 12
    assert float(bars[0].get("x")) == pytest.approx(label_w, abs=0.1)
    # 330 is the longest bar; 299 is 299/330 of it
    assert float(bars[1].get("width")) / float(bars[0].get("width")) == pytest.approx(299 / 330, rel=1e-2)
