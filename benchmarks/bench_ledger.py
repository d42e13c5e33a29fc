"""Activity ledger benchmark (issue 10, part 8): the city roll-up over 1,000,000 ledger records, a team's
ledger summary warm, and a 50,000-row ledger import.

Runs on a throwaway SQLite database in a temporary BOMBARAM_HOME (or on the database of
``--database-url``, e.g. a PostgreSQL database made for it, which is emptied of ledger records first):

    .venv/bin/python benchmarks/bench_ledger.py [--records 1000000] [--runs 5] [--import-rows 50000]

The records are spread over the 13 teams and 2012-07 … 2013-12 in the kinds' usual mix (a third
education, a tenth markets with about six registry organisations each, steering meetings and networks
with their members: about 1.2 participants per record overall), 95 % approved. Targets: roll-up < 1 s
(goal 0.2 s), team summary warm < 100 ms, 50,000-row import < 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

MIX = [("education", 33), ("market", 10), ("steering_meeting", 8), ("network", 6), ("consulting", 12),
       ("idea_team", 10), ("study_group", 6), ("agenda_workshop", 5), ("agenda_network", 2), ("council", 1),
       ("fund", 4), ("fund_group", 1), ("space", 1), ("agenda_founding", 1)]


def generate(records: int, teams: list[int], organisations: list[int]) -> None:
    from django.db import connection, transaction

    from bombaram.core.programme_ledger import PARTICIPANT_POOL, TRAINEE_GROUP_CODES, Kind

    rng = random.Random(2014)
    kinds = [k for k, w in MIX for _ in range(w)]
    start = dt.date(2012, 7, 1)
    record_rows, trainee_rows, participant_rows = [], [], []
    refs = dict.fromkeys(teams, 0)
    record_id = 0
    for i in range(records):
        team = teams[i % len(teams)]
        refs[team] += 1
        record_id += 1
        kind = kinds[rng.randrange(len(kinds))]
        day = (start + dt.timedelta(days=rng.randrange(549))).isoformat()
        status = "approved" if rng.random() < 0.95 else "submitted"
        hours = persons = visitors = amount = proposals = given = None
        stage = ""
        place = ""
        if kind == "education":
            hours = f"{rng.randint(2, 40)}.0"
            groups = {g: rng.randint(0, 12) for g in TRAINEE_GROUP_CODES}
            persons = sum(groups.values()) or 1
            if not sum(groups.values()):
                groups["adult"] = 1
            trainee_rows += [(record_id, g, n) for g, n in groups.items() if n]
        elif kind == "market":
            place, visitors, amount = "광장", rng.randint(20, 500), rng.randint(0, 50) * 10_000
            for org in rng.sample(organisations, 6):
                participant_rows.append((record_id, org, f"org {org}", f"o:{org}", team, day, "market",
                                         status == "approved"))
        elif kind in ("steering_meeting", "network", "agenda_network", "council", "agenda_workshop"):
            pool = PARTICIPANT_POOL[Kind(kind)]
            for n in rng.sample(range(400), 4):
                participant_rows.append((record_id, None, f"기관 {team}-{n}", f"n:기관{team}-{n}", team, day, pool,
                                         status == "approved"))
            proposals = rng.randint(0, 3) if kind == "agenda_workshop" else None
        elif kind in ("consulting", "idea_team"):
            stage = "early" if kind == "consulting" else "chosen"
        elif kind in ("study_group", "agenda_founding"):
            persons = rng.randint(5, 40)
        elif kind == "fund":
            amount = rng.randint(1, 100) * 100_000
        elif kind == "space":
            given = rng.random() < 0.8
        record_rows.append((record_id, team, f"{refs[team]:07d}", kind, day, f"기록 {i}", place, stage, hours, persons,
                            visitors, amount, proposals, given, "", status, "", 1, True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO programmes_ledgerrecord (id, team_id, ref, kind, date, title, place, stage, hours, persons, "
            "visitors, amount_won, proposals, given_by_district, note, status, return_note, revision, illustrative, "
            "updated) VALUES (" + ", ".join(["%s"] * 19) + ", CURRENT_TIMESTAMP)", record_rows)
        cursor.executemany("INSERT INTO programmes_ledgertrainees (record_id, \"group\", persons) VALUES (%s, %s, %s)",
                           trainee_rows)
        cursor.executemany("INSERT INTO programmes_ledgerparticipant (record_id, organisation_id, name, key, team_id, "
                           "date, pool, approved) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", participant_rows)
    print(f"generated {len(record_rows):,} records, {len(trainee_rows):,} trainee rows, "
          f"{len(participant_rows):,} participants", flush=True)


def import_file(rows: int, organisations: list[tuple[int, str]]) -> bytes:
    """A ledger file in the export's format (CSV, UTF-8 with BOM) of ``rows`` new records."""
    from bombaram.core.programme_ledger import COLUMNS

    rng = random.Random(7)
    codes = [c for c, _ in COLUMNS]
    lines = [",".join(label for _, label in COLUMNS)]
    for i in range(rows):
        cells = dict.fromkeys(codes, "")
        cells["date"] = f"2013-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if i % 3 == 0:
            cells.update(kind="장터·박람회", title=f"장터 {i}", place="광장", visitors=str(rng.randint(10, 900)),
                         amount_won=str(rng.randint(0, 99) * 10_000))
            cells["participants"] = " | ".join(f"{name} #{pk}" for pk, name in rng.sample(organisations, 3))
        else:
            cells.update(kind="교육", title=f"교육 {i}", hours=str(rng.randint(1, 30)),
                         trainees_adult=str(rng.randint(1, 20)), trainees_youth=str(rng.randint(0, 9)))
        lines.append(",".join('"' + cells[c].replace('"', '""') + '"' if "," in cells[c] else cells[c]
                              for c in codes))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bombaram-bench-"))
    os.environ.update(BOMBARAM_HOME=str(home), DATABASE_URL=args.database_url or f"sqlite:///{home / 'bench.sqlite3'}",
                      DJANGO_SETTINGS_MODULE="bombaram.config.settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bombaram.datagen.demo.registry import load_demo_registry
    from bombaram.programmes.models import ProgrammeTeam
    from bombaram.programmes.queries import ledger_rollup, team_ledger_summary
    from bombaram.programmes.services import load_reference_teams
    from bombaram.registry.models import Organisation
    from bombaram.registry.services import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    load_reference_teams()
    if not Organisation.objects.exists():
        load_demo_registry()
    with connection.cursor() as cursor:
        for table in ("programmes_ledgerparticipant", "programmes_ledgertrainees", "programmes_ledgerrecord"):
            cursor.execute(f"DELETE FROM {table}")
    teams = list(ProgrammeTeam.objects.order_by("pk").values_list("pk", flat=True))
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    start = time.perf_counter()
    if args.records:
        generate(args.records, teams, organisations)
    print(f"(made in {time.perf_counter() - start:.1f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT setval(pg_get_serial_sequence('programmes_ledgerrecord', 'id'), "
                           "(SELECT max(id) FROM programmes_ledgerrecord))")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def median_of(label: str, fn, runs: int) -> float:
        times, cpu = [], []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        m = statistics.median(times)
        print(f"{label}: median {m * 1000:,.1f} ms over {runs} runs (min {min(times) * 1000:,.1f}, "
              f"max {max(times) * 1000:,.1f}; this process's CPU median {statistics.median(cpu) * 1000:,.1f} ms)",
              flush=True)
        return m

    if not args.records:  # --records 0: the import alone
        return run_import(args)
    rollup = ledger_rollup()
    print(f"roll-up of {rollup.records:,} approved records: markets {rollup.measures['markets_and_fairs_held']:,}, "
          f"participating enterprises {rollup.measures['participating_enterprises']:,}")
    median_of("city roll-up (all approved records)", ledger_rollup, args.runs)
    team = ProgrammeTeam.objects.get(pk=teams[3])
    team_ledger_summary(team)
    median_of(f"team ledger summary warm ({team.district.name_ko})", lambda: team_ledger_summary(team), args.runs * 4)

    run_import(args)


def run_import(args) -> None:
    from django.contrib.auth import get_user_model

    from bombaram.programmes import ledger_io
    from bombaram.programmes.models import LedgerRecord, ProgrammeTeam
    from bombaram.registry.models import District, Organisation

    user = get_user_model().objects.create_superuser("bench", password="x")
    target = ProgrammeTeam.objects.create(district=District.objects.get(code="11110"), name="벤치마크 사업단", cohort=3,
                                          started=dt.date(2013, 6, 1))
    named = list(Organisation.objects.order_by("pk").values_list("pk", "name")[:2000])
    data = import_file(args.import_rows, named)
    print(f"import file: {len(data) / 1e6:.1f} MB, {args.import_rows:,} rows", flush=True)
    times, cpu = [], []
    for run in range(3):
        LedgerRecord.objects.filter(team=target).delete()
        t0, c0 = time.perf_counter(), time.process_time()
        plan = ledger_io.plan_ledger_import(target, data, filename="ledger.csv")
        assert plan.ok, plan.errors[:3]
        planned = time.perf_counter() - t0
        result = ledger_io.apply_ledger_import(user=user, plan=plan, filename="ledger.csv")
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        assert result["created"] == args.import_rows
        print(f"import run {run + 1}: {times[-1]:.2f} s (planning {planned:.2f} s; this process's CPU "
              f"{cpu[-1]:.2f} s)", flush=True)
    print(f"{args.import_rows:,}-row import: median {statistics.median(times):.2f} s over 3 runs "
          f"(CPU median {statistics.median(cpu):.2f} s)")


if __name__ == "__main__":
    sys.exit(main())
