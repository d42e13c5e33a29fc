"""Exceptions (Art. 10): the six reasons a department may buy elsewhere, and the record of the reason.

Source and conventions: :mod:`bombaram.core.purchase`.
"""

from __future__ import annotations

from bombaram.core.purchase.codes import EXCEPTION_REASONS


def validate_exception(
    code: int | str | None, justification: str | None, *, min_length: int = 10
) -> list[str]:
    """Korean errors of a 우선구매 예외 record; an empty list means valid.

    Rule (Art. 10): a department may not buy the 사회적경제제품 only for one of
    the six reasons of ① (codes 1-6, :data:`EXCEPTION_REASONS`), and ② it must
    record the reason (그 사유를 기록하여야 한다). So a valid exception has a
    code 1-6 (an int, or its digits as text) and a written justification of at
    least ``min_length`` characters after trimming blanks (default 10: one
    short sentence; a bare word such as "품질" is not a justification).
    """
    errors: list[str] = []
    parsed = _exception_code(code)
    if code is None or (isinstance(code, str) and not code.strip()):
        errors.append("우선구매 예외 사유(조례 제10조 제1항 제1호~제6호)를 선택하십시오.")
    elif parsed is None:
        errors.append(f"알 수 없는 예외 사유 코드입니다: {code} (1~6 중 하나여야 합니다).")
    text = (justification or "").strip()
    if not text:
        errors.append("예외 사유를 서면으로 기록하십시오(조례 제10조 제2항).")
    elif len(text) < min_length:
        errors.append(f"예외 사유를 구체적으로 적어 주십시오({min_length}자 이상).")
    return errors


def _exception_code(code: object) -> int | None:
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code if code in EXCEPTION_REASONS else None
    if isinstance(code, str) and code.strip().isdigit():
        value = int(code.strip())
        return value if value in EXCEPTION_REASONS else None
    return None
