"""Maps and charts of the statistics page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bombaram.charts import choropleth, sequential_colours, stacked_bar_chart
from bombaram.charts.bars import bar_chart
from bombaram.ecosystem.queries import Statistics
from bombaram.web.figures import MAP_ATTRIBUTION, chart_font, seoul_shapes

COUNT_MEASURES = {
    "total": gettext_lazy("All organisations"),
    "social_enterprise_total": gettext_lazy("Social enterprises"),
    "village_enterprise": gettext_lazy("Village enterprises"),
    "cooperative": gettext_lazy("Cooperatives"),
    "self_sufficiency": gettext_lazy("Self-sufficiency enterprises"),
}


def measure_choices(stats: Statistics) -> list[tuple[str, str]]:
    choices = [(k, str(v)) for k, v in COUNT_MEASURES.items()]
    choices += [("total_share", _("Share of the city's organisations (%)")),
                ("coop_members", _("Cooperative members")), ("coop_capital", _("Cooperative paid-in capital (thousand won)"))]
    choices += [(f"lq:{code}", _("Location quotient: %(industry)s") % {"industry": label})
                for code, label in stats.industry_labels.items()]
    return choices


def measure_values(stats: Statistics, measure: str) -> dict[str, float | None]:
    """District code → value of the chosen measure."""
    by_name: dict[str, float | None] = {}
    total_all = sum(stats.district_type[d]["total"] for d in stats.districts)
    for name in stats.districts:
        if measure in COUNT_MEASURES:
            by_name[name] = stats.district_type[name][measure]
        elif measure == "total_share":
            by_name[name] = stats.district_type[name]["total"] / total_all * 100 if total_all else None
        elif measure == "coop_members":
            by_name[name] = stats.cooperatives[name].members
        elif measure == "coop_capital":
            by_name[name] = stats.cooperatives[name].capital_won / 1000
        elif measure.startswith("lq:"):
            by_name[name] = stats.lq[name][measure[3:]].lq
        else:
            raise KeyError(measure)
    return {stats.district_codes[name]: value for name, value in by_name.items()}


def map_svg(stats: Statistics, measure: str, label: str) -> str:
    values = measure_values(stats, measure)
    fills, legend = sequential_colours(values, steps=5)
    names = {code: name for name, code in stats.district_codes.items()}

    def fmt(v: float | None) -> str:
        if v is None:
            return "—"
        return f"{v:,.2f}" if measure.startswith("lq:") or measure == "total_share" else f"{v:,.0f}"

    titles = {code: f"{names[code]}: {fmt(v)}" for code, v in values.items()}
    labels = {code: names[code][:-1] if len(names[code]) > 2 else names[code] for code in values}
    return choropleth(seoul_shapes(), fills=fills, titles=titles, labels=labels, legend=legend,
                      title=f"{label} ({stats.as_of.isoformat()})", font=chart_font(), attribution=MAP_ATTRIBUTION)


def district_bars_svg(stats: Statistics) -> str:
    series = ["social_enterprise_total", "village_enterprise", "cooperative", "self_sufficiency"]
    rows = [(name, [stats.district_type[name][s] for s in series]) for name in stats.districts]
    return stacked_bar_chart(rows, series=[str(COUNT_MEASURES[s]) for s in series],
                             title=_("Organisations by district and type"), font=chart_font(), width=720)


def industry_bars_svg(stats: Statistics) -> str:
    total = sum(stats.industry.values()) or 1
    rows = sorted(((stats.industry_labels[k], v / total * 100) for k, v in stats.industry.items()), key=lambda r: -r[1])
    return bar_chart(rows, title=_("Industry shares (%)"), font=chart_font(), unit="%", width=560, decimals=1)
