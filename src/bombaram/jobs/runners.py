"""What each kind of job does, run by the worker (``tasks.run_job``).

Each runner reads its parameters from the job, reports progress through ``services.Progress`` and
ends the job with ``services.finish_job``: done (with a result file or figures), refused (the
file's row errors; nothing written), or failed (an unexpected error; nothing written).
"""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path

from bombaram.jobs import services
from bombaram.jobs.choices import JobKind, JobState
from bombaram.jobs.models import Job

logger = logging.getLogger("bombaram.jobs")


def run(job_id: int) -> str:
    """Run a queued job once; its final state."""
    job = services.claim_job(job_id)
    if job is None:  # already run, or taken by another worker
        return "skipped"
    progress = services.Progress(job)
    try:
        RUNNERS[job.kind](job, progress)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        services.finish_job(job=job, state=JobState.FAILED, message=services.FAILED)
    return job.state


def import_purchase_file(job: Job, progress: services.Progress) -> None:
    """The purchase import of ``bombaram procurement import``, all or nothing: a file with any row
    refused writes nothing and ends "refused" with every row error."""
    from bombaram.procurement.services.purchases import PurchaseFileError, import_purchases
    from bombaram.web.import_lock import import_lock

    params = job.params
    suffix = Path(params["filename"]).suffix.lower() or ".csv"
    with services.input_on_disk(job, suffix) as path, \
            import_lock(lambda line: progress(0, 0, line)):
        try:
            plan = import_purchases(source=path, filename=params["filename"], institution_code=params["institution"],
                                    user=job.created_by, progress=progress)
        except PurchaseFileError as exc:
            services.finish_job(job=job, state=JobState.REFUSED, message=f"파일을 읽을 수 없습니다: {exc}")
            return
    report = plan.report()
    figures = {k: report[k] for k in ("rows", "created", "unchanged", "counted", "not_counted", "counted_won",
                                      "not_counted_won")}
    figures["warnings"] = len(report["warnings"])
    if plan.rejected:
        rows = len({e["row"] for e in report["rejected"]})
        services.finish_job(job=job, state=JobState.REFUSED, result=figures, row_errors=report["rejected"],
                            message=f"{rows:,}개 행에 문제가 있어 아무것도 반영하지 않았습니다: 고쳐서 다시 올려 주십시오")
    elif plan.written:
        services.finish_job(job=job, state=JobState.DONE, result=figures,
                            message=f"구매 {plan.created:,}건을 반영했습니다")
    else:
        services.finish_job(job=job, state=JobState.DONE, result=figures,
                            message=f"새로 반영할 구매가 없습니다 (이미 있는 구매 {plan.unchanged:,}건)")


def build_ocds_package(job: Job, progress: services.Progress) -> None:
    """The OCDS release package of an institution's year (the download that took ~20 s at 100,000
    purchases inside a request), stored as the job's result file."""
    from bombaram.core.purchase import NothingToPublish
    from bombaram.procurement import open_data
    from bombaram.procurement.models import Institution

    params = job.params
    institution = Institution.objects.get(code=params["institution"])
    progress(0, 0, "구매 내역을 읽어 OCDS 패키지를 만드는 중입니다")
    try:
        package = open_data.release_package(institution, params["year"], base_url=params.get("base_url") or None)
    except NothingToPublish as exc:
        services.finish_job(job=job, state=JobState.REFUSED, message=f"{institution.name} {params['year']}년: {exc}")
        return
    progress(1, 2, "파일로 쓰는 중입니다")
    body = json.dumps(package, ensure_ascii=False).encode("utf-8")
    releases = len(package.get("releases", []))
    del package
    name = f"bombaram-purchase-{institution.code}-{params['year']}{'-예시데이터' if institution.illustrative else ''}-ocds.json"
    services.store_result(job=job, name=name, content_type="application/json; charset=utf-8",
                          chunks=(body[i:i + 1024 * 1024] for i in range(0, len(body), 1024 * 1024)))
    services.finish_job(job=job, state=JobState.DONE, result={"releases": releases, "bytes": len(body)},
                        message=f"OCDS 패키지를 만들었습니다 (릴리스 {releases:,}건)")


REPORT_COLUMNS = ["기관 코드", "기관", "구매목표액 (원)", "사회적경제제품 구매액 (원)", "총 구매액 (원)", "목표 달성률 (%)",
                  "직접 구매 비율 (%)", "관내기업 비율 (%)", "공급업체 수"]


def build_purchase_reports(job: Job, progress: services.Progress) -> None:
    """The year's Art. 7 figures of every institution, one row each (CSV for Excel): the region's
    or the country's report, institution by institution with progress."""
    from bombaram.core import tabular
    from bombaram.procurement import reports
    from bombaram.procurement.models import Institution, Purchase, YearTarget

    year = job.params["year"]
    ids = set(YearTarget.objects.filter(year=year).values_list("institution_id", flat=True))
    ids |= set(Purchase.objects.filter(purchased_on__year=year).values_list("institution_id", flat=True).distinct())
    institutions = list(Institution.objects.filter(pk__in=ids).order_by("code"))
    if not institutions:
        services.finish_job(job=job, state=JobState.REFUSED, message=f"{year}년 목표나 구매가 있는 기관이 없습니다")
        return
    rows = []
    for done, institution in enumerate(institutions):
        progress(done, len(institutions), f"기관별 실적을 계산하는 중입니다 ({done:,} / {len(institutions):,}곳)")
        r = reports.annual_report(institution, year, not_counted_limit=0, suppliers_shown=0)  # figures only
        rows.append([institution.code, institution.name, r.target_won, r.eligible_won, r.total_won,
                     r.achievement_pct, r.direct_share_pct, r.in_district_share_pct, r.concentration.suppliers])
    with tempfile.TemporaryDirectory(prefix="bombaram-job-") as folder:
        path = Path(folder) / "report.csv"
        tabular.write_csv_for_excel(path, REPORT_COLUMNS, rows)
        with path.open("rb") as handle:
            services.store_result(job=job, name=f"bombaram-purchase-reports-{year}.csv",
                                  content_type="text/csv; charset=utf-8", chunks=iter(lambda: handle.read(1 << 20), b""))
    services.finish_job(job=job, state=JobState.DONE, result={"institutions": len(rows)},
                        message=f"기관 {len(rows):,}곳의 {year}년 실적을 만들었습니다")


RUNNERS = {
    JobKind.PURCHASE_IMPORT: import_purchase_file,
    JobKind.OCDS_PACKAGE: build_ocds_package,
    JobKind.PURCHASE_REPORTS: build_purchase_reports,
}
