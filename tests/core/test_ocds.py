"""OCDS releases that never change: corrections and withdrawals add releases (core.purchase.ocds).

Checked with tools nobody here wrote (tests/ocds_check.py): the official 1.1.5 schemas with
jsonschema, libcoveocds (the engine of the OCDS Data Review Tool) offline, and ocdsmerge (the
reference implementation of merging) for the compiled releases.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bombaram.core.purchase import ReportInput, ocds
from tests.core.test_purchase import INSTITUTION, PUBLISHED, _small_year
from tests.ocds_check import merged, problems, schema_errors

KST = timezone(timedelta(hours=9))
RECORDED = datetime(2014, 1, 16, 9, 30, tzinfo=KST)  # P01 recorded the day after its purchase
CORRECTED = datetime(2014, 2, 3, 14, 0, tzinfo=KST)
WITHDRAWN = datetime(2014, 3, 4, 11, 15, tzinfo=KST)
URI = "https://se.example.go.kr/purchase/report/sb/2014/download.ocds"


@pytest.fixture(autouse=True)
def _fast_passwords():
    """Shadows the Django-only autouse fixture of tests/conftest.py (no database here)."""


def _package(year: ReportInput, histories=None, **kwargs) -> dict:
    return ocds.ocds_release_package(
        year, INSTITUTION, 2014, PUBLISHED, URI, ocid_prefix="ocds-213czf-", histories=histories,
        license_url="https://creativecommons.org/licenses/by/4.0/",
        publication_policy_url="https://se.example.go.kr/purchase/open-data/", **kwargs)


def _corrected_and_withdrawn():
    """P01 corrected (9,000,000 → 4,000,000 … here: 4,000,000 → 3,500,000) and P02 withdrawn."""
    year = _small_year()
    p01, p02 = (replace(p, recorded_at=RECORDED) for p in year.purchases[:2])
    p01_now = replace(p01, amount_won=3_500_000, item="복사용지 A4")
    histories = {
        "P01": ocds.PurchaseHistory(versions=(p01, p01_now),
                                    amendments=(ocds.Amendment(CORRECTED, "단가 착오: 계약서 금액으로 정정"),)),
        "P02": ocds.PurchaseHistory(versions=(p02,),
                                    amendments=(ocds.Amendment(WITHDRAWN, "두 번 입력됨", withdrawn=True),)),
    }
    now = replace(year, purchases=[p01_now, *year.purchases[2:]])
    return year, now, histories


def _of(package: dict, suffix: str) -> list[dict]:
    return [r for r in package["releases"] if r["ocid"].endswith(suffix)]


def test_a_correction_adds_a_release_and_leaves_the_first_one_as_it_was():
    year, now, histories = _corrected_and_withdrawn()
    before = _package(replace(year, purchases=[replace(year.purchases[0], recorded_at=RECORDED),
                                               replace(year.purchases[1], recorded_at=RECORDED),
                                               *year.purchases[2:]]))
    after = _package(now, histories)
    first_before = _of(before, "-P01")
    releases = _of(after, "-P01")
    assert len(first_before) == 1 and len(releases) == 2
    assert releases[0] == first_before[0]  # the release issued before the correction is unchanged
    original, amended = releases
    assert original["id"] == "sb-P01-contract" and original["date"] == "2014-01-16T09:30:00.000+09:00"
    assert original["awards"][0]["value"]["amount"] == 4_000_000
    assert amended["ocid"] == original["ocid"]
    assert amended["id"] == "sb-P01-revision-2" and amended["id"] != original["id"]
    assert amended["date"] == "2014-02-03T14:00:00.000+09:00"
    assert amended["tag"] == ["awardUpdate", "contractAmendment"]
    assert amended["awards"][0]["value"] == {"amount": 3_500_000, "currency": "KRW"}
    expected = {"id": "1", "date": "2014-02-03T14:00:00.000+09:00", "rationale": "단가 착오: 계약서 금액으로 정정",
                "description": "구매실적 정정: 품목: 복사용지 → 복사용지 A4; 금액: 4,000,000원 → 3,500,000원",
                "amendsReleaseID": "sb-P01-contract", "releaseID": "sb-P01-revision-2"}
    assert amended["awards"][0]["amendments"] == [expected]
    assert amended["contracts"][0]["amendments"] == [expected]


def test_a_withdrawal_adds_a_cancelled_release():
    _year, now, histories = _corrected_and_withdrawn()
    releases = _of(_package(now, histories), "-P02")
    assert [r["id"] for r in releases] == ["sb-P02-contract", "sb-P02-withdrawal"]
    recorded, withdrawal = releases
    assert recorded["awards"][0]["status"] == "active"
    assert withdrawal["date"] == "2014-03-04T11:15:00.000+09:00"
    assert withdrawal["tag"] == ["awardCancellation", "contractUpdate"]
    assert withdrawal["awards"][0]["status"] == "cancelled"
    assert withdrawal["contracts"][0]["status"] == "cancelled"
    assert withdrawal["awards"][0]["amendments"][0]["rationale"] == "두 번 입력됨"
    assert withdrawal["awards"][0]["amendments"][0]["amendsReleaseID"] == "sb-P02-contract"
    assert "두 번 입력됨" in withdrawal["awards"][0]["description"]


def test_release_ids_are_unique_and_every_release_has_a_method():
    _year, now, histories = _corrected_and_withdrawn()
    package = _package(now, histories)
    ids = [r["id"] for r in package["releases"]]
    assert len(ids) == len(set(ids)) == 2 + 12 + 2  # two plans, twelve purchases, a correction, a withdrawal
    assert all(r["tender"]["procurementMethod"] == "direct" for r in package["releases"] if "tender" in r)


def test_the_release_package_passes_the_schema_and_the_data_review_tool_with_nothing_to_say():
    _year, now, histories = _corrected_and_withdrawn()
    package = _package(now, histories)
    assert schema_errors(package) == []
    assert problems(package) == {}


def test_the_record_package_passes_and_its_compiled_releases_are_ocdsmerges():
    _year, now, histories = _corrected_and_withdrawn()
    releases = _package(now, histories)
    records = ocds.ocds_record_package(releases, uri=URI.replace(".ocds", ".records"), release_package_uri=URI)
    assert schema_errors(records) == []
    assert problems(records) == {}
    assert records["packages"] == [URI] and records["license"] == releases["license"]
    assert len(records["records"]) == 2 + 12
    for record in records["records"]:
        assert record["compiledRelease"] == merged(copy.deepcopy(record["releases"]))
    p01 = next(r for r in records["records"] if r["ocid"].endswith("-P01"))["compiledRelease"]
    assert p01["awards"][0]["value"]["amount"] == 3_500_000 and p01["tag"] == ["compiled"]
    p02 = next(r for r in records["records"] if r["ocid"].endswith("-P02"))["compiledRelease"]
    assert p02["awards"][0]["status"] == "cancelled" and p02["contracts"][0]["status"] == "cancelled"


def test_the_review_is_no_rubber_stamp():
    _year, now, histories = _corrected_and_withdrawn()
    package = _package(now, histories)
    package["releases"][2]["awards"][0]["status"] = "withdrawn"  # not in the closed awardStatus codelist
    package["releases"][3]["awards"][0]["value"]["amount"] = "4,000,000"  # a string
    package["releases"][4]["note"] = "?"  # not in the schema
    found = problems(package)
    assert [e["path"] for e in found["validation_errors"]] == ["releases/3/awards/0/value/amount"]
    assert "releases/awards/status" in found["additional_closed_codelist_values"]
    assert [f["field"] for f in found["additional_fields"]] == ["note"]


def test_history_as_of_a_time_keeps_what_had_been_issued():
    _year, _now, histories = _corrected_and_withdrawn()
    p01, p02 = histories["P01"], histories["P02"]
    assert ocds.history_as_of(p01, RECORDED - timedelta(seconds=1)) is None  # not yet recorded
    then = ocds.history_as_of(p01, CORRECTED - timedelta(seconds=1))
    assert then.versions == p01.versions[:1] and then.amendments == ()
    assert ocds.history_as_of(p01, CORRECTED) == p01
    assert not ocds.history_as_of(p02, WITHDRAWN - timedelta(minutes=1)).withdrawn
    assert ocds.history_as_of(p02, WITHDRAWN).withdrawn


def test_a_history_that_does_not_add_up_is_refused():
    p = _small_year().purchases[0]
    with pytest.raises(ValueError):
        ocds.PurchaseHistory(versions=(p, p), amendments=())
    with pytest.raises(ValueError):
        ocds.PurchaseHistory(versions=(p, p), amendments=(ocds.Amendment(CORRECTED, "x", withdrawn=True),
                                                         ocds.Amendment(WITHDRAWN, "y")))
