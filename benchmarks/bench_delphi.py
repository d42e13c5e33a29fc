"""Delphi analysis benchmark (issue 6): 300 items × 200 panellists × 3 rounds in under 0.5 s.

    .venv/bin/python benchmarks/bench_delphi.py [--items 300] [--panellists 200] [--rounds 3] [--runs 5]

1. Paper study: datagen.delphi_responses.bench_delphi — parse the response CSV (180,000 rows) and analyse it,
   as `bombaram delphi analyse FILE` does.
2. A study run in the application: the same answers stored as Answer rows in a throwaway SQLite
   database, then `queries.analyse_study` (read the submitted answers, analyse), as the analysis page
   and `bombaram delphi analyse --study ID` do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--panellists", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from bombaram.datagen.delphi_responses import bench_delphi

    paper = bench_delphi(args.items, args.panellists, args.rounds, repeats=args.runs)
    print(f"paper study: {paper['answer_rows']:,} answers → {paper['result_rows']:,} result rows; "
          f"parse {paper['parse_s']:.3f} s + analyse {paper['analyse_s']:.3f} s = median {paper['total_s']:.3f} s")

    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from bombaram.registry.bulk import insert_rows
    from bombaram.valuation.models import (
        Answer,
        DelphiRound,
        DelphiStudy,
        Framework,
        FrameworkVersion,
        PanelGroup,
        Panellist,
        Response,
        RoundItem,
        hash_token,
    )
    from bombaram.valuation.queries import analyse_study

    call_command("migrate", verbosity=0)
    framework = Framework.objects.create(name="시험 틀", slug="bench")
    version = FrameworkVersion.objects.create(framework=framework, number=1)
    study = DelphiStudy.objects.create(version=version, title="시험 조사")
    groups = [PanelGroup.objects.create(study=study, name=name, position=i) for i, name in enumerate(["시 단위", "자치구"])]
    people = [Panellist.objects.create(study=study, group=groups[i % 2], name=f"패널{i}", label=f"P{i:03d}",
                                       token_hash=hash_token(f"bench-{i}")) for i in range(args.panellists)]
    rng = random.Random(7)
    now = timezone.now()
    for number in range(1, args.rounds + 1):
        round_ = DelphiRound.objects.create(study=study, number=number, status="closed", closes=now - dt.timedelta(days=1))
        items = RoundItem.objects.bulk_create(
            RoundItem(round=round_, code=f"{1 + i // 30}-{1 + i % 30}", kind="indicator" if i % 3 else "activity",
                      name=f"항목 {i}", position=i) for i in range(args.items))
        responses = Response.objects.bulk_create(Response(round=round_, panellist=p, submitted=now) for p in people)
        rows = [[r.pk, item.pk, (rng.random() < 0.8) if item.kind == "indicator" else None, rng.randint(1, 7), ""]
                for r in responses for item in items]
        insert_rows(Answer, ["response_id", "item_id", "suitable", "score", "comment"], rows)
    print(f"study in the database: {Answer.objects.count():,} answers")
    samples = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = analyse_study(study)
        samples.append(time.perf_counter() - start)
    print(f"analyse_study (read + analyse): median {statistics.median(samples):.3f} s "
          f"{[round(s, 3) for s in samples]}, {len(result['items']):,} result rows")


if __name__ == "__main__":
    main()
