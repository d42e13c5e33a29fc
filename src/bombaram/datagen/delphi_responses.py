"""Benchmark of the Delphi response reader and analysis (pure Python).

Target: 300 items × 200 panellists × 3 rounds = 180,000 answer rows analysed
in under 0.5 s on a 2-core machine.  :func:`bench_delphi` times parsing
(:func:`read_responses`) and analysis (:func:`analyse`) separately.
"""

from __future__ import annotations

import gc
import random
import statistics
import time

from bombaram.core.delphi_responses import COLUMNS, analyse, read_responses

_GROUPS = ("자치구 현장", "시 단위 전문가")
_SUITABLE_TEXT = {True: "예", False: "아니오", None: ""}


def synthetic_response_csv(
    items: int = 300, panellists: int = 200, rounds: int = 3, seed: int = 1
) -> str:
    """Deterministic synthetic response file (CSV text) for benchmarks and tests.

    Formula: every fifth item is an activity (score only), the others are
    indicators (yes/no + score).  Each item has a "true" score μ ∈ [3, 6.5];
    a panellist's score is round(μ + noise), noise ~ N(0, σ) with σ shrinking
    by round (1.5, 1.0, 0.7, ...), clipped to 1-7; "yes" with probability
    0.55-0.95 per item; about 2 % of scores and yes/no answers are left blank.
    Panellists alternate between the groups 자치구 현장 and 시 단위 전문가.
    All randomness comes from ``random.Random(seed)``.
    Source: synthetic data for this benchmark only.
    """
    rng = random.Random(seed)
    codes = [f"{1 + i // 50}-{1 + (i // 10) % 5}-{1 + i % 10}" for i in range(items)]
    kinds = ["activity" if i % 5 == 0 else "indicator" for i in range(items)]
    centres = [rng.uniform(3.0, 6.5) for _ in range(items)]
    yes_rates = [rng.uniform(0.55, 0.95) for _ in range(items)]
    people = [f"P{p + 1:04d}" for p in range(panellists)]
    lines = [",".join(COLUMNS)]
    for round_number in range(1, rounds + 1):
        sigma = max(1.5 - 0.5 * (round_number - 1), 0.5)
        for p, person in enumerate(people):
            group = _GROUPS[p % len(_GROUPS)]
            for i in range(items):
                suitable: bool | None = None
                if kinds[i] == "indicator" and rng.random() >= 0.02:
                    suitable = rng.random() < yes_rates[i]
                score = ""
                if rng.random() >= 0.02:
                    value = round(rng.gauss(centres[i], sigma))
                    score = str(min(7, max(1, value)))
                lines.append(
                    f"{round_number},{person},{group},{codes[i]},{kinds[i]},"
                    f"{_SUITABLE_TEXT[suitable]},{score}"
                )
    return "\n".join(lines) + "\n"


def bench_delphi(
    items: int = 300,
    panellists: int = 200,
    rounds: int = 3,
    seed: int = 1,
    repeats: int = 5,
) -> dict[str, float | int]:
    """Median wall-clock seconds of parsing and of analysing a synthetic file.

    Formula: for each of ``repeats`` runs, t_parse = time of
    read_responses(csv bytes, UTF-8) and t_analyse = time of
    analyse(responses) (defaults: weibull quartiles, exact CVR test, default
    rules); reported values are the medians over the runs, and
    total_s = median of (t_parse + t_analyse).  Generating the synthetic CSV
    is not timed; before each run the previous run's objects are freed and
    ``gc.collect()`` is called, so every run starts from the same heap.  The
    garbage collector is left as production has it: enabled, and paused by
    read_responses and analyse themselves (core.collector).
    Source: ``time.perf_counter``; data from :func:`synthetic_response_csv`.
    """
    data = synthetic_response_csv(items, panellists, rounds, seed).encode("utf-8")
    parse_times: list[float] = []
    analyse_times: list[float] = []
    totals: list[float] = []
    rows = 0
    result_rows = 0
    for _ in range(repeats):
        responses = result = None  # free the previous run before timing
        gc.collect()
        start = time.perf_counter()
        responses = read_responses(data)
        parsed = time.perf_counter()
        result = analyse(responses)
        done = time.perf_counter()
        parse_times.append(parsed - start)
        analyse_times.append(done - parsed)
        totals.append(done - start)
        rows = len(responses)
        result_rows = len(result["items"])
    return {
        "answer_rows": rows,
        "result_rows": result_rows,
        "repeats": repeats,
        "parse_s": statistics.median(parse_times),
        "analyse_s": statistics.median(analyse_times),
        "total_s": statistics.median(totals),
    }
