"""Demonstration founding (예시 데이터): 건강한 의료복지 사회적협동조합 (성동구), from the report's case.

The report (/work/shared/seed/seoul-social-economy-2014-report.txt, 성동 case "우리동네 건강한 치과병원 만들기",
lines 640–658) gives: 준비모임 from 2013-08, 발기인회 2013-09 to 2013-12 (총 10차), 창립총회 2013-12-08 with
"창립 조합원: 설립동의자 512명, 출자금 1억 868만원" (raised in about four months). The programme results table
(lines 429 and 458) counts the same cooperative as "조합원 525명, 출자금 1억868만원": 525 members later,
the capital unchanged. So 512 is the consenting members at the founding assembly and 108,680,000 won the capital
they pledged. Invented here (the report does not give them): the founders' names, the share price (1만원), the
split of the 10,868 shares (500 residents with 20 shares, 8 organisations with 72 and 4 with 73 shares), the
consent dates, the attendance (300) and the votes, the filing date and the authorisation date.
Idempotent: nothing is written when the founding is already there.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction

from bombaram.cooperatives.choices import (
    FoundingDocumentKind,
    FoundingForm,
    FoundingStage,
    MemberKind,
    MemberType,
    ResolutionSubject,
)
from bombaram.cooperatives.founding import found_cooperative
from bombaram.cooperatives.models import (
    ConsentingMember,
    Founder,
    FoundersMeeting,
    Founding,
    FoundingDocument,
    FoundingResolution,
)
from bombaram.core.founding import decide
from bombaram.registry.models import District

NAME = "건강한 의료복지 사회적협동조합"
SHARE_PRICE = 10_000
STARTED = dt.date(2013, 8, 1)
ASSEMBLY = dt.date(2013, 12, 8)
PRESENT = 300
FILED = dt.date(2013, 12, 20)
AUTHORISED = dt.date(2014, 3, 14)
CONSENTING = 512
CAPITAL_WON = 108_680_000
NOTE = ("보고서(성동 사례, 창립총회): 2013년 12월 8일 창립총회, 설립동의자 512명, 출자금 1억 868만원(약 4개월간 조성), "
        "발기인회 2013년 9월~12월 총 10차. 사업 성과 표는 같은 조합을 조합원 525명, 출자금 1억868만원으로 적습니다(설립 뒤 "
        "조합원). 1구좌 1만원, 구좌 배분, 발기인·동의자 이름, 동의일, 출석 300명과 표결, 신청일·인가일은 지어낸 예시 데이터입니다.")


def consenting_rows() -> list[tuple[str, str, str, int]]:
    """(name, member type, kind, shares): 500 residents with 20 shares, 12 organisations with 72 or 73 —
    512 members, 10,868 shares, 108,680,000 won at 1만원 a share."""
    rows = [(f"성동 주민 {i + 1:03d}", MemberType.PERSON, MemberKind.RESIDENT, 20) for i in range(500)]
    rows += [(f"성동 참여단체 {i + 1:02d}", MemberType.ORGANISATION, MemberKind.MEMBER_ENTERPRISE, 72 if i < 8 else 73)
             for i in range(12)]
    return rows


def _consent_day(i: int) -> dt.date:
    """Spread over the four months before the assembly (2013-08-05 … 2013-12-06)."""
    return dt.date(2013, 8, 5) + dt.timedelta(days=(i * 123) // CONSENTING)


@transaction.atomic
def load_demo_founding() -> Founding:
    existing = Founding.objects.filter(name=NAME).first()
    if existing is not None:
        return existing
    founding = Founding.objects.create(name=NAME, legal_form=FoundingForm.SOCIAL_COOPERATIVE,
                                       district=District.objects.get(name_ko="성동구"), share_price_won=SHARE_PRICE,
                                       started_on=STARTED, note=NOTE, illustrative=True)
    Founder.objects.bulk_create([Founder(founding=founding, name=f"발기인 {i + 1:02d}", role="대표발기인" if i == 0 else "")
                                 for i in range(10)])
    FoundersMeeting.objects.bulk_create([
        FoundersMeeting(founding=founding, number=n, held_on=dt.date(2013, 9, 3) + dt.timedelta(days=10 * (n - 1)),
                        present=8 + n % 3, agenda=f"건강한치과 발기인회 {n}차 (예시 데이터)") for n in range(1, 11)])
    ConsentingMember.objects.bulk_create([
        ConsentingMember(founding=founding, number=i + 1, name=name, member_type=member_type, kind=kind, shares=shares,
                         consented_on=_consent_day(i))
        for i, (name, member_type, kind, shares) in enumerate(consenting_rows())])
    founding.assembly_on, founding.assembly_present, founding.assembly_consenting = ASSEMBLY, PRESENT, CONSENTING
    founding.stage = FoundingStage.ASSEMBLY_HELD
    founding.save(update_fields=["assembly_on", "assembly_present", "assembly_consenting", "stage"])
    for subject, title, votes_for, against in [
        (ResolutionSubject.ARTICLES, "정관 승인", 291, 4), (ResolutionSubject.BUSINESS_PLAN, "2014년 사업계획 승인", 288, 6),
        (ResolutionSubject.BUDGET, "2014년 예산 승인", 285, 9), (ResolutionSubject.OFFICERS, "임원 선출", 279, 12)]:
        carried = decide(consenting=CONSENTING, present=PRESENT, votes_for=votes_for, votes_against=against).carried
        FoundingResolution.objects.create(founding=founding, subject=subject, title=title, votes_for=votes_for,
                                          votes_against=against, carried=carried)
    for kind, name in [(FoundingDocumentKind.ARTICLES, "정관-예시.pdf"), (FoundingDocumentKind.BUSINESS_PLAN, "사업계획-예시.pdf"),
                       (FoundingDocumentKind.BUDGET, "예산-예시.pdf")]:
        content = _pdf(f"{NAME} {name} (example data)")
        document = FoundingDocument(founding=founding, kind=kind, original_name=name, size=len(content))
        document.file.save(name, ContentFile(content), save=False)
        document.save()
    founding.filed_on, founding.stage = FILED, FoundingStage.FILED
    founding.save(update_fields=["filed_on", "stage"])
    found_cooperative(actor=None, founding=founding, founded_on=AUTHORISED)
    founding.refresh_from_db()
    return founding


def _pdf(text: str) -> bytes:
    """A one-line, one-page PDF (ASCII text), enough to stand for an uploaded document."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text.encode('ascii', 'replace').decode()}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
