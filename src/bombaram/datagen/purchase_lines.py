"""Benchmark of the annual purchase report (:func:`bombaram.core.purchase.annual_report`).

Target: 1,000,000 purchases aggregated in at most 2 s on a 2-core machine.
Only the aggregation is timed; building the synthetic records is not.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

from bombaram.core.purchase import (
    Category,
    Channel,
    DepartmentPlan,
    Institution,
    NotCountedReason,
    PurchaseRecord,
    ReportInput,
    annual_report,
)

_CATEGORIES = (Category.GOODS, Category.GOODS, Category.SERVICES, Category.CONSTRUCTION)


def synthetic_report_input(
    n: int = 1_000_000,
    *,
    year: int = 2014,
    departments: int = 40,
    suppliers: int = 800,
    items: int = 400,
    seed: int = 1,
) -> ReportInput:
    """Deterministic synthetic purchases of one year for benchmarks and tests.

    Formula: purchase dates uniform over the year; department uniform among
    ``departments``; supplier s uniform among ``suppliers``, selling one of three
    items (7s .. 7s+2 mod ``items``) in category s mod 4 (물품 twice as often);
    amount uniform in 10,000-5,000,000 won; 95 % counted; suppliers with s mod 2
    = 0 in the district, s mod 10 = 0 through a reseller (indirect); half of the
    not-counted purchases carry an Art. 10 exception (codes 1-6), two thirds of
    those with a justification. Targets: 1억 per department; plans due 1 Feb,
    submitted 0-19 days after 22 Jan. Earlier-years suppliers: the first half.
    All randomness comes from ``random.Random(seed)``.
    Source: synthetic data for this benchmark only.
    """
    rng = random.Random(seed)
    start = date(year, 1, 1)
    days = [start + timedelta(d) for d in range((date(year + 1, 1, 1) - start).days)]
    dept_codes = [f"d{i:03d}" for i in range(departments)]
    supplier_ids = [f"s{i:05d}" for i in range(suppliers)]
    item_names = [f"품목{i:04d}" for i in range(items)]
    records = []
    randrange = rng.randrange
    random_ = rng.random
    for i in range(n):
        s = randrange(suppliers)
        counted = random_() < 0.95
        exception = None
        justification = ""
        if not counted and random_() < 0.5:
            exception = 1 + randrange(6)
            if random_() < 2 / 3:
                justification = "사회적경제기업 제품의 재고가 없어 납기를 맞출 수 없음"
        indirect = s % 10 == 0
        records.append(
            PurchaseRecord(
                id=f"p{i:07d}",
                purchased_on=days[randrange(len(days))],
                department=dept_codes[randrange(departments)],
                supplier_id=supplier_ids[s],
                supplier_name=f"공급자{s:05d}",
                item=item_names[(7 * s + randrange(3)) % items],
                category=_CATEGORIES[s % 4],
                amount_won=randrange(10_000, 5_000_001),
                counted=counted,
                reason_code=None if counted else NotCountedReason.DESIGNATION_TYPE_NOT_ELIGIBLE,
                in_district=s % 2 == 0,
                indirect=indirect,
                exception_code=exception,
                exception_justification=justification,
                channel=Channel.RESELLER if indirect else Channel.DIRECT,
            )
        )
    plans = tuple(
        DepartmentPlan(
            department=code,
            planned_won=80_000_000,
            due_on=date(year, 2, 1),
            submitted_on=date(year, 1, 22) + timedelta(randrange(20)),
        )
        for code in dept_codes
    )
    return ReportInput(
        purchases=records,
        target_won=100_000_000 * departments,
        department_targets=dict.fromkeys(dept_codes, 100_000_000),
        plans=plans,
        earlier_supplier_ids=frozenset(supplier_ids[: suppliers // 2]),
    )


def bench_report(n: int = 1_000_000, *, repeats: int = 3, seed: int = 1) -> dict[str, float | int]:
    """Median wall-clock seconds of :func:`annual_report` over ``n`` synthetic purchases.

    Formula: the input is built once by :func:`synthetic_report_input` (not
    timed); each of ``repeats`` runs times annual_report(input); report_s is the
    median, min_s the fastest run.
    Source: ``time.perf_counter``.
    """
    data = synthetic_report_input(n, seed=seed)
    institution = Institution(id="bench", name="벤치마크 구청")
    times: list[float] = []
    report = None
    for _ in range(repeats):
        started = time.perf_counter()
        report = annual_report(data, institution, 2014)
        times.append(time.perf_counter() - started)
    assert report is not None
    return {
        "purchases": n,
        "repeats": repeats,
        "eligible_won": report.eligible_won,
        "not_counted": len(report.not_counted),
        "report_s": statistics.median(times),
        "min_s": min(times),
    }


if __name__ == "__main__":  # pragma: no cover - manual run: python -m bombaram.datagen.purchase_lines
    print(bench_report())
