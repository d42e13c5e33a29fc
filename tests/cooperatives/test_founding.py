"""The founding workflow: founders, consenting members, the assembly's quorum and votes, documents, the
filing and the founding, which enters the registry and opens the share register (issue 14, part 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bombaram.cooperatives import founding as services
from bombaram.cooperatives import founding_queries as queries
from bombaram.cooperatives.choices import (
    FoundingForm,
    FoundingStage,
    MemberKind,
    MemberType,
    ResolutionSubject,
)
from bombaram.cooperatives.models import ConsentingMember, Cooperative, Founding
from bombaram.core.names import normalise_name
from bombaram.registry.models import CooperativeCount, District, Organisation
from bombaram.web.choices import Role
from bombaram.web.models import AuditEvent

D = dt.date
PDF = b"%PDF-1.4\n%example\n"


@pytest.fixture
def seongdong(reference):
    return District.objects.get(name_ko="성동구")


@pytest.fixture
def seongdong_admin(make_user, seongdong):
    return make_user("seongdong-admin", Role.CENTRE_ADMIN, district=seongdong)


@pytest.fixture
def small(seongdong_admin, seongdong):
    """A small founding: 5 founders, 7 consenting members pledging 2 shares of 5만원 each (one after the assembly)."""
    founding = services.start_founding(user=seongdong_admin, name="성동 작은 협동조합", legal_form=FoundingForm.COOPERATIVE,
                                       district=seongdong, share_price_won=50_000, started_on=D(2014, 1, 2))
    for i in range(5):
        services.add_founder(user=seongdong_admin, founding=founding, name=f"발기인 {i + 1}")
    for i in range(7):
        services.add_consenting_member(user=seongdong_admin, founding=founding, name=f"동의자 {i + 1}",
                                       kind=MemberKind.RESIDENT, member_type=MemberType.PERSON, shares=2,
                                       consented_on=D(2014, 2, 1) if i < 6 else D(2014, 3, 5))
    return founding


def _upload(name="정관.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_assembly_quorum_counts_consents_handed_in_before_it(small, seongdong_admin):
    # 6 consented by 2014-03-01 (the 7th later): more than half of 6 is 4, so 3 present is refused
    with pytest.raises(ValidationError) as error:
        services.hold_assembly(user=seongdong_admin, founding=small, assembly_on=D(2014, 3, 1), present=3)
    assert "최소 4명" in error.value.messages[0] or "4" in error.value.messages[0]
    small.refresh_from_db()
    assert small.assembly_on is None and small.stage == FoundingStage.PREPARING
    vote = services.hold_assembly(user=seongdong_admin, founding=small, assembly_on=D(2014, 3, 1), present=4)
    small.refresh_from_db()
    assert (vote.quorate, small.assembly_consenting, small.assembly_present) == (True, 6, 4)


def test_resolution_needs_two_thirds_of_those_present(small, seongdong_admin):
    services.hold_assembly(user=seongdong_admin, founding=small, assembly_on=D(2014, 3, 1), present=4)
    # 2/3 of 4 = 2.67: 3 votes carry, 2 do not
    lost = services.record_resolution(user=seongdong_admin, founding=small, subject=ResolutionSubject.ARTICLES,
                                      title="정관", votes_for=2, votes_against=2)
    carried = services.record_resolution(user=seongdong_admin, founding=small, subject=ResolutionSubject.ARTICLES,
                                         title="정관 (수정)", votes_for=3, votes_against=1)
    assert (lost.carried, carried.carried) == (False, True)
    with pytest.raises(ValidationError):
        services.record_resolution(user=seongdong_admin, founding=small, subject=ResolutionSubject.BUDGET,
                                   title="예산", votes_for=4, votes_against=1)  # 5 votes, 4 present


def test_fewer_than_five_founders_cannot_hold_the_assembly(seongdong_admin, seongdong):
    founding = services.start_founding(user=seongdong_admin, name="넷", legal_form=FoundingForm.COOPERATIVE,
                                       district=seongdong, share_price_won=10_000, started_on=D(2014, 1, 1))
    for i in range(4):
        services.add_founder(user=seongdong_admin, founding=founding, name=f"발기인 {i}")
    services.add_consenting_member(user=seongdong_admin, founding=founding, name="갑", kind=MemberKind.RESIDENT,
                                   member_type=MemberType.PERSON, shares=1, consented_on=D(2014, 1, 5))
    with pytest.raises(ValidationError, match="5"):
        services.hold_assembly(user=seongdong_admin, founding=founding, assembly_on=D(2014, 2, 1), present=1)


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("정관.exe", b"MZ....", "PDF, HWP"),
    ("정관.pdf", b"PK\x03\x04 not a pdf", "맞지 않습니다"),
    ("정관.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), "10 MB"),
])
def test_documents_are_type_and_size_checked(small, seongdong_admin, name, content, fragment):
    with pytest.raises(ValidationError) as error:
        services.upload_document(user=seongdong_admin, founding=small, kind="articles", upload=_upload(name, content))
    assert fragment in error.value.messages[0]
    assert small.documents.count() == 0


def _to_filing(founding, user):
    services.hold_assembly(user=user, founding=founding, assembly_on=D(2014, 3, 1), present=5)
    services.record_resolution(user=user, founding=founding, subject=ResolutionSubject.ARTICLES, title="정관",
                               votes_for=5)
    for kind in ("articles", "plan", "budget"):
        services.upload_document(user=user, founding=founding, kind=kind, upload=_upload(f"{kind}.pdf"))


def test_filing_needs_the_articles_carried_and_the_three_documents(small, seongdong_admin):
    services.hold_assembly(user=seongdong_admin, founding=small, assembly_on=D(2014, 3, 1), present=5)
    with pytest.raises(ValidationError) as error:
        services.file_founding(user=seongdong_admin, founding=small, filed_on=D(2014, 3, 10))
    assert "정관" in error.value.messages[0] and "예산" in error.value.messages[0]
    small.refresh_from_db()
    assert small.filed_on is None


def test_founding_enters_the_registry_and_opens_the_register_from_the_pledges(small, seongdong_admin):
    _to_filing(small, seongdong_admin)
    services.file_founding(user=seongdong_admin, founding=small, filed_on=D(2014, 3, 10))
    cooperative = services.complete_founding(user=seongdong_admin, founding=small, founded_on=D(2014, 4, 1))
    small.refresh_from_db()
    assert small.stage == FoundingStage.FOUNDED and small.cooperative == cooperative
    organisation = cooperative.organisation
    assert (organisation.name, organisation.legal_form, organisation.founded) == ("성동 작은 협동조합", "협동조합", D(2014, 4, 1))
    assert AuditEvent.objects.filter(name="registry.organisation.registered", object_id=str(organisation.pk)).exists()
    # all 7 consenting members by 2014-04-01 join with 2 shares of 5만원 paid: 7 members, 14 shares, 700,000 won
    assert cooperative.members.count() == 7
    count = CooperativeCount.objects.get(organisation=organisation, counted_on=D(2014, 4, 1))
    assert (count.members, count.capital_won) == (7, 700_000)
    with pytest.raises(ValidationError):  # founded: no more changes
        services.add_founder(user=seongdong_admin, founding=small, name="늦은 발기인")


def test_founding_with_a_name_already_in_the_registry_changes_nothing(small, seongdong_admin, seongdong):
    _to_filing(small, seongdong_admin)
    services.file_founding(user=seongdong_admin, founding=small, filed_on=D(2014, 3, 10))
    Organisation.objects.create(name="성동 작은 협동조합", name_key=normalise_name("성동 작은 협동조합"), district=seongdong)
    with pytest.raises(ValidationError, match="이미 등록부에"):
        services.complete_founding(user=seongdong_admin, founding=small, founded_on=D(2014, 4, 1))
    small.refresh_from_db()
    assert small.stage == FoundingStage.FILED and Cooperative.objects.count() == 0


def test_founding_officer_keeps_the_founding_but_only_the_centre_enters_the_registry(small, seongdong_admin, make_user):
    officer = make_user("founding-officer", Role.ORGANISATION_STAFF)
    small.officers.add(officer)
    services.add_founder(user=officer, founding=small, name="여섯째 발기인")
    _to_filing(small, officer)
    services.file_founding(user=officer, founding=small, filed_on=D(2014, 3, 10))
    with pytest.raises(PermissionDenied):
        services.complete_founding(user=officer, founding=small, founded_on=D(2014, 4, 1))
    stranger = make_user("other-officer", Role.ORGANISATION_STAFF)
    with pytest.raises(PermissionDenied):
        services.add_founder(user=stranger, founding=small, name="남")


def test_healthy_dental_cooperative_reproduces_the_report(reference):
    """건강한 의료복지 사회적협동조합: 설립동의자 512명, 출자금 1억 868만원 at the assembly of 2013-12-08."""
    from bombaram.datagen.demo.founding import load_demo_founding

    founding = load_demo_founding()
    at_assembly = queries.pledges(founding, until=D(2013, 12, 8))
    assert (at_assembly.members, at_assembly.capital_won) == (512, 108_680_000)
    # 500 × 20 + 8 × 72 + 4 × 73 = 10,000 + 576 + 292 = 10,868 shares of 10,000 won
    assert at_assembly.shares == 10_868
    assert founding.assembly_consenting == 512 and founding.assembly_present == 300  # 300 > 256
    assert all(r.carried for r in founding.resolutions.all())  # 279 ≥ 200 (2/3 of 300) and up
    cooperative = founding.cooperative
    assert cooperative.organisation.legal_form == "사회적협동조합"
    count = CooperativeCount.objects.get(organisation=cooperative.organisation)
    assert (count.members, count.capital_won) == (512, 108_680_000)
    assert load_demo_founding().pk == founding.pk and Founding.objects.count() == 1  # idempotent
    assert ConsentingMember.objects.filter(founding=founding).count() == 512


def test_other_founding_pages_are_404_or_403(client, reference, seongdong_admin, make_user):
    from bombaram.datagen.demo.founding import load_demo_founding

    founding = load_demo_founding()
    gangnam_admin = make_user("gangnam-admin", Role.CENTRE_ADMIN, district=District.objects.get(name_ko="강남구"))
    client.force_login(gangnam_admin)
    assert client.get(reverse("founding-detail", args=[founding.pk])).status_code == 403
    assert client.get(reverse("founding-consenting-csv", args=[founding.pk])).status_code == 403
    assert founding.name not in client.get(reverse("founding-list")).content.decode()
    client.force_login(seongdong_admin)
    page = client.get(reverse("founding-detail", args=[founding.pk]))
    assert page.status_code == 200 and "512" in page.content.decode() and "108,680,000" in page.content.decode()
    csv = client.get(reverse("founding-consenting-csv", args=[founding.pk])).content.decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == 513
