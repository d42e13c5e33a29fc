"""The ``bombaram`` command: everything a data officer runs in batch.

A wrong setting (unreachable database, unwritable home, port in use) prints one line and exits
with status 2; it never shows a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit, urlunsplit

EXIT_CONFIG = 2
#: an unexpected error (a bug in bombaram, not in the file or the command): not 1, which means
#: "rows refused", and not 2, which asks the user to fix a file or a setting that may be fine;
#: 70 is EX_SOFTWARE of sysexits.h ("internal software error")
EXIT_INTERNAL = 70


class CommandError(Exception):
    """A problem the user can act on; the message is printed as one line."""


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bombaram.config.settings")
    import django

    from bombaram.config.env import ConfigError

    try:
        django.setup()
    except ConfigError as exc:
        raise CommandError(f"설정 오류: {exc}") from exc
    from django.utils import translation

    translation.activate("ko")


def _masked_database_url() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        url = urlunsplit(parts._replace(netloc=netloc))
    return url


def _check_database(*, migrated: bool) -> None:
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        if connection.vendor == "postgresql" and "pool" in connection.settings_dict["OPTIONS"]:
            _probe_postgresql(connection)
        connection.ensure_connection()
    except DatabaseError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(f"데이터베이스에 연결할 수 없습니다 ({_masked_database_url()}): {first}") from exc
    if migrated:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("데이터베이스가 아직 준비되지 않았습니다: 먼저 'bombaram init'을 실행하세요")


def _close_before_fork(connections) -> None:
    """Close every connection, and on PostgreSQL every psycopg pool: the workers open their own. A
    closed connection goes back to its pool, and a pool forked into the workers handed the same open
    sockets to several processes at once (one request then read another's rows)."""
    for connection in connections.all(initialized_only=True):
        connection.close()
        if connection.vendor == "postgresql" and "pool" in connection.settings_dict.get("OPTIONS", {}):
            connection.close_pool()


def _probe_postgresql(connection) -> None:
    """One plain connection first: the pool would retry for BOMBARAM_DB_POOL_TIMEOUT seconds,
    logging each failure, before it said that the server cannot be reached."""
    import psycopg
    from django.db import OperationalError

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    try:
        psycopg.connect(**params, connect_timeout=10).close()
    except psycopg.Error as exc:
        raise OperationalError(str(exc)) from exc


def cmd_init(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    from bombaram.programmes.services import load_reference_teams
    from bombaram.registry.services import load_reference_data
    from bombaram.valuation.services.frameworks import load_shared_indicators
    from bombaram.web.services import ensure_role_groups

    _check_database(migrated=False)
    call_command("migrate", interactive=False, verbosity=0)
    counts = load_reference_data()
    teams = load_reference_teams()
    shared = load_shared_indicators()
    ensure_role_groups()
    call_command("createcachetable", verbosity=0)  # the cache the server's workers share
    print(f"데이터베이스 준비 완료: {_masked_database_url()}")
    print(
        f"기준 데이터: 자치구 {counts['districts']}개, 업종 {counts['industry_groups']}개, "
        f"지정 유형 {counts['designation_types']}개, 지역특화사업단 {teams}개, 공통 지표 {shared}개"
    )


def cmd_demo(args: argparse.Namespace) -> None:
    from django.conf import settings

    from bombaram.web.demo import load_demo

    _check_database(migrated=True)
    summary = load_demo(settings.HOME)
    print("예시 데이터(데모)를 불러왔습니다. 다시 실행해도 달라지는 것은 없습니다.")
    for line in summary:
        print(f"  {line}")


def cmd_createadmin(args: argparse.Namespace) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from bombaram.web.choices import Role
    from bombaram.web.services import assign_role

    _check_database(migrated=True)
    options: dict[str, object] = {"interactive": not args.no_input}
    if args.username:
        options["username"] = args.username
    if args.email:
        options["email"] = args.email
    before = set(get_user_model().objects.filter(is_superuser=True).values_list("pk", flat=True))
    call_command("createsuperuser", **options)
    for user in get_user_model().objects.filter(is_superuser=True).exclude(pk__in=before):
        assign_role(user=user, role=Role.CENTRE_ADMIN)
        print(f"관리자 '{user.get_username()}'을(를) 만들었습니다.")


def _login_hint() -> list[str]:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from bombaram.web.services import read_demo_accounts

    lines = []
    demo = read_demo_accounts(settings.HOME)
    if demo:
        lines.append("예시 계정 (데모 전용, 비밀번호는 설치할 때 생성됨):")
        lines += [f"  아이디 {u}  비밀번호 {p}  ({d})" for u, p, d in demo]
    if not get_user_model().objects.filter(is_superuser=True).exists():
        lines.append("관리자 계정은 'bombaram createadmin'으로 만듭니다.")
    return lines


def _make_server(host: str, port: int, threads: int):
    from waitress.server import create_server

    from bombaram.config.wsgi import application

    try:
        return create_server(application, host=host, port=port, threads=threads, ident="bombaram")
    except OSError as exc:
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise CommandError(
                f"포트 {port}을(를) 이미 다른 프로그램이 쓰고 있습니다: --port로 다른 포트를 지정하세요"
            ) from exc
        raise CommandError(f"{host}:{port}에서 서버를 열 수 없습니다: {exc.strerror}") from exc


def _check_assets() -> None:
    """The font and htmx ship inside the package; a copy without them must not start serving pages
    that fail later (the charts need the font), so say so in one line before anything else."""
    from bombaram.web.vendored import STATIC_DIR, missing_assets

    missing = missing_assets()
    if missing:
        raise CommandError(
            f"글꼴·htmx 파일이 설치되지 않았습니다 ({', '.join(missing)}; {STATIC_DIR}): "
            "소스에서는 'make install', 패키지는 'make wheel'로 만든 것을 설치하세요"
        )


def cmd_serve(args: argparse.Namespace) -> None:
    _check_assets()
    from bombaram.web import server

    _check_database(migrated=True)
    _ensure_cache_table()
    kind = args.server or server.default_server()
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    threads = args.threads if args.threads is not None else (4 if kind == "gunicorn" else 8)
    if workers < 1 or threads < 1:
        raise CommandError("--workers와 --threads는 1 이상이어야 합니다")
    if kind == "gunicorn" and not server.gunicorn_available():
        raise CommandError("gunicorn은 리눅스와 macOS에서만 실행됩니다: --server waitress로 실행하세요")
    if kind == "waitress" and workers > 1 and args.workers is not None:
        raise CommandError("waitress는 프로세스 하나로만 실행합니다: --workers 1 (또는 빼고) 실행하세요")
    try:
        server.check_port(args.host, args.port)
    except server.PortInUse as exc:
        raise CommandError(
            f"포트 {args.port}을(를) 이미 다른 프로그램이 쓰고 있습니다: --port로 다른 포트를 지정하세요"
        ) from exc
    except OSError as exc:
        raise CommandError(f"{args.host}:{args.port}에서 서버를 열 수 없습니다: {exc.strerror}") from exc
    from django.db import connections

    from bombaram.config.wsgi import application

    app = server.with_worker_header(application) if args.worker_header else application
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"봄바람이 실행 중입니다: http://{shown}:{args.port}/  (끝내려면 Ctrl+C)")
    for line in _login_hint():
        print(line)
    how = (f"gunicorn, 프로세스 {workers}개 × 스레드 {threads}개" if kind == "gunicorn"
           else f"waitress, 프로세스 1개 × 스레드 {threads}개")
    print(f"서버: {how}")
    sys.stdout.flush()
    _close_before_fork(connections)
    job_worker = None if args.no_worker else _start_job_worker()
    try:
        if kind == "gunicorn":
            server.run_gunicorn(app, host=args.host, port=args.port, workers=workers, threads=threads)
        else:
            server.run_waitress(app, host=args.host, port=args.port, threads=threads)
    except server.PortInUse as exc:
        raise CommandError(
            f"포트 {args.port}을(를) 이미 다른 프로그램이 쓰고 있습니다: --port로 다른 포트를 지정하세요"
        ) from exc
    finally:
        if job_worker is not None:
            _stop_job_worker(job_worker)


def _start_job_worker():
    """`bombaram worker` as a child of `bombaram serve`: one command runs a small site, jobs included."""
    import subprocess

    print("작업 워커: 백그라운드 작업(가져오기·내보내기)을 처리합니다 (끄려면 --no-worker)")
    sys.stdout.flush()
    return subprocess.Popen([sys.executable, "-m", "bombaram", "worker"])


def _stop_job_worker(process) -> None:
    """Ask the worker to stop (it finishes the job in hand, as the server finishes its requests)."""
    import signal
    import subprocess

    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=GRACEFUL_WORKER_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


#: seconds the job worker gets to finish its job when the server stops (an unfinished job writes
#: nothing: it is one transaction, and the next worker marks it failed)
GRACEFUL_WORKER_TIMEOUT = 30


def cmd_worker(args: argparse.Namespace) -> None:
    """Run the background jobs (django-tasks' database worker) until stopped; ``--once``: run the
    jobs waiting now, then exit."""
    from django.core.management import call_command

    from bombaram.jobs.services import fail_abandoned_jobs

    _check_database(migrated=True)
    abandoned = fail_abandoned_jobs()
    if abandoned:
        print(f"작업 워커: 멈춘 워커의 작업 {abandoned}건을 실패로 표시했습니다")
    options = {"interval": args.interval, "startup_delay": False, "verbosity": 0}
    if args.once:
        options["batch"] = True
    call_command("db_worker", **options)


def _ensure_cache_table() -> None:
    """The cache the server's workers share is a database table (settings.CACHES); made here too
    for a database initialised before it existed (createcachetable leaves an existing table alone)."""
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)


def cmd_bench(args: argparse.Namespace) -> None:
    """Median latency of a page through the real WSGI server on loopback, warm; ``bench load``: the
    pages under 1, 10 and 50 clients against the real server and its anchor (web/loadtest.py)."""
    import http.client

    if args.page == "load":
        return _bench_load(args)
    if args.page == "all":  # issue 15: every benchmark beside its anchors, into docs/benchmarks.md
        from pathlib import Path

        from bombaram.benchsuite import run_suite

        run_suite(quick=args.quick, runs=args.runs, output=Path(args.output or "docs/benchmarks.md"), scripts=args.scripts,
                  say=lambda line: print(line, flush=True))
        return None
    _check_database(migrated=True)
    server = _make_server("127.0.0.1", 0, 4)
    port = server.effective_port
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    path = {"home": "/", "teams": "/programmes/"}.get(args.page, args.page)

    def fetch() -> float:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - start
        conn.close()
        if response.status != 200 or not body:
            raise CommandError(f"{path} 응답 {response.status}")
        return elapsed

    for _ in range(args.warmup):
        fetch()
    samples = [fetch() for _ in range(args.requests)]
    server.close()
    samples_ms = sorted(s * 1000 for s in samples)
    p95 = samples_ms[int(0.95 * (len(samples_ms) - 1))]
    print(f"page {path}: {args.requests} requests after {args.warmup} warm-up, "
          f"median {statistics.median(samples_ms):.1f} ms, p95 {p95:.1f} ms, max {samples_ms[-1]:.1f} ms")


def _bench_load(args: argparse.Namespace) -> None:
    import platform
    import subprocess
    import tempfile
    from pathlib import Path

    from bombaram.web import loadtest
    from bombaram.web.services import read_demo_accounts

    servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    try:
        levels = [int(n) for n in args.clients.split(",")]
        for name in servers:
            loadtest.server_command(name, 0, 1)
    except ValueError as exc:
        raise CommandError(f"--servers 또는 --clients를 읽을 수 없습니다: {exc}") from exc
    if unknown := [p for p in pages if p not in loadtest.PAGES]:
        raise CommandError(f"--pages: 모르는 페이지 {', '.join(unknown)} (가능: {', '.join(loadtest.PAGES)})")
    with tempfile.TemporaryDirectory(prefix="bombaram-bench-") as tmp:
        # a fresh SQLite database with the demonstration data: the user's own data is never written to
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
        env["BOMBARAM_HOME"] = tmp
        if getattr(args, "database_url", None):  # bombaram bench on PostgreSQL: a new database made for the run
            env["DATABASE_URL"] = args.database_url
        for step in ("init", "demo"):
            done = subprocess.run([sys.executable, "-m", "bombaram", step], env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise CommandError(f"bench load: {step} 실패: {done.stderr.strip()[-300:]}")
        # an open Delphi round with one panellist per mixed client, for the questionnaire autosaves
        done = subprocess.run([sys.executable, "-m", "bombaram", "manage", "shell", "-c",
                               "from bombaram.web.loadtest import open_bench_round\n"
                               f"for t in open_bench_round(panellists={max(args.mixed_clients, 1)}): print('link', t)"],
                              env=env, capture_output=True, text=True)
        panel_tokens = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("link ")]
        if done.returncode != 0 or not panel_tokens:
            raise CommandError(f"bench load: 델파이 조사 준비 실패: {done.stderr.strip()[-300:]}")
        officer = next(((u, p) for u, p, _ in read_demo_accounts(Path(tmp)) if u == "seongbuk-general"), None)
        if officer is None:
            raise CommandError("bench load: 예시 계정 seongbuk-general이 없습니다")
        print(f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}; "
              f"{args.duration:g} s per cell, servers one at a time on 127.0.0.1", flush=True)
        results = loadtest.bench_load(
            home=Path(tmp), env=env, servers=servers, pages=pages, levels=levels, duration=args.duration,
            mixed_clients=args.mixed_clients, mixed_duration=args.mixed_duration, officer=officer,
            say=lambda line: print(line, flush=True), panel_tokens=panel_tokens)
    args.results = results  # bombaram bench (the whole suite) writes its own table from them
    text = loadtest.table(results, servers)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    if any(r.failures for r in results):
        print(f"실패한 요청 {sum(len(r.failures) for r in results)}건", file=sys.stderr)
        raise SystemExit(1)


def _parse_day(text: str | None, option: str):
    import datetime as dt

    from bombaram.core.dates import parse_date

    if not text:
        from django.utils import timezone

        return timezone.localdate()
    try:
        parsed = parse_date(text)
    except ValueError as exc:
        raise CommandError(f"{option}: {exc}") from exc
    if parsed is None:
        raise CommandError(f"{option}: 날짜가 비어 있습니다")
    return parsed.value if isinstance(parsed.value, dt.date) else parsed.value


def _check_report_path(option: str, value: str | None) -> None:
    """Refuse an unwritable --report before importing: an import must never be written and then
    reported as failed because its report could not be."""
    if not value:
        return
    from pathlib import Path

    target = Path(value)
    parent = target.parent
    if target.is_dir() or not parent.is_dir() or not os.access(parent, os.W_OK) \
            or (target.exists() and not os.access(target, os.W_OK)):
        raise CommandError(f"{option}: 파일을 쓸 수 없습니다 (폴더가 없거나 쓰기 권한이 없음): {value}. "
                           "아무것도 가져오지 않았습니다.")


def _write_report(option: str, value: str, report: dict) -> None:
    import json
    from pathlib import Path

    try:
        Path(value).write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"{option}: 파일을 쓸 수 없습니다: {value} ({exc.strerror or exc})") from None


def cmd_import(args: argparse.Namespace) -> None:
    from pathlib import Path

    from bombaram.registry.importer import ImportFileError, resolve_designation
    from bombaram.registry.services import import_organisations

    _check_database(migrated=True)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"파일을 찾을 수 없습니다: {path}")
    as_of = _parse_day(args.as_of, "--as-of")
    _check_report_path("--report", args.report)
    try:
        designation = resolve_designation(args.designation)
        plan = import_organisations(
            source=path, filename=path.name, designation=designation, as_of=as_of, sheet=args.sheet,
            encoding=args.encoding, dry_run=args.dry_run, skip_invalid=args.skip_invalid, district=args.district,
        )
    except ImportFileError as exc:
        raise CommandError(f"{path.name}: {exc}") from exc
    report = plan.report()
    if args.report:
        _write_report("--report", args.report, report)
    print(f"{path.name}: {report['rows']}행 — 새 조직 {report['created']}, 병합 {report['merged']}, "
          f"갱신 {report['updated']}, 변화 없음 {report['unchanged']}, 거부 {len({e['row'] for e in report['rejected']})}, "
          f"모호 {len(report['ambiguous'])}, 경고 {len(report['warnings'])}")
    for error in report["rejected"][:20]:
        print(f"  {error['row']}행 {error['column']} '{error['value']}': {error['error']}")
    for item in report["ambiguous"][:20]:
        print(f"  {item['row']}행 {item['name']}: {item['reason']} (병합하지 않음)")
    if len(report["rejected"]) > 20:
        print(f"  … 오류 {len(report['rejected']) - 20}건 더 (--report로 전체를 받으세요)")
    if report["not_seen"]:
        print(f"  이번 목록에 없는 지정 {len(report['not_seen'])}건: 삭제하지 않고 마지막 확인일을 유지합니다")
    if plan.written:
        print("반영했습니다.")
    elif args.dry_run:
        print("시험 실행(--dry-run): 아무것도 쓰지 않았습니다.")
    elif plan.has_problems:
        print("거부된 행이 있어 아무것도 쓰지 않았습니다 (올바른 행만 반영하려면 --skip-invalid).")
    if plan.has_problems:
        raise SystemExit(1)


def cmd_export(args: argparse.Namespace) -> None:
    from pathlib import Path

    from bombaram.registry.exporter import export_organisations

    _check_database(migrated=True)
    as_of = _parse_day(args.as_of, "--as-of") if args.as_of else None
    path = Path(args.file)
    try:
        count = export_organisations(path, as_of=as_of)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"{path}에 쓸 수 없습니다: {exc.strerror}") from exc
    print(f"{path}: {count}행 (조직 × 지정)")


def cmd_stats(args: argparse.Namespace) -> None:
    from pathlib import Path

    from bombaram.ecosystem import exports, queries

    _check_database(migrated=True)
    as_of = _parse_day(args.as_of, "--as-of")
    stats = queries.compute(as_of, args.mode)
    output = Path(args.output) if args.output else None
    try:
        text = exports.write(stats, args.table, fmt=args.format, totals=args.totals, output=output)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"{output}에 쓸 수 없습니다: {exc.strerror}") from exc
    if stats.illustrative:
        print(f"bombaram: {exports.ILLUSTRATIVE_NOTE}", file=sys.stderr)
    if text is not None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    elif output is not None:
        print(f"{output}: {exports.TITLES[args.table]} ({as_of.isoformat()} 기준)", file=sys.stderr)


def cmd_delphi_analyse(args: argparse.Namespace) -> None:
    """Analyse a paper study's response file: reads the file only, never the database."""
    import csv
    import io
    import json
    from pathlib import Path

    from bombaram.core import tabular
    from bombaram.core.delphi import DecisionRules
    from bombaram.core.delphi_responses import (
        ResponseFileError,
        UnreadableResponseFile,
        analyse,
        read_responses,
    )
    from bombaram.core.tabular import shown_text

    if (args.responses is None) == (args.study is None):
        raise CommandError("응답 파일 또는 --study ID 중 하나를 주십시오")
    rules = DecisionRules()
    if args.rules:
        try:
            rules_text = Path(args.rules).read_bytes().decode("utf-8-sig")  # a BOM (Windows Notepad) is fine
        except OSError as exc:
            raise CommandError(f"결정 규칙 파일을 읽을 수 없습니다: {args.rules} ({exc.strerror or exc})") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"결정 규칙 파일이 UTF-8 텍스트가 아닙니다: {args.rules} "
                               f"({exc.start + 1}번째 바이트). UTF-8로 저장한 JSON 파일을 주십시오") from None
        try:
            rules = DecisionRules.from_json(rules_text)
        except ValueError as exc:  # a Korean reason
            raise CommandError(f"결정 규칙 파일에 오류가 있습니다 ({args.rules}): {exc}") from None
    if args.study is not None:
        responses, quartiles, critical, source = _study_responses(args)
        rules = rules if args.rules else critical[1]
        critical = critical[0]
    else:
        path = Path(args.responses)
        if not path.is_file():
            raise CommandError(f"파일을 찾을 수 없습니다: {path}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"응답 파일을 읽을 수 없습니다: {path} ({exc.strerror or exc})") from None
        try:
            responses = read_responses(data)
        except UnreadableResponseFile as exc:  # not CSV text at all: one line, like a wrong setting
            error = exc.errors[-1]
            where = f"{path.name}, {error.row}행" if error.row is not None else path.name
            raise CommandError(f"응답 파일을 읽을 수 없습니다 ({where}): {shown_text(error.reason, 300)}") from None
        except ResponseFileError as exc:
            lines = [f"{path.name}: 응답 파일에 오류가 {len(exc.errors)}건 있어 분석하지 않았습니다"]
            for e in exc.errors[:30]:
                where = " ".join(part for part in (f"{e.row}행" if e.row is not None else "", e.column or "") if part)
                where, reason = shown_text(where, 120), shown_text(e.reason, 300)
                lines.append(f"  {where}: {reason}" if where else f"  {reason}")
            print("\n".join(lines), file=sys.stderr)
            raise SystemExit(1) from exc
        quartiles, critical, source = args.quartiles or "weibull", "exact", path.name
    result = analyse(responses, quartile_method=quartiles, rules=rules, critical_method=critical)
    columns = ["item_code", "item_kind", "round", "group", "n", "suitable_n", "suitable_share", "cvr", "ne_critical",
               "cvr_critical", "cvr_pass", "score_n", "mean", "sd", "median", "q1", "q3", "consensus", "convergence",
               "cv", "decision"]
    rows = [[item.get(c) for c in columns] for item in result["items"]]
    output = Path(args.output) if args.output else None
    if args.format == "json":
        text = json.dumps(result, ensure_ascii=False, indent=2)
    elif args.format == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(tabular.csv_safe_row(columns))
        writer.writerows(tabular.csv_safe_row("" if v is None else v for v in row) for row in rows)
        text = buf.getvalue()
    elif output is None:
        raise CommandError("XLSX는 --output 파일이 필요합니다")
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        if args.format == "xlsx":
            # try the path first: openpyxl failing to open it would leave a half-written workbook
            # that prints a traceback when Python exits
            with output.open("ab"):
                pass
            tabular.write_xlsx(output, {"델파이 분석": (columns, rows)},
                               notes=[f"{source} · 사분위수 방법: {result['quartile_method']}"])
        elif args.format == "csv":
            output.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"결과 파일을 쓸 수 없습니다: {output} ({exc.strerror or exc})") from None


def _study_responses(args: argparse.Namespace):
    """A study run in the application: its submitted answers (panellists by pseudonym) and settings;
    --quartiles overrides the study's quartile method."""
    _setup_django()
    _check_database(migrated=True)
    from bombaram.valuation.models import DelphiStudy
    from bombaram.valuation.queries import study_responses, study_rules

    study = DelphiStudy.objects.filter(pk=args.study).first()
    if study is None:
        raise CommandError(f"델파이 조사 {args.study}번이 없습니다")
    quartiles = args.quartiles or study.quartile_method
    return study_responses(study), quartiles, (study.critical_method, study_rules(study)), f"조사 {study.pk}: {study.title}"


def cmd_procurement_load_targets(args: argparse.Namespace) -> None:
    from pathlib import Path

    from bombaram.procurement.services.targets import TargetFileError, load_targets

    _check_database(migrated=True)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"파일을 찾을 수 없습니다: {path}")
    try:
        result = load_targets(path)
    except TargetFileError as exc:
        print(f"{path.name}: 목표를 불러오지 않았습니다", file=sys.stderr)
        print(str(exc), file=sys.stderr)
        raise SystemExit(1) from exc
    if not result.changed:
        print(f"{path.name}: 바뀐 것이 없습니다 (목표 {result.unchanged}건 모두 그대로)")
        return
    print(f"{path.name}: 목표 {result.targets_set}건 반영, 변화 없음 {result.unchanged}건, "
          f"새 기관 {result.institutions}곳, 새 부서 {result.departments}곳")


def cmd_procurement_import(args: argparse.Namespace) -> None:
    from pathlib import Path

    from bombaram.procurement.services.purchases import PurchaseFileError, import_purchases

    _check_database(migrated=True)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"파일을 찾을 수 없습니다: {path}")
    _check_report_path("--report", args.report)
    try:
        with _terminal_progress() as progress:
            plan = import_purchases(source=path, filename=path.name, institution_code=args.institution,
                                    dry_run=args.dry_run, skip_invalid=args.skip_invalid, progress=progress)
    except PurchaseFileError as exc:
        raise CommandError(f"{path.name}: {exc}") from exc
    report = plan.report()
    if args.report:
        _write_report("--report", args.report, report)
    print(f"{path.name}: {report['rows']}행 — 새 구매 {report['created']}, 인정 {report.get('counted', 0)}, "
          f"불인정 {report.get('not_counted', 0)}, 거부 {len({e['row'] for e in report['rejected']})}")
    for error in report["rejected"][:20]:
        print(f"  {error['row']}행 {error['column']} '{error['value']}': {error['error']}")
    if report.get("written"):
        print("반영했습니다.")
    elif args.dry_run:
        print("시험 실행(--dry-run): 아무것도 쓰지 않았습니다.")
    elif report["rejected"]:
        print("거부된 행이 있어 아무것도 쓰지 않았습니다 (올바른 행만 반영하려면 --skip-invalid).")
    else:
        print(f"새로 반영할 구매가 없습니다 (이미 있는 구매 {report.get('unchanged', 0)}건).")
    if plan.exit_code:
        raise SystemExit(plan.exit_code)


@contextlib.contextmanager
def _terminal_progress():
    """A progress bar on stderr (tqdm) fed by ``progress(done, total, message)``; nothing when
    stderr is not a terminal (a script's log stays clean)."""
    if not sys.stderr.isatty():
        yield None
        return
    import shutil

    from tqdm import tqdm

    # (a terminal that reports no size, as a bare pseudo-terminal does, would get no bar: 100 × 20 then)
    size = shutil.get_terminal_size((100, 20))
    bar = tqdm(total=0, unit="행", unit_scale=True, ncols=size.columns, nrows=size.lines, leave=False,
               file=sys.stderr)

    def progress(done: int, total: int, message: str) -> None:
        if total != bar.total:
            bar.reset(total=total or None)
        stage = message.split(" (")[0]
        changed = stage != bar.desc
        bar.set_description_str(stage, refresh=False)
        bar.update(done - bar.n)
        if changed:  # a new stage is drawn at once, however fast the one before went (tqdm draws every 0.1 s)
            bar.refresh()

    try:
        yield progress
    finally:
        bar.close()


def cmd_procurement_report(args: argparse.Namespace) -> None:
    import json
    import tempfile
    from pathlib import Path

    from bombaram.core.purchase import NothingToPublish
    from bombaram.procurement import reports
    from bombaram.procurement.models import Institution

    if not 2000 <= args.year <= 2100:
        raise CommandError(f"--year: 연도는 2000에서 2100 사이여야 합니다: {args.year}")
    _check_database(migrated=True)
    institution = Institution.objects.filter(code=args.institution).first()
    if institution is None:
        known = ", ".join(Institution.objects.values_list("code", flat=True)) or "없음"
        raise CommandError(f"기관 코드 '{args.institution}'이(가) 없습니다 (있는 기관: {known})")
    output = Path(args.output) if args.output else None
    if args.format == "xlsx" and output is None:
        raise CommandError("XLSX는 --output 파일이 필요합니다")
    if args.format in ("ocds", "records"):
        from bombaram.procurement import open_data

        build = open_data.release_package if args.format == "ocds" else open_data.record_package
        try:  # the links inside start from BOMBARAM_PUBLIC_URL (no request here to take them from)
            data = build(institution, args.year)
        except (NothingToPublish, open_data.NoPublicAddress) as exc:  # no empty package, no made-up address
            raise CommandError(f"{institution.name} {args.year}년: {exc}") from None
    else:
        report = reports.annual_report(institution, args.year)
        statement = reports.report_statement(institution, args.year)
        data = {**report.as_dict(), "statement": statement}
    if output is None:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if args.format == "xlsx":  # built aside, then copied: a failed write leaves no half-built workbook
        with tempfile.TemporaryDirectory() as tmp:
            built = Path(tmp) / "report.xlsx"
            reports.write_xlsx(report, built, illustrative=institution.illustrative, statement=statement)
            content = built.read_bytes()
    else:
        content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    try:
        output.write_bytes(content)
    except OSError as exc:
        raise CommandError(f"--output: 파일을 쓸 수 없습니다: {output} ({exc.strerror or exc})") from None


def cmd_backup(args: argparse.Namespace) -> None:
    from pathlib import Path

    from bombaram.backup import BackupError, create_backup

    _check_database(migrated=True)
    try:
        manifest = create_backup(Path(args.file))
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    print(f"백업했습니다: {args.file} ({manifest['engine']} 데이터베이스, 올린 파일 {len(manifest['media'])}개)")


def cmd_restore(args: argparse.Namespace) -> None:
    from pathlib import Path

    from bombaram.backup import BackupError, restore_backup

    if not args.yes:
        raise CommandError("복원하면 지금의 데이터베이스와 올린 파일이 백업의 것으로 바뀝니다: "
                           "서버를 멈춘 뒤 --yes를 붙여 다시 실행하세요")
    _check_database(migrated=False)
    try:
        manifest = restore_backup(Path(args.file))
    except BackupError as exc:
        raise CommandError(str(exc)) from exc
    print(f"복원했습니다: {args.file} ({manifest['created']}에 만든 백업, 올린 파일 {len(manifest['media'])}개)")
    print("이전 버전의 백업이면 'bombaram init'으로 데이터베이스를 갱신하세요.")


def cmd_manage(args: argparse.Namespace) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["bombaram manage", *args.rest])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bombaram",
        description="봄바람: 사회적경제 지역생태계 정보시스템 (bombaram: social economy ecosystem information system)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, handler: Callable[[argparse.Namespace], None], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    add("init", cmd_init, "데이터베이스를 만들거나 갱신하고 기준 데이터(자치구, 업종, 지정 유형, 사업단)를 불러옵니다")
    add("demo", cmd_demo, "예시 데이터(데모)를 불러옵니다; 여러 번 실행해도 결과는 같습니다")
    p = add("serve", cmd_serve, "웹 애플리케이션을 실행합니다 (운영용 서버: 리눅스·macOS는 gunicorn 다중 프로세스, "
                                "윈도는 waitress; 정적 파일 포함)")
    p.add_argument("--host", default="127.0.0.1", help="열 주소 (기본 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="열 포트 (기본 8000)")
    p.add_argument("--workers", type=int, default=None, help="프로세스 수 (기본: CPU 코어 수; waitress는 1)")
    p.add_argument("--threads", type=int, default=None, help="프로세스마다 요청 처리 스레드 수 (기본 gunicorn 4, waitress 8)")
    p.add_argument("--server", choices=["gunicorn", "waitress"], default=None,
                   help="서버 (기본: 리눅스·macOS gunicorn, 윈도 waitress)")
    p.add_argument("--worker-header", action="store_true",
                   help="응답에 처리한 프로세스 번호를 붙입니다 (X-Bombaram-Worker; 시험·부하 측정용)")
    p.add_argument("--no-worker", action="store_true",
                   help="백그라운드 작업 워커를 함께 띄우지 않습니다 (워커를 따로 'bombaram worker'로 실행할 때)")
    p = add("worker", cmd_worker, "백그라운드 작업(대용량 가져오기·보고서·내보내기)을 처리합니다 (bombaram serve가 함께 띄움)")
    p.add_argument("--once", action="store_true", help="기다리는 작업을 모두 처리하고 끝냅니다")
    p.add_argument("--interval", type=float, default=1.0, help="새 작업을 확인하는 간격 (초, 기본 1)")
    p = add("createadmin", cmd_createadmin, "관리자(사회적경제과·지원센터) 계정을 만듭니다")
    p.add_argument("--username")
    p.add_argument("--email")
    p.add_argument("--no-input", action="store_true",
                   help="묻지 않고 만듭니다 (비밀번호는 환경 변수 DJANGO_SUPERUSER_PASSWORD)")
    p = add("bench", cmd_bench, "페이지 응답 시간을 측정합니다 (실제 서버, 루프백, 워밍업 후 중앙값)")
    p.add_argument("page", nargs="?", default="all",
                   help="home, teams 또는 경로 (/programmes/); load: 동시 접속 부하 측정 (예시 데이터를 새 SQLite에); "
                        "생략하거나 all: 모든 측정을 기준(ORM save, bulk_create, 원시 엔진, DuckDB)과 함께 여러 번 하고 "
                        "docs/benchmarks.md에 씁니다 (임시 데이터베이스)")
    p.add_argument("--quick", action="store_true", help="all: 아주 작은 규모로 빨리 (CI 확인용)")
    p.add_argument("--runs", type=int, default=None, help="all: 측정마다 반복 횟수 (기본 3, --quick은 2)")
    p.add_argument("--scripts", action="store_true", help="all: benchmarks/ 폴더의 스크립트도 한 번씩 돌립니다 (오래 걸림)")
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--servers", default="serve,anchor",
                   help="load: 비교할 서버 (serve, anchor=gunicorn sync 코어당 1개, waitress, threads-N, granian)")
    p.add_argument("--pages", default="home,directory,statistics,purchases,team", help="load: 페이지")
    p.add_argument("--clients", default="1,10,50", help="load: 동시 사용자 수")
    p.add_argument("--duration", type=float, default=5.0, help="load: 칸마다 초")
    p.add_argument("--mixed-clients", type=int, default=50, help="load: 읽기·쓰기 섞은 실행의 사용자 수 (0: 안 함)")
    p.add_argument("--mixed-duration", type=float, default=20.0, help="load: 섞은 실행의 초")
    p.add_argument("--output", help="load: 표(마크다운)를 이 파일에 씁니다; all: 결과를 쓸 문서 (기본 docs/benchmarks.md)")
    p = add("import", cmd_import, "조직 목록 파일(CSV, XLSX, 공공데이터 JSON)을 등록부에 가져옵니다: 한 목록은 한 지정 유형")
    p.add_argument("file", help="CSV (UTF-8, UTF-8 BOM, CP949), XLSX 또는 JSON")
    p.add_argument("--designation", help="certified_se, seoul_pre_se, regional_pre_se, village_enterprise, cooperative, "
                   "social_cooperative, self_sufficiency 또는 한글 이름 (파일에 지정유형 열이 있으면 생략 가능)")
    p.add_argument("--as-of", help="목록의 기준일 (기본: 오늘)")
    p.add_argument("--sheet", help="XLSX 시트 이름 (기본: 첫 시트)")
    p.add_argument("--encoding", choices=["auto", "utf-8", "cp949"], default="auto")
    p.add_argument("--dry-run", action="store_true", help="검사만 하고 쓰지 않습니다")
    p.add_argument("--skip-invalid", action="store_true", help="거부된 행을 빼고 올바른 행은 반영합니다")
    p.add_argument("--report", help="결과 보고서 JSON 파일")
    p.add_argument("--district", help="한 시군구의 목록일 때 그 시군구 코드(예: 44270): 도로명만 적힌 행을 이 시군구에 둡니다")
    p = add("export", cmd_export, "등록부를 CSV(엑셀용 UTF-8 BOM) 또는 XLSX로 내보냅니다")
    p.add_argument("what", choices=["organisations"])
    p.add_argument("file", help="FILE.csv 또는 FILE.xlsx")
    p.add_argument("--as-of", help="이 날짜에 유효한 지정만")
    p = add("stats", cmd_stats, "생태계 현황 표를 계산합니다 (보고서 총괄발표의 표, 원하는 기준일)")
    p.add_argument("table", choices=["district-type", "industry", "cooperatives", "lq"])
    p.add_argument("--as-of", help="기준일 (기본: 오늘)")
    p.add_argument("--mode", choices=["organisation", "designation"], default="organisation",
                   help="organisation: 조직 기준 중복 제외 (보고서 방식), designation: 지정마다 셈")
    p.add_argument("--totals", action="store_true", help="보고서의 평균·전체 행을 더합니다")
    p.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
    p.add_argument("--output", help="파일로 씁니다 (CSV는 엑셀용 UTF-8 BOM)")
    delphi = sub.add_parser("delphi", help="델파이 조사 (사회적 가치 지표 검증)", description="델파이 조사")
    delphi_sub = delphi.add_subparsers(dest="delphi_command", metavar="COMMAND", required=True)
    p = delphi_sub.add_parser("analyse", help="종이 조사의 응답 파일을 분석합니다 (데이터베이스를 쓰지 않음)",
                              description="응답 파일 열: round, panellist, group, item_code, item_kind, suitable, score")
    p.set_defaults(handler=cmd_delphi_analyse, no_django=True)
    p.add_argument("responses", nargs="?", help="응답 CSV (UTF-8, UTF-8 BOM, CP949)")
    p.add_argument("--study", type=int, help="응답 파일 대신 이 애플리케이션에서 진행한 조사 (ID)")
    p.add_argument("--quartiles", choices=["weibull", "linear", "tukey"], default=None,
                   help="사분위수 방법: weibull(SPSS 기본, 기본값), linear(엑셀 QUARTILE.INC), tukey(힌지); "
                        "--study는 조사의 설정이 기본")
    p.add_argument("--rules", help="결정 규칙 JSON (기본: CVR 통과, 합의도 ≥ .75, 수렴도 ≤ .5, 변이계수 ≤ .5)")
    p.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    p.add_argument("--output")
    proc = sub.add_parser("procurement", help="공공구매 (성북구 조례의 목표·계획·구매·공시·실적·평가)", description="공공구매")
    proc_sub = proc.add_subparsers(dest="procurement_command", metavar="COMMAND", required=True)
    p = proc_sub.add_parser("load-targets", help="기관·부서 구매목표를 파일에서 불러옵니다 (같은 파일을 다시 불러와도 그대로)",
                            description="열: institution_code, institution_name, year, department(비우면 기관 전체 목표), target_won")
    p.set_defaults(handler=cmd_procurement_load_targets)
    p.add_argument("file")
    p = proc_sub.add_parser("import", help="구매 실적 파일을 가져옵니다 (구매일 기준 인정 여부 판단, 전부 아니면 전무)")
    p.set_defaults(handler=cmd_procurement_import)
    p.add_argument("file")
    p.add_argument("--institution", required=True, help="기관 코드 (예: seongbuk)")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--skip-invalid", action="store_true")
    p.add_argument("--report")
    p = proc_sub.add_parser("report", help="연간 구매실적 보고서 (조례 제7조): JSON, XLSX, OCDS")
    p.set_defaults(handler=cmd_procurement_report)
    p.add_argument("--institution", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--format", choices=["json", "xlsx", "ocds", "records"], default="json")
    p.add_argument("--output")
    p = add("backup", cmd_backup, "데이터베이스와 올린 파일을 한 백업 파일(tar)로 씁니다 (서버가 돌아가는 중에도 일관된 사본)")
    p.add_argument("file", help="백업 파일 (예: bombaram-2026-12-07.tar)")
    p = add("restore", cmd_restore, "백업 파일로 데이터베이스와 올린 파일을 되돌립니다 (서버를 멈추고 실행)")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="지금의 데이터를 백업의 것으로 바꾸는 데 동의합니다")
    from bombaram.datagen.commands import (
        add_generate,  # issue 15: synthetic data of a city's or the country's size
    )

    add_generate(add)
    p = add("manage", cmd_manage, "Django 관리 명령을 그대로 실행합니다 (예: bombaram manage migrate --plan)")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


#: commands that write in bulk: one at a time (web/import_lock.py), a second one waits and says so
_BULK_IMPORTS = (cmd_import, cmd_procurement_import, cmd_procurement_load_targets)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if not getattr(args, "no_django", False):
            _setup_django()
        if args.handler in _BULK_IMPORTS and not getattr(args, "dry_run", False):
            from bombaram.web.import_lock import import_lock

            with import_lock(lambda line: print(f"bombaram: {line}", file=sys.stderr, flush=True)):
                args.handler(args)
        else:
            args.handler(args)
    except CommandError as exc:
        print(f"bombaram: {_printable(str(exc))}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:  # a bug: one line, the traceback kept in a file, never exit 1 or 2
        saved = _save_traceback()
        print(f"bombaram: 예상하지 못한 오류로 멈췄습니다 ({type(exc).__name__}). 프로그램의 결함이니 "
              f"알려 주십시오{f' (자세한 내용: {saved})' if saved else ''}.",
              file=sys.stderr)
        return EXIT_INTERNAL
    return 0


def _printable(text: str) -> str:
    """``text`` as the terminal can show it (a lone surrogate from a file would stop print())."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _save_traceback() -> str | None:
    """Write the current exception's traceback to a new file in the temporary folder; its path."""
    import tempfile
    import traceback

    try:
        handle, name = tempfile.mkstemp(prefix="bombaram-error-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as out:
            traceback.print_exc(file=out)
    except OSError:
        return None
    return name


if __name__ == "__main__":
    sys.exit(main())
