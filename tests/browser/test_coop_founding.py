"""A founding end to end, by keyboard where a user would: open a founding, add founders, a founders' meeting
and consenting members, record the founding assembly (an inquorate attendance first), carry the articles,
upload the documents (a wrong file first), file, and enter the cooperative in the registry with its share
register opened; then the demo's 건강한 치과 (512 consenting members, 1억 868만원). Screenshots at 1400 and 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

PDF = b"%PDF-1.4\n% example founding document\n" + b"0" * 200


@pytest.fixture
def seongdong_admin(transactional_db, reference, make_user, settings, tmp_path):
    from bombaram.registry.models import District
    from bombaram.web.choices import Role

    settings.HOME = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_user("seongdong", Role.CENTRE_ADMIN, password="demo-password-1",
                     district=District.objects.get(name_ko="성동구"))


def _submit(page, action: str, values: dict[str, str]):
    for field, value in values.items():
        locator = page.locator(f"#id_{action}-{field}")
        if locator.evaluate("el => el.tagName") == "SELECT":
            locator.select_option(value)
        else:
            locator.fill(value)
    page.locator(f"#id_{action}-{list(values)[-1]}").press("Enter")


def test_founding_walkthrough(page, shot, seongdong_admin, tmp_path):
    from bombaram.cooperatives.models import Founding
    from bombaram.registry.models import CooperativeCount

    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("seongdong")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_label("비밀번호").press("Enter")
    page.goto("/cooperatives/")
    page.get_by_role("link", name="협동조합 설립 준비").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("협동조합 설립 준비")
    page.locator("#id_f-name").fill("성동 마을돌봄 협동조합")
    page.locator("#id_f-legal_form").select_option("cooperative")
    page.locator("#id_f-district").select_option(label="성동구")
    page.locator("#id_f-share_price_won").fill("50000")
    page.locator("#id_f-started_on").fill("2014-01-06")
    page.locator("#id_f-started_on").press("Enter")
    expect(page.locator("h1")).to_have_text("성동 마을돌봄 협동조합")

    for i in range(5):
        _submit(page, "founder", {"name": f"발기인 {i + 1}", "role": "대표발기인" if i == 0 else ""})
        expect(page.locator(".message.success")).to_contain_text("발기인을 추가했습니다")
    _submit(page, "meeting", {"held_on": "2014-01-20", "present": "5", "agenda": "정관 초안 검토"})
    expect(page.locator(".message.success")).to_contain_text("발기인회 1차를 기록했습니다")
    for i, shares in enumerate([4, 2, 2]):
        _submit(page, "consent", {"name": f"주민 {i + 1}", "member_type": "person", "kind": "resident",
                                  "shares": str(shares), "consented_on": "2014-02-03"})
        expect(page.locator(".message.success")).to_contain_text(f"설립동의자 {i + 1}번을 추가했습니다")
    expect(page.locator("#total-capital")).to_have_text("400,000")  # 8 shares × 50,000

    # 1 of 3 is not more than half: one Korean message, nothing written
    _submit(page, "assembly", {"assembly_on": "2014-02-15", "present": "1"})
    expect(page.locator("#form-assembly .error-summary")).to_contain_text(
        "성원이 되지 않습니다: 설립동의자 3명 중 1명 출석, 최소 2명이 출석해야 합니다.")
    page.set_viewport_size({"width": 1400, "height": 900})
    shot(page, "coop-founding-error-1400")
    _submit(page, "assembly", {"assembly_on": "2014-02-15", "present": "3"})
    expect(page.locator("#assembly-facts")).to_contain_text("2014-02-15")
    _submit(page, "resolution", {"subject": "articles", "title": "정관 승인", "votes_for": "2", "votes_against": "1"})
    expect(page.locator(".message.success")).to_have_text("안건이 가결되었습니다.")  # 2 ≥ 2/3 × 3

    # a wrong file first, then the three documents
    bad = tmp_path / "정관.txt"
    bad.write_text("정관", encoding="utf-8")
    page.locator("#id_document-upload").set_input_files(str(bad))
    page.locator("#form-document button").click()
    expect(page.locator("#form-document .error-summary")).to_contain_text("PDF, HWP, HWPX, DOCX, XLSX 파일만")
    for kind, name in [("articles", "정관.pdf"), ("plan", "사업계획.pdf"), ("budget", "예산.pdf")]:
        path = tmp_path / name
        path.write_bytes(PDF)
        page.locator("#id_document-kind").select_option(kind)
        page.locator("#id_document-upload").set_input_files(str(path))
        page.locator("#form-document button").click()
        expect(page.locator(".message.success")).to_have_text("서류를 올렸습니다.")
    expect(page.locator("#documents")).to_contain_text("예산.pdf")

    _submit(page, "filing", {"filed_on": "2014-02-20"})
    expect(page.locator("#founding-stage")).to_have_text("신청·신고함")
    _submit(page, "founded", {"founded_on": "2014-03-10"})
    expect(page.locator(".message.success")).to_contain_text("조직 등록부에 올리고 출자 명부를 열었습니다")
    expect(page.locator("#founding-stage")).to_have_text("설립 완료")
    shot(page, "coop-founding-founded-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "coop-founding-founded-390")

    founding = Founding.objects.get(name="성동 마을돌봄 협동조합")
    count = CooperativeCount.objects.get(organisation=founding.cooperative.organisation)
    assert (count.members, count.capital_won) == (3, 400_000)
    page.locator("#register-link").click()
    expect(page.locator("#register-totals tfoot")).to_contain_text("400,000")
    page.go_back()
    page.locator("#registry-link").click()
    expect(page.locator("h1")).to_contain_text("성동 마을돌봄 협동조합")


def test_healthy_dental_founding_page(page, shot, seongdong_admin):
    from bombaram.datagen.demo.founding import load_demo_founding

    founding = load_demo_founding()
    page.goto("/accounts/login/")
    page.get_by_label("아이디").fill("seongdong")
    page.get_by_label("비밀번호").fill("demo-password-1")
    page.get_by_label("비밀번호").press("Enter")
    page.goto(f"/cooperatives/foundings/{founding.pk}/")
    expect(page.locator("#total-consenting")).to_have_text("512")
    expect(page.locator("#total-capital")).to_have_text("108,680,000")
    expect(page.locator(".tag").first).to_have_text("예시 데이터")
    expect(page.locator("#assembly-facts")).to_contain_text("최소 257명 필요")
    page.set_viewport_size({"width": 1400, "height": 900})
    shot(page, "coop-founding-dental-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "coop-founding-dental-390")
    lines = "el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }"
    assert page.locator("#total-capital").evaluate(lines) == 1
    assert page.locator("#meetings tbody tr td:nth-child(2)").first.evaluate(lines) == 1
