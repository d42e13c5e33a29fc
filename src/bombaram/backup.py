"""``bombaram backup FILE`` and ``bombaram restore FILE``: the database and the uploaded files in one archive.

The archive is a plain tar file (readable with any tar tool) holding

- ``manifest.json``: format, version, database engine, time, the applied migrations, the file list;
- ``database.sqlite3`` (SQLite: SQLite's online backup API, a consistent copy while the site runs) or
  ``database.pgdump`` (PostgreSQL: ``pg_dump --format=custom``, a consistent snapshot while the site runs);
- ``media/…``: every uploaded file (MEDIA_ROOT).

A restore replaces the database and the uploaded files with the archive's. It refuses an archive of the
other database engine, one whose migrations this version does not know (made by a newer bombaram), and
a file that is not such an archive, each with one line; run ``bombaram init`` after it to bring an older
archive's database up to date. Stop the server before restoring.
"""

from __future__ import annotations

import datetime as dt
import glob
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

FORMAT = "bombaram-backup"
VERSION = 1


class BackupError(Exception):
    """A problem the user can act on (one line)."""


def _engine() -> str:
    from django.db import connection

    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _applied_migrations() -> list[list[str]]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore: the one on PATH (Debian's wrapper picks the cluster's version), else the newest
    under /usr/lib/postgresql."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: [int(x) for x in Path(p).parts[-3].split(".") if x.isdigit()])
    if candidates:
        return candidates[-1]
    raise BackupError(f"{name}을(를) 찾을 수 없습니다: PostgreSQL 클라이언트(postgresql-client)를 설치하세요")


def _pg_env() -> tuple[dict[str, str], str]:
    from django.db import connection

    settings = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings.get(key):
            env[var] = str(settings[key])
    return env, settings["NAME"]


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[0]
        raise BackupError(f"{Path(command[0]).name} 실패: {first}")


def _media_root() -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def create_backup(path: Path) -> dict:
    """Write the archive to ``path`` (atomically: a temporary file renamed at the end). Returns the manifest."""
    from django.db import connection

    path = Path(path)
    if path.exists() and path.is_dir():
        raise BackupError(f"{path}은(는) 폴더입니다: 백업 파일 이름을 주세요")
    try:
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False)
    except OSError as exc:
        raise BackupError(f"{path}에 쓸 수 없습니다: {exc.strerror or exc}") from exc
    handle.close()
    partial = Path(handle.name)
    engine = _engine()
    media = _media_root()
    media_files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "engine": engine,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "migrations": _applied_migrations(),
        "media": [p.relative_to(media).as_posix() for p in media_files],
    }
    try:
        with tempfile.TemporaryDirectory() as work, tarfile.open(partial, "w") as archive:
            if engine == "sqlite":
                database = Path(work) / "database.sqlite3"
                connection.ensure_connection()
                target = sqlite3.connect(database)
                try:
                    connection.connection.backup(target)  # SQLite's online backup: a consistent copy
                finally:
                    target.close()
            else:
                database = Path(work) / "database.pgdump"
                env, name = _pg_env()
                _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                      f"--file={database}", name], env)
            manifest["database"] = database.name
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(dt.datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(database, arcname=database.name)
            for file in media_files:
                archive.add(file, arcname=f"media/{file.relative_to(media).as_posix()}")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember("manifest.json")
        manifest = json.loads(archive.extractfile(member).read())
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError("봄바람 백업 파일이 아닙니다 (manifest.json이 없거나 읽을 수 없습니다)") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("봄바람 백업 파일이 아닙니다")
    if manifest.get("version") != VERSION:
        raise BackupError(f"이 버전이 읽을 수 없는 백업 형식입니다 (형식 {manifest.get('version')})")
    return manifest


def restore_backup(path: Path) -> dict:
    """Replace the database and the uploaded files with the archive's. Returns the manifest."""
    from django.db import connection, connections
    from django.db.migrations.loader import MigrationLoader

    path = Path(path)
    try:
        archive = tarfile.open(path, "r")
    except FileNotFoundError as exc:
        raise BackupError(f"{path} 파일이 없습니다") from exc
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{path}은(는) 봄바람 백업 파일이 아닙니다 (tar 파일로 읽을 수 없습니다)") from exc
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive)
        engine = _engine()
        if manifest.get("engine") != engine:
            raise BackupError(
                f"{manifest.get('engine')} 데이터베이스의 백업은 {engine} 데이터베이스에 복원할 수 없습니다"
            )
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        unknown = [f"{app}.{name}" for app, name in manifest.get("migrations", []) if (app, name) not in known]
        if unknown:
            raise BackupError(f"이 백업은 더 새로운 봄바람에서 만들었습니다 (모르는 마이그레이션 {unknown[0]}): 봄바람을 먼저 올리세요")
        names = set(archive.getnames())
        database_name = manifest.get("database")
        if database_name not in names:
            raise BackupError("백업 파일에 데이터베이스가 없습니다")
        media_names = [n for n in manifest.get("media", []) if f"media/{n}" in names]
        # extract only what the manifest names, with tar's "data" filter (no absolute paths, no links out)
        archive.extract(database_name, work, filter="data")
        for name in media_names:
            archive.extract(f"media/{name}", work, filter="data")
        database = Path(work) / database_name
        if engine == "sqlite":
            try:
                source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
                source.execute("PRAGMA schema_version").fetchone()
            except sqlite3.DatabaseError as exc:
                raise BackupError("백업의 데이터베이스 파일을 읽을 수 없습니다") from exc
            connection.ensure_connection()
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            env, name = _pg_env()
            for conn in connections.all():
                conn.close()
            _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                  "--single-transaction", f"--dbname={name}", str(database)], env)
        # the uploaded files: built beside the folder, then swapped in, so a failure leaves the old ones
        media = _media_root()
        media.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(dir=media.parent, prefix=f".{media.name}.restore."))
        extracted = Path(work) / "media"
        if extracted.exists():
            shutil.copytree(extracted, fresh, dirs_exist_ok=True)
        old = media.with_name(f".{media.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if media.exists():
            media.rename(old)
        fresh.rename(media)
        shutil.rmtree(old, ignore_errors=True)
    return manifest
