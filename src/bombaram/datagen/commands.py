"""The ``bombaram generate`` command (cli.py adds its parser with :func:`add_generate`)."""

from __future__ import annotations

import argparse
import sys


def add_generate(add) -> None:
    p = add("generate", cmd_generate, "규모별 예시 데이터를 만듭니다 (같은 --seed면 같은 데이터): seoul = 서울 "
                                      "(기관 26곳, 구매 100만 건), national = 전국 (17개 시도, 기관 1,000곳, 구매 1,000만 건)")
    p.add_argument("--scale", choices=["seoul", "national"], required=True, help="규모")
    p.add_argument("--seed", type=int, default=0, help="난수 씨앗 (기본 0)")
    p.add_argument("--year", type=int, default=2024, help="구매 연도 (기본 2024)")
    p.add_argument("--purchases", type=int, default=None, help="구매 건수를 바꿉니다 (시험용; 기본은 규모의 건수)")


def cmd_generate(args: argparse.Namespace) -> None:
    from django.conf import settings
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from bombaram.cli import CommandError, _check_database
    from bombaram.datagen.scale import generate

    _check_database(migrated=True)
    if args.purchases is not None and args.purchases < 0:
        raise CommandError("--purchases는 0 이상이어야 합니다")
    if not 2000 <= args.year <= 2100:
        raise CommandError("--year는 2000~2100 사이여야 합니다")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  disable=not sys.stdout.isatty()) as bar:
        tasks: dict[str, int] = {}

        def progress(task: str, done: int, total: int) -> None:
            if task not in tasks:
                tasks[task] = bar.add_task(f"{args.year}년 구매 쓰는 중", total=total)
            bar.update(tasks[task], completed=done)

        result = generate(scale=args.scale, seed=args.seed, year=args.year, home=settings.HOME,
                          purchases=args.purchases, progress=progress)
    print(f"예시 데이터(규모 {result.scale}, 씨앗 {result.seed})를 만들었습니다. 실제 기관·기업이 아닙니다.")
    for line in result.lines:
        print(f"  {line}")
    for step in result.steps:
        print(f"  {step.name}: {step.seconds:.1f}초 ({step.count:,} {step.unit}, {step.rate:,.0f}/s)")
