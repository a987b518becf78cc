#!/usr/bin/env python
"""Memory of the streamed survey CSV export at 10,000 and 100,000 responses.

Builds two throw-away surveys in the database DATABASE_URL names (PostgreSQL; the rows are made
with generate_series in a few seconds), streams each export through the same generator the view
returns in its StreamingHttpResponse, and reports the Python heap peak (tracemalloc) while the
rows go out. The peak must not grow with the number of rows: exit status 1 if the 100,000-row
peak is more than 1.5 times the 10,000-row one. The surveys are deleted afterwards.

    DATABASE_URL=postgres://... .venv/bin/python bench/survey_export_memory.py [sizes...]
"""
import os
import sys
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
from surveys.exports import csv_lines, response_rows  # noqa: E402
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


def measure(survey):
    questions = list(survey.questions.for_form())
    tracemalloc.start()
    started, lines, size = time.perf_counter(), 0, 0
    for line in csv_lines(response_rows(survey, questions)):
        lines += 1
        size += len(line)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return lines - 1, size, peak, time.perf_counter() - started


def main(sizes):
    peaks, surveys = {}, []
    try:
        for size in sizes:
            survey = build(size)
            surveys.append(survey)
            rows, written, peak, seconds = measure(survey)
            peaks[size] = peak
            print(f"{rows:>8} responses  {written / 1e6:7.1f} MB of CSV  peak Python heap {peak / 1e6:6.2f} MB  {seconds:5.1f} s")
    finally:
        for survey in surveys:
            survey.delete()
        Committee.objects.filter(slug="bench-export-committee", surveys__isnull=True).delete()
    smallest, largest = min(sizes), max(sizes)
    ratio = peaks[largest] / peaks[smallest]
    print(f"peak at {largest} / peak at {smallest}: {ratio:.2f} (flat memory means about 1)")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]))
