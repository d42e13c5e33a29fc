"""The home page and error pages."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from bombaram.charts import choropleth
from bombaram.programmes import queries as programme_queries
from bombaram.programmes.choices import Cohort
from bombaram.registry.queries import districts_in_report_order
from bombaram.web.figures import MAP_ATTRIBUTION, chart_font, seoul_shapes

COHORT_COLOURS = {Cohort.FIRST: "#1b4fb8", Cohort.SECOND: "#3d7ae8", Cohort.THIRD: "#9fc0f8"}


def team_map_svg(request) -> str:
    """Choropleth of the districts with a programme team, by cohort; each district links to its team."""
    teams = list(programme_queries.teams())
    by_code = {t.district.code: t for t in teams}
    districts = list(districts_in_report_order())
    fills = {code: COHORT_COLOURS[t.cohort] for code, t in by_code.items()}
    titles, labels = {}, {}
    for d in districts:
        team = by_code.get(d.code)
        titles[d.code] = f"{d.name} · {team.get_cohort_display()}" if team else f"{d.name} · {_('no programme team')}"
        labels[d.code] = d.short_name
    legend = [(COHORT_COLOURS[c], c.label) for c in Cohort] + [("#f4f5f6", _("No programme team"))]
    return choropleth(
        seoul_shapes(),
        fills=fills,
        titles=titles,
        labels=labels,
        legend=legend,
        title=_("Districts with a programme team, by cohort"),
        font=chart_font(),
        attribution=MAP_ATTRIBUTION,
        links={code: t.get_absolute_url() for code, t in by_code.items()},
    )


def home(request):
    teams = list(programme_queries.teams())
    from bombaram.programmes.outputs import home_figures

    figures, records, notes, ledger_illustrative = home_figures()
    cohorts = [(c, [t for t in teams if t.cohort == c]) for c in Cohort]
    return render(request, "web/home.html", {
        "map_svg": team_map_svg(request),
        "teams": teams,
        "cohorts": cohorts,
        "figures": figures,
        "records": records,
        "ledger_illustrative": ledger_illustrative,
        "notes": notes,
        "districts_with_team": len({t.district_id for t in teams}),
    })


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
