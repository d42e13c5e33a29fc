"""``bombaram generate --scale seoul|national``: synthetic data of a city's or the country's size (예시 데이터).

What it writes, in this order (each step says what it made; the whole is deterministic for a seed):

1. the demonstration (``bombaram demo``): reference data, Seoul's 1,871 organisations with their
   designation histories, the programme teams' ledgers, the Delphi studies, the cooperatives;
2. at the national scale, the country's organisations across the 17 시도
   (:mod:`bombaram.datagen.national_registry`, when that module is present);
3. the scale's institutions (:mod:`bombaram.datagen.purchase_year`) with their departments, the year's
   targets (institution and departments) and one submitted purchase plan per department;
4. the year's purchase lines, written with the database's raw bulk path (``COPY`` on PostgreSQL,
   ``executemany`` on SQLite; the ORM would take hours for ten million), each line's eligibility
   from the registry (see purchase_year);
5. the running sums of the annual report (PurchaseTotal), with the same SQL an import uses.

Generated institutions have codes beginning ``gen-`` and are marked illustrative; generating again
replaces them (and their purchases) and leaves everything else as it is.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from bombaram.core import purchase as rules
from bombaram.datagen import purchase_year as gen
from bombaram.procurement.choices import PlanStatus
from bombaram.procurement.models import (
    Department,
    DepartmentTarget,
    Institution,
    PlanItem,
    Purchase,
    PurchasePlan,
    PurchaseTotal,
    YearTarget,
)
from bombaram.procurement.services import totals
from bombaram.procurement.services.eligibility import designation_history
from bombaram.registry.models import District, Organisation

PREFIX = "gen-"


@dataclass
class Step:
    name: str
    seconds: float
    count: int
    unit: str

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else 0.0


@dataclass
class GenerateResult:
    scale: str
    seed: int
    year: int
    steps: list[Step] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


Progress = Callable[[str, int, int], None]   # (task, done, total)


def _no_progress(task: str, done: int, total: int) -> None:
    return None


def generate(*, scale: str, seed: int = 0, year: int = 2024, home: Path, purchases: int | None = None,
             progress: Progress = _no_progress) -> GenerateResult:
    spec = gen.SCALES[scale]
    total = spec.purchases if purchases is None else purchases
    result = GenerateResult(scale=scale, seed=seed, year=year)

    def timed(name: str, unit: str, work: Callable[[], int]) -> int:
        start = time.perf_counter()
        count = work()
        result.steps.append(Step(name, time.perf_counter() - start, count, unit))
        return count

    from bombaram.web.demo import load_demo

    timed("demonstration", "lines", lambda: len(load_demo(home)))
    if scale == "national":
        try:
            from bombaram.datagen.national_registry import load_national_registry
        except ImportError:
            result.lines.append("전국 조직 생성기(datagen.national_registry)가 아직 없어 서울 예시 조직만 공급자로 씁니다")
        else:
            timed("national registry", "organisations",
                  lambda: sum(v for v in load_national_registry(seed=seed, organisations=spec.organisations).values()
                              if isinstance(v, int)))
    made = gen.institutions(spec, seed, seoul_districts=list(
        District.objects.filter(code__startswith="11").order_by("code").values_list("code", "name_ko")), purchases=total)
    timed("remove earlier generated data", "institutions", _remove_generated)
    inst_ids, dept_ids = [], []
    timed("institutions, departments, targets, plans", "departments",
          lambda: _write_institutions(made, year, inst_ids, dept_ids))
    pool = supplier_pool(year)
    written = timed("purchase lines", "rows",
                    lambda: _write_lines(made, pool, total=total, year=year, seed=seed,
                                         institution_ids=inst_ids, department_ids=dept_ids, progress=progress))
    timed("running sums (PurchaseTotal)", "rows", lambda: _sum(written))
    organisations = Organisation.objects.count()
    result.lines += [
        f"예시 조직 {organisations:,}곳 (공급자로 쓴 조직 {len(pool.ids):,}곳: 그해 지정 상태가 바뀌지 않는 조직)",
        f"예시 기관 {len(made):,}곳, 부서 {sum(len(d) for d in dept_ids):,}개 (목표·구매계획 포함)",
        f"{year}년 예시 구매 {written:,}건 ({connection.vendor}, "
        f"{'COPY' if connection.vendor == 'postgresql' else 'executemany'})",
    ]
    return result


def _remove_generated() -> int:
    generated = Institution.objects.filter(code__startswith=PREFIX)
    ids = list(generated.values_list("pk", flat=True))
    if not ids:
        return 0
    marks = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:
        # the purchases first, with one statement each: the ORM's cascade would load millions of rows
        for model in (Purchase, PurchaseTotal):
            cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE "institution_id" IN ({marks})', ids)
        generated.delete()
    return len(ids)


@transaction.atomic
def _write_institutions(made: list[gen.GenInstitution], year: int, inst_ids: list[int],
                        dept_ids: list[list[int]]) -> int:
    districts = dict(District.objects.values_list("code", "pk"))
    institutions = Institution.objects.bulk_create([
        Institution(code=i.code, name=i.name, district_id=districts.get(i.district_code), illustrative=True,
                    sido_code=i.sido_code)
        for i in made])
    inst_ids.extend(i.pk for i in institutions)
    YearTarget.objects.bulk_create([
        YearTarget(institution_id=pk, year=year, target_won=i.target_won, source="예시 데이터 (bombaram generate)")
        for pk, i in zip(inst_ids, made, strict=True)])
    departments = Department.objects.bulk_create([
        Department(institution_id=pk, code=f"d{k + 1:02d}", name=name)
        for pk, i in zip(inst_ids, made, strict=True) for k, name in enumerate(i.departments)], batch_size=5000)
    position = 0
    for i in made:
        dept_ids.append([d.pk for d in departments[position : position + len(i.departments)]])
        position += len(i.departments)
    DepartmentTarget.objects.bulk_create([
        DepartmentTarget(department_id=d, year=year, target_won=int(round(i.target_won / len(ids), -4)))
        for i, ids in zip(made, dept_ids, strict=True) for d in ids], batch_size=5000)
    submitted = timezone.make_aware(dt.datetime(year - 1, 12, 20, 10, 0))
    plans = PurchasePlan.objects.bulk_create([
        PurchasePlan(department_id=d, year=year, status=PlanStatus.SUBMITTED, submitted=submitted)
        for ids in dept_ids for d in ids], batch_size=5000)
    items = [gen.ITEMS[k % len(gen.ITEMS)] for k in range(len(plans) * 2)]
    PlanItem.objects.bulk_create([
        PlanItem(plan=plan, item=items[2 * n + j][0], category=str(items[2 * n + j][1]), planned_won=3_000_000 * (j + 1))
        for n, plan in enumerate(plans) for j in range(2)], batch_size=5000)
    return len(departments)


def supplier_pool(year: int) -> gen.SupplierPool:
    """The registry's organisations whose eligibility (the default policy, core.purchase) is the same on
    the first and the last day of the year, with that decision."""
    policy = rules.EligibilityPolicy(district_code=None)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", "name", "business_no", "district__code"))
    history = designation_history(pk for pk, *_ in organisations)
    ids, names, numbers, districts, counted, reasons = [], [], [], [], [], []
    for pk, name, business_no, district in organisations:
        start = rules.check_eligibility(policy, history[pk], first, district)
        end = rules.check_eligibility(policy, history[pk], last, district)
        if start.counted != end.counted or start.reason_code != end.reason_code:
            continue
        ids.append(pk)
        names.append(name[:200])
        numbers.append(business_no)
        districts.append(district)
        counted.append(start.counted)
        reasons.append("" if start.counted else (start.reason or "")[:200])
    return gen.SupplierPool(ids, names, numbers, districts, counted, reasons)


def _write_lines(made, pool, *, total, year, seed, institution_ids, department_ids, progress) -> int:
    table = Purchase._meta.db_table
    columns = gen.PURCHASE_COLUMNS
    written = 0
    progress("purchases", 0, total)
    first = dt.date(year, 1, 1)
    days = [first + dt.timedelta(days=d) for d in range(366)]
    created = timezone.now()
    if connection.vendor == "sqlite":
        days = [d.isoformat() for d in days]
        created = connection.ops.adapt_datetimefield_value(created)
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "sqlite":
            # the purchase table's four indexes take random keys: a larger page cache (256 MiB, this
            # connection only) keeps their pages in memory instead of re-reading them from disk
            raw.execute("PRAGMA cache_size = -262144")
        for lines in gen.line_chunks(made, pool, total=total, year=year, seed=seed):
            rows = gen.rows(lines, made, pool, year=year, institution_ids=institution_ids,
                            department_ids=department_ids, created=created, day_values=days)
            if connection.vendor == "postgresql":
                with raw.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                raw.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})',
                                rows)
            written += len(rows)
            progress("purchases", written, total)
    return written


def _sum(written: int) -> int:
    with transaction.atomic():
        totals._add(f'"institution_id" IN (SELECT "id" FROM "{Institution._meta.db_table}" WHERE "code" LIKE %s)',
                    [PREFIX + "%"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{Purchase._meta.db_table}"')
            # one GROUP BY over the country's lines hashes its groups, so PostgreSQL writes an institution's
            # sums scattered over the whole table (59,000 pages for one institution's 80,000 supplier sums);
            # each institution importing its own files, as in use, leaves them together: CLUSTER lays them
            # out so (2 min at 20M sums). SQLite's GROUP BY sorts, so its sums are already in this order.
            # VACUUM too: the national report's index-only scan needs the visibility map it sets. Neither
            # runs inside a transaction (a test's), where ANALYZE alone does
            if not connection.in_atomic_block:
                cursor.execute(f'CLUSTER "{PurchaseTotal._meta.db_table}" USING "purchase_total_unique"')
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f'{vacuum} "{PurchaseTotal._meta.db_table}"')
    return PurchaseTotal.objects.filter(institution__code__startswith=PREFIX).count()
