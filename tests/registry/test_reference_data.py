import pytest

from bombaram.programmes.models import ProgrammeTeam
from bombaram.registry.models import DesignationType, District, IndustryGroup
from bombaram.registry.queries import districts_in_report_order
from bombaram.registry.services import load_reference_data


@pytest.mark.parametrize("code, name_ko, name_en", [
    ("11110", "종로구", "Jongno-gu"),
    ("11290", "성북구", "Seongbuk-gu"),
    ("11350", "노원구", "Nowon-gu"),   # census code 11110 would be 노원: never joined with 행정 codes
    ("11740", "강동구", "Gangdong-gu"),
])
def test_districts_carry_official_administrative_codes(reference, code, name_ko, name_en):
    district = District.objects.get(code=code)
    assert (district.name_ko, district.name_en, district.region.name_ko) == (name_ko, name_en, "서울특별시")


def test_districts_are_listed_in_the_reports_order(reference):
    names = [d.name_ko for d in districts_in_report_order()]
    assert len(names) == 25
    assert names[:3] == ["강남구", "강동구", "강북구"]
    assert names[-3:] == ["종로구", "중구", "중랑구"]


def test_ten_industry_groups_of_the_report(reference):
    assert [g.name_ko for g in IndustryGroup.objects.all()] == [
        "교육", "기타서비스", "문화", "복지", "식음료", "영농", "유통", "일반제조", "주택건축", "환경"]


def test_designation_types_in_precedence_order(reference):
    types = list(DesignationType.objects.all())
    assert [t.code for t in types] == ["certified_se", "seoul_pre_se", "regional_pre_se", "village_enterprise",
                                       "cooperative", "social_cooperative", "self_sufficiency"]
    assert [t.code for t in types if t.is_social_enterprise] == ["certified_se", "seoul_pre_se", "regional_pre_se"]


def test_thirteen_programme_teams_by_cohort(reference):
    by_cohort = {c: sorted(ProgrammeTeam.objects.filter(cohort=c).values_list("district__name_ko", flat=True)) for c in (1, 2, 3)}
    assert by_cohort == {
        1: ["관악구", "금천구", "도봉구", "성북구", "은평구"],
        2: ["강북구", "구로구", "노원구", "성동구"],
        3: ["강동구", "동대문구", "마포구", "서대문구"],
    }


def test_loading_twice_changes_nothing(reference):
    from bombaram.registry.models import current_revision

    before = list(District.objects.values_list("pk", "code", "order"))
    revision = current_revision()
    load_reference_data()
    assert list(District.objects.values_list("pk", "code", "order")) == before
    assert current_revision() == revision  # nothing written, so every cached table stays valid


def test_a_load_that_fails_halfway_leaves_the_reference_data_as_it_was(reference, monkeypatch):
    """One transaction: designation types are renumbered and then given the file's precedence; a
    failure in between must not leave the temporary numbers (the statistics order their columns by it)."""
    from bombaram.registry import services

    DesignationType.objects.filter(code="certified_se").update(precedence=99)
    before = sorted(DesignationType.objects.values_list("code", "precedence"))
    real = services._upsert

    def failing(model, **kwargs):
        if model is DesignationType:  # after the temporary renumbering
            raise OSError("디스크 오류")
        return real(model, **kwargs)

    monkeypatch.setattr(services, "_upsert", failing)
    with pytest.raises(OSError):
        load_reference_data()
    assert sorted(DesignationType.objects.values_list("code", "precedence")) == before


def test_a_changed_precedence_in_the_file_is_applied(reference):
    DesignationType.objects.filter(code="certified_se").update(precedence=99)
    load_reference_data()
    assert DesignationType.objects.get(code="certified_se").precedence == 1


def test_short_district_names_as_the_report_writes_them(reference):
    assert District.objects.get(code="11440").short_name == "마포"
    assert District.objects.get(code="11140").short_name == "중구"
