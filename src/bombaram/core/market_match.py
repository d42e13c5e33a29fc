"""Matching needs (수요) to the products and services of eligible suppliers, with the reasons why.

A need (a department's, an organisation's or a group purchase's) is matched against the catalogue
(``market.Product``). Every suggestion carries its reasons: the words that matched, 관내/관외, whether
the supplier's designation is valid on the need's date (the purchase system's own rule,
:func:`bombaram.core.purchase.check_eligibility`), and whether its monthly capacity covers the need.

Tokenisation (Kiwi, ``kiwipiepy``, with the model of the ``kiwipiepy-model`` wheel; no download)
-----------------------------------------------------------------------------------------------
Each space-separated word (어절) of a text goes through Kiwi's morphological analysis on its own and
is cached, so a word costs one analysis however many products and needs use it (Kiwi takes about
1 ms a call; a catalogue of 200,000 products repeats a few thousand words). Kiwi keeps the morphemes whose tag is in
:data:`KEPT_TAGS`: common and proper nouns (NNG, NNP), verb and adjective stems (VV, VA, with 다
appended: 배달하는 → 배달 + 하 is XSV and dropped, 닦는 → 닦다), roots (XR: 깨끗), foreign words
(SL, lower-cased: LED, pc) and Hanja (SH), less :data:`STOPWORDS` (how a request is phrased:
업체, 납품, 구매, 필요, 받다 …). Particles, endings, suffixes, numbers (SN) and
dependent nouns (NNB: 개, 명) are dropped, so inflected forms meet their stem ("배달해 주실",
"배달 서비스" → 배달). Spacing variants: Kiwi splits a word written without spaces into its nouns,
so "사무실청소" and "사무실 청소" give the same nouns (사무실, 청소); in addition, every two nouns that were written as one word (no space between them
in the source) also give their joined form as a token (사무실청소; 공동구매 even though 구매 alone is
a stopword), so a compound written the same way scores a little higher. One-syllable nouns are kept (떡, 빵, 쌀 are products).

Synonyms: :data:`THESAURUS` maps the words officers use to the catalogue's (어르신 → 노인,
미화 → 청소 …), applied to needs only (query expansion); it is short, domain-level and documented
beside each entry. ``MatchIndex(..., thesaurus=False)`` ranks without it (the benchmark reports both).

Scoring
-------
Products are indexed as "name name description" (the name counts twice). BM25 (``bm25s``,
Lucene variant) with k1 = 1.5, b = 0.75:

    bm25(q, d) = Σ_{t ∈ q} idf(t) · tf(t,d)·(k1+1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
    idf(t)     = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))          (N products, df: products with t)

The text score is BM25 scaled to the need's own words: ``text = min(1, bm25 / Σ_{t ∈ need} idf(t))``
where the sum runs over the need's tokens before thesaurus expansion and without the joined compounds,
a word no product holds counting with df = 0 (a product holding every word of the need once, in a
document of average length, scores about 1; a need with words nobody offers stays low). Only products with a
text score above 0 are suggested. The combined score:

    score = 0.60·text + 0.15·[category = need's] + 0.10·[관내] + 0.10·[eligible on the date]
            + 0.05·[capacity per month ≥ the need's monthly quantity, or either unknown]

so that, among equally relevant products, the ones of the need's category, in the buyer's district
(관내 first) and eligible on the need's date come first. A need is *met* (gap view) when one
suggestion is eligible, has enough capacity and a text score ≥ :data:`MEET_THRESHOLD` (0.4: about
two fifths of the need's IDF mass matched, so that a product meeting one of two rare words of a
compound need such as "도시락·다과" does not meet it alone, while a need none of whose main words
anyone offers stays a gap).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from bombaram.core import purchase as rules

KEPT_TAGS = frozenset({"NNG", "NNP", "VV", "VA", "XR", "SL", "SH"})
NOUN_TAGS = frozenset({"NNG", "NNP"})
#: words of how a request is phrased, not of what is wanted (dropped from needs and products alike)
STOPWORDS = frozenset({"업체", "납품", "구매", "구입", "필요", "희망", "요청", "관련", "받다", "주다", "원하다", "찾다",
                       "구하다", "하다", "되다", "있다", "없다", "같다", "기관", "부서", "가능", "문의", "예정", "제공",
                       # auxiliaries and counters that Kiwi, seeing the word alone, reads as nouns ("배달해 주실 곳")
                       "곳", "주실", "줄", "때", "개", "명"})
K1 = 1.5
B = 0.75
WEIGHTS = {"text": 0.60, "category": 0.15, "district": 0.10, "eligible": 0.10, "capacity": 0.05}
MEET_THRESHOLD = 0.4

#: words of officers' needs → words of the catalogue (query expansion, needs only). Each entry is a
#: plain equivalence in public purchasing, not tuned on any product.
THESAURUS: dict[str, tuple[str, ...]] = {
    "어르신": ("노인",), "노인": ("어르신",), "미화": ("청소",), "청소": ("미화",),
    "학생복": ("교복",), "교복": ("학생복",), "식사": ("도시락", "급식"), "급식": ("식사", "도시락"),
    "도시락": ("식사",), "다과": ("간식", "떡"), "간식": ("다과",), "배송": ("배달",), "배달": ("배송",),
    "인쇄": ("인쇄물", "출력"), "인쇄물": ("인쇄",), "현수막": ("배너",), "배너": ("현수막",),
    "소독": ("방역",), "방역": ("소독",), "수리": ("보수", "수선"), "보수": ("수리",), "수선": ("수리",),
    "집수리": ("주택", "수리"), "조경": ("정원", "화분"), "화분": ("식물", "조경"), "꽃": ("화훼",),
    "화훼": ("꽃",), "커피": ("음료",), "음료": ("커피",), "세제": ("세정제",), "세정제": ("세제",),
    "공연": ("행사",), "행사": ("공연", "축제"), "축제": ("행사",), "교육": ("강의", "강좌"),
    "강의": ("교육",), "강좌": ("교육",), "돌봄": ("간병", "요양"), "간병": ("돌봄",), "요양": ("돌봄",),
    "영상": ("촬영",), "촬영": ("영상",), "홍보": ("광고",), "광고": ("홍보",), "재활용": ("재생",),
    "장애인": ("장애",), "아동": ("어린이",), "어린이": ("아동",), "이사": ("운송",), "운송": ("이사", "배달"),
    "가구": ("책상", "의자"), "사무용품": ("문구",), "문구": ("사무용품",), "기념품": ("선물",),
    "선물": ("기념품",), "빨래": ("세탁",), "세탁": ("빨래",), "방범": ("경비",), "경비": ("방범",),
}


class _Tokeniser:
    """Kiwi, loaded once (its model loads in about a second)."""

    def __init__(self) -> None:
        from kiwipiepy import Kiwi

        self.kiwi = Kiwi()
        self.cache: dict[str, tuple[str, ...]] = {}
        self.words: dict[str, tuple[str, ...]] = {}  # each space-separated word is analysed once
        self.compounds: set[str] = set()  # joined forms (사무실청소): matched, but not counted in the norm

    def tokens(self, text: str) -> tuple[str, ...]:
        cached = self.cache.get(text)
        if cached is None:
            out: list[str] = []
            for word in (text or "").split():
                analysed = self.words.get(word)
                if analysed is None:
                    analysed = self.words[word] = self._analyse(self.kiwi.tokenize(word), word)
                out.extend(analysed)
            cached = tuple(out)
            if len(self.cache) < 500_000:
                self.cache[text] = cached
        return cached

    def tokens_many(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        return [self.tokens(t) for t in texts]

    def _analyse(self, morphemes, text: str) -> tuple[str, ...]:
        out: list[str] = []
        previous_noun_end = -1
        previous_noun = ""
        for m in morphemes:
            tag = m.tag.split("-")[0]  # VV-R / VV-I: regular and irregular stems
            if tag not in KEPT_TAGS:
                previous_noun_end = -1
                continue
            form = m.form.lower() if tag == "SL" else m.form
            if tag in ("VV", "VA"):
                form += "다"
            if form not in STOPWORDS:
                out.append(form)
            if tag in NOUN_TAGS:
                if previous_noun_end == m.start and previous_noun:  # written as one word: add the compound
                    out.append(previous_noun + form)
                    self.compounds.add(previous_noun + form)
                previous_noun, previous_noun_end = form, m.start + m.len
            else:
                previous_noun_end = -1
        return tuple(out)


@lru_cache(maxsize=1)
def tokeniser() -> _Tokeniser:
    return _Tokeniser()


def tokenise(text: str) -> tuple[str, ...]:
    """The kept morphemes of ``text`` (see the module docstring)."""
    return tokeniser().tokens(text)


def expand(tokens: Iterable[str], thesaurus: dict[str, tuple[str, ...]] = THESAURUS) -> tuple[str, ...]:
    """The query's tokens followed by their thesaurus equivalents (each once)."""
    seen = dict.fromkeys(tokens)
    for token in list(seen):
        for other in thesaurus.get(token, ()):
            seen.setdefault(other, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class Offer:
    """One catalogue product, as plain data. ``designations`` are the supplier's (type, granted,
    ended) from the registry; ``district`` its 행정표준코드 (None when unknown)."""

    key: int
    supplier: int
    name: str
    category: str
    description: str = ""
    district: str | None = None
    capacity_per_month: int | None = None
    designations: tuple[tuple[str, date, date | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Need:
    """What a buyer wants: the text, the category (or None), the date eligibility is judged on, the
    buyer's district code and the quantity per month (None: not said)."""

    text: str
    on: date
    category: str | None = None
    district: str | None = None
    quantity_per_month: int | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    offer: Offer
    score: float
    text: float
    matched: tuple[str, ...]
    category_match: bool
    in_district: bool | None
    eligible: bool
    designation: str | None
    not_eligible_reason: str | None
    capacity_enough: bool | None
    reasons: tuple[str, ...] = field(default=())

    @property
    def meets(self) -> bool:
        """Can this supplier meet the need (gap view)? Eligible, enough capacity, text ≥ threshold."""
        return self.eligible and self.capacity_enough is not False and self.text >= MEET_THRESHOLD


def idf(df: int, n: int) -> float:
    """Lucene's BM25 IDF: ln(1 + (N − df + 0.5)/(df + 0.5))."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class MatchIndex:
    """The catalogue indexed for matching. Build once, rank many needs."""

    def __init__(self, offers: Sequence[Offer], *, thesaurus: bool = True) -> None:
        import bm25s

        self.offers = list(offers)
        self.thesaurus = THESAURUS if thesaurus else {}
        tok = tokeniser()
        names = tok.tokens_many([o.name for o in self.offers])
        descriptions = tok.tokens_many([o.description for o in self.offers])
        self.vocab: dict[str, int] = {}
        ids = [[self.vocab.setdefault(t, len(self.vocab)) for t in ((*n, *n, *d) or ("∅",))]
               for n, d in zip(names, descriptions, strict=True)]  # ∅: a product with no kept word
        self.bm25 = bm25s.BM25(k1=K1, b=B, method="lucene")
        self.bm25.index((ids, dict(self.vocab)), show_progress=False)
        # df(t): the products holding t, i.e. the non-zero entries of t's column (Lucene's idf is never 0)
        self.df = np.diff(self.bm25.scores["indptr"])[: len(self.vocab)]
        self.categories = np.array([o.category for o in self.offers], dtype=object)
        self.districts = np.array([o.district or "" for o in self.offers], dtype=object)
        self.capacity = np.array([-1 if o.capacity_per_month is None else o.capacity_per_month
                                  for o in self.offers], dtype=np.int64)
        self._category_masks: dict[str, np.ndarray] = {}
        self._district_masks: dict[str, np.ndarray] = {}
        self._eligible: dict[tuple[int, str | None, rules.EligibilityPolicy, int], rules.EligibilityResult] = {}
        self._held: dict[int, tuple[rules.Designation, ...]] = {}
        self._bounds: dict[int, list[date]] = {}
        self._texts: dict[str, list] = {}
        self._counts: dict[tuple, bool] = {}
        self._policy_keys: dict[int, tuple] = {}  # id(policy) → (policy kept alive, its key, 관내 required)

    def query_tokens(self, text: str) -> tuple[str, ...]:
        return expand(tokenise(text), self.thesaurus)

    def _mask(self, cache: dict[str, np.ndarray], values: np.ndarray, key: str | None) -> np.ndarray:
        if not key:
            return np.zeros(len(self.offers), dtype=bool)
        mask = cache.get(key)
        if mask is None:
            mask = cache[key] = values == key
        return mask

    def _eligibility(self, offer: Offer, on: date, policy: rules.EligibilityPolicy) -> rules.EligibilityResult:
        """core.purchase.check_eligibility, called once per supplier (its designations are the same on
        all its products), district, policy and stretch of dates over
        which none of its designations starts or ends (the outcome cannot change inside one). A result
        that does not count names the date in its reason, so the caller asks again with the need's date
        for the suggestions it returns (:meth:`_reason`)."""
        held = self._held.get(offer.supplier)
        if held is None:
            held = self._held[offer.supplier] = tuple(rules.Designation(*d) for d in offer.designations)
            self._bounds[offer.supplier] = sorted({d.granted for d in held} | {d.ended for d in held if d.ended})
        key = (offer.supplier, offer.district, policy, bisect_right(self._bounds[offer.supplier], on))
        result = self._eligible.get(key)
        if result is None:
            result = self._eligible[key] = rules.check_eligibility(policy, held, on, offer.district)
        return result

    def _counted(self, offer: Offer, on: date, policy: rules.EligibilityPolicy) -> bool:
        """Does ``offer``'s supplier count on ``on``? Unless the policy requires 관내 suppliers, the answer
        does not depend on the policy's district or the supplier's, so the districts' policies share it."""
        known = self._policy_keys.get(id(policy))
        if known is None:
            local = policy.district_mode == rules.DistrictMode.REQUIRE
            shared = (policy.eligible_types, policy.count_sales_hall, policy.count_reseller)
            known = self._policy_keys[id(policy)] = (policy, policy if local else shared, local)
        _policy, key, local = known
        held = self._held.get(offer.supplier)
        if held is None:
            self._eligibility(offer, on, policy)
        interval = bisect_right(self._bounds[offer.supplier], on)
        full = (offer.supplier, offer.district if local else None, key, interval)
        counted = self._counts.get(full)
        if counted is None:
            counted = self._counts[full] = self._eligibility(offer, on, policy).counted
        return counted

    def _reason(self, offer: Offer, on: date, policy: rules.EligibilityPolicy) -> rules.EligibilityResult:
        result = self._eligibility(offer, on, policy)
        if result.counted:
            return result
        return rules.check_eligibility(policy, self._held[offer.supplier], on, offer.district)

    def idf(self, token: str) -> float:
        """Lucene's idf of ``token`` in this catalogue (df = 0 for a word no product holds)."""
        i = self.vocab.get(token)
        return idf(0 if i is None else int(self.df[i]), len(self.offers))

    def _text_part(self, text: str) -> list:
        """[query tokens, candidate rows, their text scores, sorted prefix or None], once per need text."""
        hit = self._texts.get(text)
        if hit is None:
            own = tokenise(text)
            query = [t for t in expand(own, self.thesaurus) if t in self.vocab]
            cands, scores = np.zeros(0, dtype=np.int64), np.zeros(0)
            if query:
                raw = self.bm25.get_scores(query)
                cands = np.flatnonzero(raw > 0)
                norm = sum(self.idf(t) for t in own if t not in tokeniser().compounds) or 1.0
                scores = np.minimum(1.0, raw[cands] / norm)
            if len(self._texts) >= 50_000:
                self._texts.clear()
            hit = self._texts[text] = [query, cands, scores, None]
        return hit

    @staticmethod
    def _prefix(hit: list, k: int) -> np.ndarray:
        """Positions of the ``k`` best text scores, best first (then catalogue order), kept on ``hit``."""
        _query, cands, scores, prefix = hit
        m = scores.size
        if prefix is not None and (prefix.size >= k or prefix.size == m):
            return prefix
        idx = np.arange(m) if k >= m else np.argpartition(-scores, k)[:k]
        prefix = hit[3] = idx[np.lexsort((cands[idx], -scores[idx]))]
        return prefix

    def rank(self, need: Need, policy: rules.EligibilityPolicy, *, top: int = 10) -> list[Suggestion]:
        """The ``top`` best suggestions for ``need`` (only products sharing a word with it), best
        first; ties broken by catalogue order.

        Exact, without scoring the whole catalogue for each need: products are taken in order of text
        score, a prefix at a time; the score of a product outside the prefix is at most
        0.60·(the prefix's lowest text score) + every bonus (0.40), so once the ``top``-th best score
        found is above that, no other product can enter. Eligibility is asked only of products that
        can still reach the top (it adds at most its weight)."""
        hit = self._text_part(need.text)
        query, cands, scores, _prefix = hit
        if cands.size == 0:
            return []
        category_mask = self._mask(self._category_masks, self.categories, need.category)
        local_mask = self._mask(self._district_masks, self.districts, need.district)
        bonus_max = WEIGHTS["category"] + WEIGHTS["district"] + WEIGHTS["eligible"] + WEIGHTS["capacity"]
        k = max(4 * top, 64)
        while True:
            prefix = self._prefix(hit, k)
            rows, text = cands[prefix], scores[prefix]
            category, local, capacity = category_mask[rows], local_mask[rows], self.capacity[rows]
            enough = (capacity < 0) | (need.quantity_per_month is None) | (capacity >= (need.quantity_per_month or 0))
            partial = (WEIGHTS["text"] * text + WEIGHTS["category"] * category + WEIGHTS["district"] * local
                       + WEIGHTS["capacity"] * enough)
            chosen: list[tuple[float, int, int]] = []  # (−score, row, position), best first
            for i in np.lexsort((rows, -partial)):  # best first, then catalogue order
                if len(chosen) >= top and partial[i] + WEIGHTS["eligible"] < -chosen[top - 1][0]:
                    break
                counted = self._counted(self.offers[rows[i]], need.on, policy)
                total = float(partial[i]) + (WEIGHTS["eligible"] if counted else 0.0)
                insort(chosen, (-total, int(rows[i]), int(i)))
                del chosen[top:]
            if prefix.size == cands.size:
                break
            outside = WEIGHTS["text"] * float(text[-1]) + bonus_max
            if len(chosen) >= top and -chosen[top - 1][0] > outside:
                break
            k *= 4
        out = []
        for negative, row, i in chosen:
            total = -negative
            offer = self.offers[row]
            held = set(tokenise(offer.name)) | set(tokenise(offer.description))
            matched = tuple(t for t in dict.fromkeys(query) if t in held)
            cap: bool | None
            if capacity[i] < 0 or need.quantity_per_month is None:
                cap = None
            else:
                cap = bool(capacity[i] >= need.quantity_per_month)
            in_district = None if not need.district or not offer.district else bool(local[i])
            out.append(_suggestion(offer, round(total, 4), float(text[i]), matched, bool(category[i]), in_district,
                                   self._reason(offer, need.on, policy), cap, need))
        return out


def _suggestion(offer: Offer, score: float, text: float, matched: tuple[str, ...], category: bool,
                in_district: bool | None, result: rules.EligibilityResult, capacity: bool | None,
                need: Need) -> Suggestion:
    reasons = [f"일치한 낱말: {', '.join(matched)}" if matched else "일치한 낱말 없음"]
    reasons.append("같은 구분" if category else "다른 구분")
    reasons.append({True: "관내", False: "관외", None: "소재지 미확인"}[in_district])
    if result.counted:
        reasons.append(f"{need.on.isoformat()}에 지정 유효({rules.DESIGNATION_LABELS[result.designation]})")
    else:
        reasons.append(f"{need.on.isoformat()}에 구매실적 불인정: {result.reason}")
    if capacity is None:
        reasons.append("월 공급능력 확인 필요")
    else:
        reasons.append("월 공급능력 충분" if capacity else "월 공급능력 부족")
    return Suggestion(offer=offer, score=score, text=round(text, 4), matched=matched, category_match=category,
                      in_district=in_district, eligible=result.counted, designation=result.designation,
                      not_eligible_reason=result.reason, capacity_enough=capacity, reasons=tuple(reasons))


# ---------------------------------------------------------------------------
# The baseline and the quality measures
# ---------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def substring_rank(text: str, offers: Sequence[Offer], *, top: int = 10) -> list[Offer]:
    """The plain baseline: each space-separated word of the need found as a substring of the
    product's name or description scores 1; best first, ties in catalogue order."""
    words = [w for w in _SPACES.split(text.strip()) if w]
    scored = []
    for i, offer in enumerate(offers):
        haystack = offer.name + " " + offer.description
        hits = sum(1 for w in words if w in haystack)
        if hits:
            scored.append((-hits, i, offer))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [s[2] for s in scored[:top]]


def precision_at(ranked: Sequence[int], grades: dict[int, int], k: int = 5) -> float:
    """Share of the first k places held by a product judged fitting (grade ≥ 1); empty places count
    as misses (divided by k, not by the number returned)."""
    return sum(1 for key in ranked[:k] if grades.get(key, 0) >= 1) / k


def ndcg_at(ranked: Sequence[int], grades: dict[int, int], k: int = 10) -> float:
    """nDCG@k with gains 2^g − 1 and discount log2(rank + 1); 0 when nothing is judged fitting."""
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(ranked[:k]))
    ideal = sorted((g for g in grades.values() if g > 0), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0
