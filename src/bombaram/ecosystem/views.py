"""The statistics page, its map partial, downloads, the printable report and the LQ comparison."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from bombaram.datagen.seoul_2014 import load_report_tables
from bombaram.ecosystem import exports, figures, links, queries, tables
from bombaram.ecosystem.forms import StatisticsForm


def _params(request) -> tuple[dt.date, str, str, StatisticsForm]:
    form = StatisticsForm(request.GET or None)
    form.is_valid()  # a bad field is reported on the page (and refused for downloads); the good ones are kept
    data = getattr(form, "cleaned_data", {})
    # no date asked: the registry's latest data, not today (a registry of 2014 read in 2026)
    as_of = data.get("as_of") or queries.latest_registry_date() or timezone.localdate()
    mode = data.get("mode") or "organisation"
    measure = data.get("measure") or "total"
    return as_of, mode, measure, form


def _refused(form: StatisticsForm) -> HttpResponseBadRequest | None:
    """A download or the printed report never gives figures for another date or way of counting than
    the one asked for: 400 saying which field could not be read (the page says it beside the field)."""
    problems = [f"{form.fields[name].label}: {' '.join(form.errors[name])}"
                for name in StatisticsForm.FIGURE_FIELDS if name in form.errors]
    if not problems:
        return None
    return HttpResponseBadRequest(" ".join(problems) + "\n", content_type="text/plain; charset=utf-8")


def _context(request):
    as_of, mode, measure, form = _params(request)
    stats = queries.compute_cached(as_of, mode)
    choices = dict(figures.measure_choices(stats))
    if measure not in choices:
        measure = "total"
    return stats, {"stats": stats, "form": form, "as_of": as_of, "mode": mode, "measure": measure,
                   "measure_label": choices[measure], "measure_choices": list(choices.items()),
                   "latest_date": queries.latest_registry_date(),
                   "query": f"as_of={as_of.isoformat()}&mode={mode}"}


def _drawn(stats, draw, *args) -> str:
    """A figure drawn once per tables, arguments and language (the tables of a registry revision
    do not change), instead of on every request."""
    key = (draw.__name__, *map(str, args), translation.get_language())
    svg = stats.drawn.get(key)
    if svg is None:
        svg = stats.drawn[key] = draw(stats, *args)
    return svg


@vary_on_headers("HX-Request")  # a partial for htmx, the page otherwise: caches keep both
def statistics(request):
    stats, ctx = _context(request)
    ctx["map_svg"] = _drawn(stats, figures.map_svg, ctx["measure"], ctx["measure_label"])
    if request.headers.get("HX-Request") and request.GET.get("partial") == "map":
        return render(request, "ecosystem/_map.html", ctx)
    dt_columns, dt_rows = tables.district_type_rows(stats, totals=True)
    coop_columns, coop_rows = tables.cooperative_rows(stats, totals=True)
    total = sum(stats.industry.values())
    ctx.update({
        "dt_rows": links.district_type_rows(stats, dt_rows), "coop_rows": links.cooperative_rows(stats, coop_rows),
        "industry_rows": [(stats.industry_labels[c], stats.industry[c], stats.industry[c] / total * 100 if total else None,
                           links.industry_url(stats, c)) for c in stats.industries],
        "industry_total": total, "industry_total_url": links.industry_url(stats, "any"),
        "lq_rows": links.lq_rows(stats),
        "industry_labels": [stats.industry_labels[c] for c in stats.industries],
        "district_bars": _drawn(stats, figures.district_bars_svg), "industry_bars": _drawn(stats, figures.industry_bars_svg),
        **_extra_rows(stats),
        "crumbs": [(_("Ecosystem statistics"), None)],
        "headline": {"total": stats.total["total"], "se": stats.total["social_enterprise_total"],
                     "coops": sum(r.cooperatives for r in stats.cooperatives.values()),
                     "members": sum(r.members for r in stats.cooperatives.values())},
    })
    return render(request, "ecosystem/statistics.html", ctx)


def report(request):
    if (refused := _refused(StatisticsForm(request.GET or None))) is not None:
        return refused
    stats, ctx = _context(request)
    ctx.update({
        "dt_rows": links.district_type_rows(stats, tables.district_type_rows(stats, totals=True)[1]),
        "coop_rows": links.cooperative_rows(stats, tables.cooperative_rows(stats, totals=True)[1]),
        "industry_rows": tables.industry_rows(stats, totals=True)[1],
        "lq_rows": links.lq_rows(stats),
        "industry_labels": [stats.industry_labels[c] for c in stats.industries],
        "map_svg": figures.map_svg(stats, "total", str(figures.COUNT_MEASURES["total"])),
        **_extra_rows(stats),
        "district_bars": figures.district_bars_svg(stats),
    })
    return render(request, "ecosystem/report.html", ctx)


def _extra_rows(stats) -> dict:
    labels = {"social_enterprise_total": _("Social enterprises"), "village_enterprise": _("Village enterprises"),
              "cooperative": _("Cooperatives"), "self_sufficiency": _("Self-sufficiency enterprises"), "total": _("Total")}
    return {
        "base_rows": [(stats.industry_labels[r.industry], r.section, r.organisation_share_pct, r.business_share_pct, r.ratio)
                      for r in stats.base_comparison],
        "concentration_rows": [(labels[c], v["hhi"], v["cr3_pct"], v["gini"]) for c, v in stats.concentration.items()],
        **_wage_rows(stats),
    }


def _wage_rows(stats) -> dict:
    wage = stats.wage_support
    if wage is None:
        return {"wage_rows": [], "wage_total": []}
    return {"wage_rows": [(area, [counts[y] for y in wage.years]) for area, counts in wage.by_area.items()],
            "wage_total": [wage.total[y] for y in wage.years]}


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(request, table: str, fmt: str):
    if table not in tables.BUILDERS or fmt not in CONTENT_TYPES:
        raise Http404
    as_of, mode, _measure, form = _params(request)
    if (refused := _refused(form)) is not None:
        return refused
    stats = queries.compute_cached(as_of, mode)
    name = f"bombaram-{table}-{as_of.isoformat()}{'-예시데이터' if stats.illustrative else ''}.{fmt}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        exports.write(stats, table, fmt=fmt, totals=table != "lq", output=path)
        response = HttpResponse(path.read_bytes(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def lq_comparison(request):
    """The demonstration data's LQs beside the report's printed ones (they can be approached, not reproduced)."""
    if (refused := _refused(StatisticsForm(request.GET or None))) is not None:
        return refused
    stats, ctx = _context(request)
    printed = load_report_tables().printed_lq
    rows, errors = [], []
    for name in stats.districts:
        cells = []
        for code in stats.industries:
            ours = stats.lq[name][code].lq
            theirs = float(printed[name][code]) if name in printed else None
            diff = None if ours is None or theirs is None else ours - theirs
            if diff is not None:
                errors.append(diff)
            cells.append((ours, theirs, diff))
        rows.append((name, cells))
    rmse = (sum(e * e for e in errors) / len(errors)) ** 0.5 if errors else None
    ctx.update({"rows": rows, "industry_labels": [stats.industry_labels[c] for c in stats.industries],
                "rmse": rmse, "max_abs": max((abs(e) for e in errors), default=None),
                "matching": sum(1 for e in errors if abs(e) < 0.005), "cells": len(errors),
                "crumbs": [(_("Ecosystem statistics"), "/statistics/"), (_("Location quotients: data and report"), None)]})
    return render(request, "ecosystem/lq_comparison.html", ctx)


def national(request):
    """The country by 시도, or one 시도 by 시군구 (``?sido=44``), for a date and a way of counting."""
    from bombaram.core.national_statistics import COLUMNS
    from bombaram.ecosystem.forms import NationalStatisticsForm

    form = NationalStatisticsForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    as_of = data.get("as_of") or queries.latest_registry_date() or timezone.localdate()
    mode = data.get("mode") or "organisation"
    sido = data.get("sido") or ""
    try:
        stats = queries.national_statistics(as_of, sido=sido, mode=mode)
        unknown_sido = ""
    except ValueError:
        stats, unknown_sido = queries.national_statistics(as_of, mode=mode), sido
    query = f"as_of={as_of.isoformat()}&mode={mode}"
    rows = [(label, [stats.table[key][c] for c in COLUMNS],
             f"?{query}&sido={key}" if not stats.sido and key.isdigit() else None)
            for key, label in stats.rows]
    return render(request, "ecosystem/national.html", {
        "stats": stats, "form": form, "as_of": as_of, "mode": mode, "rows": rows,
        "total": [stats.total[c] for c in COLUMNS], "unknown_sido": unknown_sido,
        "sidos": [(s.code, s.name_ko) for s in queries.sidos_in_usual_order(as_of)],
        "country_url": f"?{query}",
        "crumbs": [(_("Ecosystem statistics"), "/statistics/"), (_("Country and provinces"), None)],
    })
