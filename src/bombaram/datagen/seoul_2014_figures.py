"""Illustrative yearly figures (예시 데이터) for the demonstration registry.

Invented employment, revenue, operating profit and wage-support figures for 250 of the demonstration's
social enterprises (certified or Seoul pre-, valid on 2014-01-31, in the demonstration's order), for
2012 and 2013. They are built so that the report's figure holds: in 2013, 36 of the 250 reporting
organisations made an operating profit, 36 / 250 = 14.4 % ("only 14.4 % made an operating profit");
in 2012, 30 of 250 (12.0 %). Wage support (인건비 지원) of a certified social enterprise ends three
years after its certification, of a Seoul pre-social enterprise two years after its designation: an
illustrative rule, not the programmes' exact terms.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bombaram.datagen.seoul_2014 import DemoOrganisation, DemoRegistry

REPORTING = 250
WITH_PROFIT = {2012: 30, 2013: 36}   # 2013: 36 / 250 = 14.4 %
SUPPORT_YEARS = {"certified_se": 3, "seoul_pre_se": 2}


@dataclass(frozen=True)
class DemoFigure:
    business_no: str          # the demonstration organisation's (unique) business number
    year: int
    employees: int
    vulnerable_employees: int
    revenue_won: int
    operating_profit_won: int
    wage_support_ends: dt.date | None


def _support_end(org: DemoOrganisation, as_of: dt.date) -> dt.date | None:
    for designation in org.designations:
        years = SUPPORT_YEARS.get(designation.type)
        if years and designation.valid_on(as_of) and designation.granted:
            granted = designation.granted
            day = min(granted.day, 28) if granted.month == 2 else granted.day
            return dt.date(granted.year + years, granted.month, day)
    return None


def generate_demo_figures(registry: DemoRegistry, seed: int = 144) -> list[DemoFigure]:
    """The illustrative figures, deterministic for a seed."""
    rng = random.Random(seed)
    chosen = [o for o in registry.organisations
              if any(d.type in SUPPORT_YEARS and d.valid_on(registry.as_of) for d in o.designations)][:REPORTING]
    figures = []
    for year, profitable in WITH_PROFIT.items():
        winners = set(rng.sample(range(len(chosen)), profitable))
        for index, org in enumerate(chosen):
            employees = rng.randint(3, 40)
            revenue = rng.randint(3_000, 150_000) * 10_000          # 3천만원 – 15억원, in 만원
            margin = rng.uniform(0.01, 0.08) if index in winners else -rng.uniform(0.02, 0.30)
            profit = round(revenue * margin / 10_000) * 10_000 or (10_000 if index in winners else -10_000)
            figures.append(DemoFigure(
                business_no=org.business_no, year=year, employees=employees,
                vulnerable_employees=rng.randint(0, employees), revenue_won=revenue, operating_profit_won=profit,
                wage_support_ends=_support_end(org, registry.as_of)))
    return figures
