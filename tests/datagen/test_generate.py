"""``bombaram generate``: deterministic synthetic data whose eligibility, running sums and national
report agree with the rules and with the purchases themselves (a small number of lines; the full
scales are measured in docs/benchmarks.md, not here)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum

from bombaram.cli import main
from bombaram.core import purchase as rules
from bombaram.datagen.purchase_year import UNKNOWN_REASON
from bombaram.datagen.scale import generate
from bombaram.procurement import national, reports
from bombaram.procurement.models import Department, Institution, Purchase, PurchasePlan, YearTarget
from bombaram.procurement.services import eligibility


def _fingerprint() -> list[tuple]:
    return list(Purchase.objects.filter(institution__code__startswith="gen-").order_by(
        "institution__code", "purchased_on", "department__code", "supplier_name", "amount_won", "item").values_list(
        "institution__code", "department__code", "purchased_on", "supplier_name", "item", "amount_won", "counted",
        "channel", "exception_code"))


def test_generate_is_deterministic_and_agrees_with_the_rules(db, tmp_path):
    result = generate(scale="seoul", seed=7, year=2024, home=tmp_path, purchases=3_000)
    generated = Institution.objects.filter(code__startswith="gen-")
    assert generated.count() == 26 and not generated.filter(illustrative=False).exists()
    assert generated.filter(district__isnull=False).count() == 25           # the 25 구청, and the city hall
    assert set(generated.values_list("sido_code", flat=True)) == {"11"}
    assert YearTarget.objects.filter(institution__in=generated, year=2024).count() == 26
    departments = Department.objects.filter(institution__in=generated)
    assert PurchasePlan.objects.filter(department__in=departments, year=2024).count() == departments.count() >= 26 * 20
    lines = Purchase.objects.filter(institution__in=generated)
    assert lines.count() == 3_000
    assert lines.filter(purchased_on__year=2024).count() == 3_000
    assert 0 < lines.filter(counted=True).count() < 3_000
    assert any("3,000건" in line for line in result.lines)
    first = _fingerprint()

    # every line's eligibility is what the procurement rules decide for that supplier on that day
    sample = list(lines.exclude(supplier=None).select_related("institution", "supplier__district").order_by("pk")[:200])
    history = eligibility.designation_history(p.supplier_id for p in sample)
    for p in sample:
        decided = eligibility.check(p.institution, eligibility.policy_for(p.institution), p.supplier,
                                    history[p.supplier_id], p.purchased_on, p.channel, set())
        assert (p.counted, p.in_district, p.indirect) == (decided.counted, decided.in_district, decided.indirect), p.pk
    assert not lines.filter(supplier=None, counted=True).exists()
    assert set(lines.filter(supplier=None).values_list("not_counted_reason", flat=True)) == {UNKNOWN_REASON}

    # the running sums give the report of every purchase
    biggest = generated.annotate(n=Count("purchases")).order_by("-n").first()
    data = reports.report_input(biggest, 2024)
    assert reports.annual_report(biggest, 2024) == rules.annual_report(data, reports.core_institution(biggest), 2024)

    # the national report's sums are the purchases' own
    report = national.national_report(2024)
    every = Purchase.objects.filter(purchased_on__year=2024).aggregate(
        total=Sum("amount_won"), eligible=Sum("amount_won", filter=Q(counted=True)), n=Count("pk"))
    assert (report.country.total_won, report.country.eligible_won, report.country.n) == (
        every["total"], every["eligible"], every["n"])
    assert sum(line.total_won for line in report.by_sido) == every["total"]
    assert sum(line.n for line in report.by_month) == every["n"] == sum(line.n for line in report.institutions)
    assert report.by_sido[0].label == "서울특별시"
    # the report reads the running sums: the same groups as summing every line
    def key(group):
        return (group.institution_id, group.month, group.category)

    assert sorted(national.groups(2024), key=key) == sorted(national.groups_from_lines(2024), key=key)

    # the same seed gives the same data (replacing what was generated); another seed other data
    generate(scale="seoul", seed=7, year=2024, home=tmp_path, purchases=3_000)
    assert _fingerprint() == first
    assert Institution.objects.filter(code__startswith="gen-").count() == 26
    generate(scale="seoul", seed=8, year=2024, home=tmp_path, purchases=3_000)
    assert _fingerprint() != first


def test_the_command_says_what_it_made(db, settings, tmp_path, capsys):
    settings.HOME = tmp_path
    assert main(["generate", "--scale", "national", "--purchases", "2000", "--seed", "1", "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert "예시 데이터(규모 national, 씨앗 1)" in out and "예시 기관 1,000곳" in out and "2023년 예시 구매 2,000건" in out
    generated = Institution.objects.filter(code__startswith="gen-")
    assert generated.values("sido_code").distinct().count() == 17
    assert Purchase.objects.filter(institution__in=generated, purchased_on__gte=dt.date(2023, 1, 1),
                                   purchased_on__lte=dt.date(2023, 12, 31)).count() == 2_000
    assert main(["generate", "--scale", "national", "--year", "1800"]) == 2
    assert "--year" in capsys.readouterr().err
