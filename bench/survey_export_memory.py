#!/usr/bin/env python
"""Time and memory of the survey response export, CSV and .xlsx side by side, at 10,000 and
100,000 responses.

Builds two throw-away surveys in the database DATABASE_URL names (PostgreSQL; the rows are made
with generate_series in a few seconds) and makes each export as the view does: the CSV through
the generator its StreamingHttpResponse sends, the .xlsx through `xlsx_file`, the temporary file
its FileResponse streams. Two passes per export: the first measures the wall time and the growth
of the process's resident memory (RSS, sampled every 20 ms: it counts what lxml and zlib allocate
in C too), the second the Python heap peak (tracemalloc, which slows the run down, so it is kept
out of the timed pass). Memory must not grow with the rows: exit status 1 if a format's
100,000-row heap peak is more than 1.5 times its 10,000-row one, or if an export takes more than
half of gunicorn's timeout (30 s, its default: `make run` sets none). The surveys are deleted
afterwards.

    DATABASE_URL=postgres://... .venv/bin/python bench/survey_export_memory.py [sizes...]
"""
import os
import sys
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "False")  # DEBUG would keep every query in memory
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from committees.models import Committee  # noqa: E402
from core.spreadsheet import csv_lines, xlsx_file  # noqa: E402
from surveys.exports import response_rows  # noqa: E402
from surveys.models import Choice, Question, Section, Survey  # noqa: E402

QUESTIONS = [
    ("Age group", Question.Kind.SINGLE, ["Under 30", "30–64", "65 or over"]),
    ("What is missing?", Question.Kind.MULTIPLE, ["Shops", "Green spaces", "Events", "Benches"]),
    ("Satisfaction", Question.Kind.SCALE, []),
    ("Spend per visit", Question.Kind.NUMBER, []),
    ("One wish", Question.Kind.SHORT_TEXT, []),
]


def build(size):
    committee, _created = Committee.objects.get_or_create(slug="bench-export-committee", defaults={"name": "Bench committee"})
    now = timezone.now()
    survey = Survey.objects.create(
        title=f"Bench export {size}", slug=f"bench-export-{size}-{int(time.time())}", committee=committee,
        opens_at=now - timezone.timedelta(days=30), closes_at=now + timezone.timedelta(days=1), is_published=True,
    )
    section = Section.objects.create(survey=survey, title="Page", order=1)
    for order, (text, kind, options) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(survey=survey, section=section, text=text, kind=kind, order=order)
        Choice.objects.bulk_create([Choice(question=question, text=option, order=i) for i, option in enumerate(options)])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO surveys_response (survey_id, submitted_at, language) "
            "SELECT %s, now() - (g || ' seconds')::interval, 'en' FROM generate_series(1, %s) g",
            [survey.pk, size],
        )
        for question in survey.questions.prefetch_related("choices"):
            _answers(cursor, survey, question)
    return survey


def _answers(cursor, survey, question):
    responses = "SELECT id, row_number() OVER (ORDER BY id) AS n FROM surveys_response WHERE survey_id = %s"
    choice_ids = [choice.pk for choice in question.choices.all()]
    if question.kind == Question.Kind.SINGLE:
        sql = f"SELECT r.id, %s, (%s::bigint[])[1 + r.n %% {len(choice_ids)}], NULL, '' FROM ({responses}) r"
        params = [question.pk, choice_ids, survey.pk]
    elif question.kind == Question.Kind.MULTIPLE:
        sql = f"SELECT r.id, %s, c, NULL, '' FROM ({responses}) r, unnest(%s::bigint[]) c WHERE (r.n + c) %% 2 = 0"
        params = [question.pk, survey.pk, choice_ids]
    elif question.kind == Question.Kind.SHORT_TEXT:
        sql = f"SELECT r.id, %s, NULL, NULL, 'More trees and a market, number ' || r.n FROM ({responses}) r"
        params = [question.pk, survey.pk]
    else:
        sql = f"SELECT r.id, %s, NULL, 1 + r.n %% 5, '' FROM ({responses}) r"
        params = [question.pk, survey.pk]
    cursor.execute(f"INSERT INTO surveys_answer (response_id, question_id, choice_id, number, text) {sql}", params)


GUNICORN_TIMEOUT = 30  # seconds; gunicorn's default, which `make run` keeps


def export_csv(survey, questions):
    """Bytes of the CSV, made line by line as the streaming response sends it."""
    return sum(len(line.encode()) for line in csv_lines(response_rows(survey, questions)))


def export_xlsx(survey, questions):
    """Bytes of the .xlsx, written to its temporary file as the file response serves it."""
    with xlsx_file(response_rows(survey, questions), survey.title) as file:
        return file.seek(0, os.SEEK_END)


def _rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class RssPeak:
    """The largest growth of the resident set over its size at the start, sampled in a thread."""

    def __enter__(self):
        self.start = self.peak = _rss()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, _rss())
            time.sleep(0.02)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, _rss())
        self.growth = self.peak - self.start


def measure(export, survey):
    questions = list(survey.questions.for_form())
    with RssPeak() as rss:
        started = time.perf_counter()
        size = export(survey, questions)
        seconds = time.perf_counter() - started
    tracemalloc.start()
    export(survey, questions)
    _current, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"bytes": size, "seconds": seconds, "rss_growth": rss.growth, "heap_peak": heap_peak}


FORMATS = {"CSV": export_csv, "xlsx": export_xlsx}


def main(sizes):
    figures, surveys = {}, []
    print("| responses | format | file MB | seconds | RSS growth MB | Python heap peak MB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    try:
        for size in sizes:
            survey = build(size)
            surveys.append(survey)
            for name, export in FORMATS.items():
                result = figures[size, name] = measure(export, survey)
                print(
                    f"| {size:,} | {name} | {result['bytes'] / 1e6:.1f} | {result['seconds']:.1f} | "
                    f"{result['rss_growth'] / 1e6:.1f} | {result['heap_peak'] / 1e6:.2f} |", flush=True,
                )
    finally:
        for survey in surveys:
            survey.delete()
        Committee.objects.filter(slug="bench-export-committee", surveys__isnull=True).delete()
    smallest, largest = min(sizes), max(sizes)
    failed = False
    for name in FORMATS:
        ratio = figures[largest, name]["heap_peak"] / figures[smallest, name]["heap_peak"]
        share = figures[largest, name]["seconds"] / GUNICORN_TIMEOUT
        print(f"{name}: heap peak at {largest:,} / at {smallest:,}: {ratio:.2f} (flat memory means about 1); "
              f"time at {largest:,}: {share:.0%} of gunicorn's {GUNICORN_TIMEOUT} s timeout")
        failed = failed or ratio > 1.5 or share > 0.5
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]))
