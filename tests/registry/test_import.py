"""Importing the files people really have: encodings, title rows, broken rows, merging, re-imports."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bombaram.registry.importer import ImportFileError
from bombaram.registry.models import CooperativeCount, Designation, Organisation
from bombaram.registry.services import import_organisations
from tests.registry.files import BN_A, BN_B, BN_C, CN_A, cp949_csv, utf8_csv, xlsx_with_titles

AS_OF = dt.date(2014, 1, 31)
SE_HEADER = ["번호", "기업명", "사업자등록번호", "소재지", "업종", "인증일", "인증번호", "대표자"]


def run(path, designation, **kw):
    return import_organisations(source=path, filename=path.name, designation=designation, as_of=kw.pop("as_of", AS_OF), **kw)


def se_rows():
    return [
        ["1", "㈜행복도시락", f"{BN_A[:3]}-{BN_A[3:5]}-{BN_A[5:]}", "서울특별시 성북구 종암로 25", "식음료", "2012.12.8", "제2012-101호", "김하나"],
        ["2", "사회적협동조합 늘봄", BN_B, "서울 마포구 월드컵로 1", "돌봄 서비스", "2013-06-01", "제2013-055호", "이둘"],
        ["3", "초록가게", "", "경기도 고양시 덕양구 1", "환경", "20130301", "제2013-070호", "박셋"],
    ]


def test_cp949_csv_with_korean_headers(reference, tmp_path):
    path = cp949_csv(tmp_path / "인증사회적기업.csv", SE_HEADER, se_rows())
    plan = run(path, "certified_se")
    report = plan.report()
    assert plan.written and plan.exit_code == 0
    assert (report["rows"], report["created"], report["rejected"], report["ambiguous"]) == (3, 3, [], [])
    org = Organisation.objects.get(business_no=BN_A)
    assert (org.name, org.district.name_ko, org.industry.code, org.representative) == ("㈜행복도시락", "성북구", "food_beverage", "김하나")
    d = org.designations.get()
    assert (d.type.code, d.granted, d.certificate_no, d.last_seen) == ("certified_se", dt.date(2012, 12, 8), "제2012-101호", AS_OF)
    assert Organisation.objects.get(name="사회적협동조합 늘봄").industry.code == "welfare"  # "돌봄 서비스"
    outside = Organisation.objects.get(name="초록가게")
    assert (outside.district, outside.location, outside.outside_area) == (None, "outside", "경기도")


def test_bom_utf8_file_and_plain_utf8(reference, tmp_path):
    assert run(utf8_csv(tmp_path / "a.csv", SE_HEADER, se_rows(), bom=True), "certified_se").written
    assert Organisation.objects.count() == 3
    plan = run(utf8_csv(tmp_path / "b.csv", SE_HEADER, se_rows(), bom=False), "인증 사회적기업")
    assert plan.report()["unchanged"] == 3 and Organisation.objects.count() == 3


def test_xlsx_with_two_title_rows_and_cooperative_figures(reference, tmp_path):
    header = ["조합명", "법인등록번호", "자치구", "설립인가일", "조합원수", "출자금"]
    rows = [["행복한 협동조합", CN_A, "강남구", "2013-03-04", 12, "1억 868만원"],
            ["두레 협동조합", "", "성북구", "2013.5.1", "5", "2,000,000"]]
    plan = run(xlsx_with_titles(tmp_path / "coop.xlsx", header, rows), "cooperative")
    assert plan.written, plan.report()
    org = Organisation.objects.get(corporate_no=CN_A)
    count = CooperativeCount.objects.get(organisation=org)
    assert (count.members, count.capital_won, count.counted_on) == (12, 108_680_000, AS_OF)
    assert org.designations.get().granted == dt.date(2013, 3, 4)


def test_broken_rows_are_rejected_with_row_column_and_reason_and_nothing_is_written(reference, tmp_path):
    rows = se_rows() + [
        ["4", "", BN_C, "성북구", "교육", "2013-01-01", "", ""],               # no name
        ["5", "잘못된날짜", "", "성북구", "교육", "2013-02-30", "", ""],         # impossible date
        ["6", "없는구", "", "서울특별시 없는구 1", "교육", "2013-01-01", "", ""],  # unknown district
        ["7", "번호오류", "12345", "성북구", "교육", "2013-01-01", "", ""],      # malformed number
    ]
    path = cp949_csv(tmp_path / "broken.csv", SE_HEADER, rows)
    plan = run(path, "certified_se")
    rejected = {(e.row, e.column) for e in plan.rejected}
    # header is spreadsheet row 1, so data rows are 2..8
    assert rejected == {(5, "name"), (6, "granted"), (7, "address"), (8, "business_no")}
    messages = {e.row: e.error for e in plan.rejected}
    assert messages[5] == "기업명이 비어 있습니다"
    assert "2013-02-30" in messages[6] or "날짜" in messages[6]
    assert messages[7] == "서울특별시의 시군구를 찾을 수 없습니다: '서울특별시 없는구 1'"
    assert "사업자등록번호" in messages[8]
    assert plan.exit_code == 1 and not plan.written
    assert Organisation.objects.count() == 0
    # --skip-invalid writes the three valid rows, and still reports the rejected ones
    plan = run(path, "certified_se", skip_invalid=True)
    assert plan.written and plan.exit_code == 1 and Organisation.objects.count() == 3


def test_two_overlapping_lists_merge_into_one_organisation_with_two_designations(reference, tmp_path):
    run(cp949_csv(tmp_path / "se.csv", SE_HEADER, se_rows()), "certified_se")
    coop_header = ["조합명", "사업자등록번호", "주소", "인가일", "조합원수", "출자금"]
    coop_rows = [["늘봄사회적협동조합", BN_B, "서울특별시 마포구 월드컵로 1", "2013-01-15", "40", "4,000,000"],
                 ["새싹 협동조합", "", "서울 성북구 보문로 3", "2013-02-01", "7", "700000"]]
    plan = run(utf8_csv(tmp_path / "coop.csv", coop_header, coop_rows), "social_cooperative")
    report = plan.report()
    assert (report["created"], report["merged"]) == (1, 1)
    org = Organisation.objects.get(business_no=BN_B)
    assert sorted(org.designations.values_list("type__code", flat=True)) == ["certified_se", "social_cooperative"]
    assert Organisation.objects.count() == 4


def test_same_name_in_the_same_district_without_numbers_merges_by_name(reference, tmp_path):
    header = ["기업명", "자치구", "지정일"]
    run(utf8_csv(tmp_path / "v.csv", header, [["(사)마을부엌", "성북구", "2012-05-01"]]), "village_enterprise")
    plan = run(utf8_csv(tmp_path / "c.csv", header, [["마을부엌", "성북", "2013-05-01"]]), "cooperative")
    assert plan.report()["merged"] == 1 and Organisation.objects.count() == 1


def test_ambiguous_match_is_reported_and_not_merged(reference, tmp_path):
    header = ["기업명", "사업자등록번호", "법인등록번호", "자치구"]
    run(utf8_csv(tmp_path / "a.csv", header, [["가나", BN_A, "", "성북구"], ["다라", "", CN_A, "성북구"]]), "certified_se")
    plan = run(utf8_csv(tmp_path / "b.csv", header, [["가나다라", BN_A, CN_A, "성북구"]]), "cooperative")
    assert plan.report()["ambiguous"] == [{"row": 2, "name": "가나다라", "reason": "사업자등록번호와 법인등록번호가 서로 다른 조직을 가리킵니다"}]
    assert plan.exit_code == 1 and not plan.written
    assert Designation.objects.filter(type__code="cooperative").count() == 0


def test_reimporting_the_same_file_changes_nothing(reference, tmp_path):
    path = cp949_csv(tmp_path / "se.csv", SE_HEADER, se_rows())
    run(path, "certified_se")
    before = (list(Organisation.objects.values().order_by("pk")), list(Designation.objects.values().order_by("pk")))
    plan = run(path, "certified_se")
    assert plan.report()["unchanged"] == 3 and plan.report()["created"] == 0
    after = (list(Organisation.objects.values().order_by("pk")), list(Designation.objects.values().order_by("pk")))
    assert after == before


def test_a_newer_list_without_an_organisation_keeps_it_as_not_seen(reference, tmp_path):
    run(cp949_csv(tmp_path / "jan.csv", SE_HEADER, se_rows()), "certified_se")
    plan = run(cp949_csv(tmp_path / "jun.csv", SE_HEADER, se_rows()[:2]), "certified_se", as_of=dt.date(2014, 6, 30))
    not_seen = plan.report()["not_seen"]
    assert [n["name"] for n in not_seen] == ["초록가게"]
    assert not_seen[0]["last_seen"] == "2014-01-31"
    kept = Designation.objects.get(organisation__name="초록가게")
    assert kept.last_seen == AS_OF and kept.ended is None
    assert Designation.objects.get(organisation__business_no=BN_A).last_seen == dt.date(2014, 6, 30)


def test_check_digit_failure_is_a_warning_not_a_rejection(reference, tmp_path):
    bad = BN_A[:-1] + str((int(BN_A[-1]) + 1) % 10)
    plan = run(utf8_csv(tmp_path / "w.csv", ["기업명", "사업자등록번호", "자치구"], [["경고기업", bad, "중구"]]), "certified_se")
    assert plan.written and plan.rejected == []
    assert plan.warnings[0].column == "business_no" and "검증 숫자" in plan.warnings[0].error


def test_national_api_json(reference, tmp_path):
    data = {"currentCount": 2, "data": [
        {"addr": "03993 서울특별시 마포구 동교로27길 3-10", "certiIssuD": "2007-10-29", "certiNumV": "제2007-001호",
         "entNmV": "(재)다솜이재단", "telNo": "070-7507-2070", "busiContV": "서비스", "ceoNmV": "양용희"},
        {"addr": "14296 경기도 광명시 장절로61번길 15 2층", "certiIssuD": "2007-10-29", "certiNumV": "제2007-019호",
         "entNmV": "열린사회", "busiContV": "제조업 건설업 서비스", "ceoNmV": "김종원"}]}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plan = run(path, "certified_se")
    assert plan.written and plan.report()["created"] == 2
    dasomi = Organisation.objects.get(name="(재)다솜이재단")
    assert dasomi.district.code == "11440" and dasomi.designations.get().certificate_no == "제2007-001호"
    assert Organisation.objects.get(name="열린사회").location == "outside"


@pytest.mark.parametrize("content, message", [
    (b"", "비어"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xlsx"),
    ("번호,업체,전화\n1,가,02\n".encode("cp949"), "기업명"),
])
def test_unreadable_files_say_why(reference, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        run(path, "certified_se")
    assert Organisation.objects.count() == 0


def test_dry_run_writes_nothing(reference, tmp_path):
    plan = run(cp949_csv(tmp_path / "se.csv", SE_HEADER, se_rows()), "certified_se", dry_run=True)
    assert plan.report()["created"] == 3 and not plan.written
    assert Organisation.objects.count() == 0
