"""Checking OCDS output with tools nobody here wrote, offline.

* ``schema_errors``: jsonschema (Draft 4) against the official 1.1.5 release package or record
  package schema (``tests/core/data/ocds_1_1_5``, copied byte for byte; see its README).
* ``review``: libcoveocds, the data review library behind the Open Contracting Partnership's
  validator (the Data Review Tool), given the standard's ``schema/`` folder of tag 1__1__5 as a zip
  built in memory from the same files (its ``standard_zip`` setting), with every network connection
  refused while it runs. It reports schema errors and, as warnings, additional fields, codelist
  values outside the codelists, deprecated fields and its additional checks (empty fields, …).
* ``merged``: ocdsmerge, the reference implementation of OCDS merging, compiles a record's releases
  with the release schema's merge rules.
"""

from __future__ import annotations

import io
import json
import socket
import tempfile
import warnings
import zipfile
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).parent / "core" / "data" / "ocds_1_1_5"
#: what libcoveocds reports besides schema errors; a clean package has all of them empty
WARNING_KEYS = ("additional_fields", "additional_closed_codelist_values", "additional_open_codelist_values",
                "deprecated_fields", "additional_checks")


def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text("utf-8"))


def schema_errors(package: dict) -> list[str]:
    """Errors of ``package`` (release or record package) against the official 1.1.5 schema."""
    registry = Registry()
    for name in ("release-schema.json", "versioned-release-validation-schema.json"):
        schema = _schema(name)
        registry = registry.with_resource(schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
    name = "record-package-schema.json" if "records" in package else "release-package-schema.json"
    validator = Draft4Validator(_schema(name), registry=registry)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)]


def standard_zip() -> bytes:
    """The standard's schema folder as libcoveocds reads it from a zip of the repository at 1__1__5."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard-1__1__5/", "")
        for path in sorted(SCHEMA_DIR.rglob("*")):
            if path.is_file() and path.suffix in {".json", ".csv"}:
                archive.writestr(f"standard-1__1__5/schema/{path.relative_to(SCHEMA_DIR).as_posix()}", path.read_bytes())
    return buffer.getvalue()


STANDARD_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/"


class _StandardFiles:
    """Stands in for ``requests`` inside jsonref, which libcoveocds uses to dereference the record
    package schema's ``versionedRelease`` (a link to the standard's site): it answers the standard's
    schema addresses with the same official files, anything else with an error."""

    class _Answer:
        def __init__(self, data: bytes) -> None:
            self.data = data

        def raise_for_status(self) -> None:
            pass

        def json(self, **kwargs):
            return json.loads(self.data, **kwargs)

    def get(self, uri: str, **kwargs):
        name = uri.removeprefix(STANDARD_SCHEMA_URL)
        if name == uri or "/" in name or not (SCHEMA_DIR / name).is_file():
            raise OSError(f"network use during the offline OCDS review: {uri}")
        return self._Answer((SCHEMA_DIR / name).read_bytes())


class _Offline:
    """Refuses every network connection while it is active (the review must not fetch anything),
    and lets jsonref read the standard's schema files from SCHEMA_DIR."""

    def __enter__(self):
        import jsonref

        self.connect = socket.socket.connect
        self.requests = jsonref.requests

        def refuse(sock, address):
            raise OSError(f"network use during the offline OCDS review: {address}")

        socket.socket.connect = refuse
        jsonref.requests = _StandardFiles()
        return self

    def __exit__(self, *exc):
        import jsonref

        socket.socket.connect = self.connect
        jsonref.requests = self.requests


def review(package: dict) -> dict[str, Any]:
    """libcoveocds' review of ``package``: {"validation_errors": [...], <each WARNING_KEYS>: ...,
    "python_warnings": [...]} (python_warnings: what the library warned about while it ran, such as
    a schema it could not read)."""
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    config = LibCoveOCDSConfig({"standard_zip": standard_zip(), "context": "api", "additional_checks": "all"})
    with _Offline(), tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = ocds_json_output(tmp, json_data=json.loads(json.dumps(package)), schema_version="1.1",
                                  lib_cove_ocds_config=config)
    found = {key: result.get(key) for key in ("validation_errors", *WARNING_KEYS)}
    found["python_warnings"] = [str(w.message) for w in caught]
    return found


def problems(package: dict) -> dict[str, Any]:
    """Only the non-empty entries of :func:`review` (a clean package gives {})."""
    return {key: value for key, value in review(package).items() if value}


def merged(releases: list[dict]) -> dict:
    """The compiled release of one ocid's releases by ocdsmerge with the official release schema."""
    import ocdsmerge

    merger = ocdsmerge.Merger(schema=_schema("release-schema.json"))
    return merger.create_compiled_release(releases)
