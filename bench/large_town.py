"""Generate a large town for the summary benchmark (needs django.setup() on the benchmark database).

1,000 initiatives, 20,000 milestones, 2,000 funding lines, 50 indicators with ten years of daily
measurements (182,500 rows), targets, 100 surveys with 200,000 responses (400,000 answers),
committees with meetings, recommendations and memberships. The big tables are filled by
INSERT … SELECT generate_series in the database: a few seconds instead of minutes of ORM saves.
"""
import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone

from committees.models import Committee, Meeting, Membership, Organisation, Person, Recommendation
from initiatives.models import FundingLine, Indicator, Initiative, Measurement, Milestone, Target, Theme
from initiatives.services import series_refresh
from core.roles import MAYORS, sync_role_groups
from surveys.models import Answer, Choice, Question, Response, Section, Survey

INITIATIVES = 1000
MILESTONES_PER_INITIATIVE = 20
INDICATORS = 50
DAYS_OF_MEASUREMENTS = 3650
SURVEYS = 100
RESPONSES = 200_000
COMMITTEES = 10
BENCH_PASSWORD = "benchmark-only-password"


def table(model):
    return connection.ops.quote_name(model._meta.db_table)


def is_built():
    return Initiative.objects.count() >= INITIATIVES and Response.objects.count() >= RESPONSES


def clear():
    models = [Answer, Response, Choice, Question, Section, Survey, Target, Measurement, Indicator, Milestone,
              FundingLine, Initiative, Recommendation, Meeting, Membership, Person, Committee, Organisation]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(table(model) for model in models) + " RESTART IDENTITY CASCADE")


def build():
    """Fill an empty benchmark database (in one transaction), then vacuum it; returns the mayor user."""
    mayor = _build()
    vacuum()
    return mayor


@transaction.atomic
def _build():
    clear()
    sync_role_groups(Group, Permission)
    mayor, _ = get_user_model().objects.get_or_create(username="bench-mayor")
    mayor.set_password(BENCH_PASSWORD)
    mayor.save()
    mayor.groups.add(Group.objects.get(name=MAYORS))
    committee_ids = _committees()
    _initiatives(committee_ids)
    _indicators()
    _surveys(committee_ids)
    return mayor


def vacuum():
    """What autovacuum would do after a bulk load: statistics and the visibility map (index-only scans)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _committees():
    today = timezone.localdate()
    organisation = Organisation.objects.create(name="Municipality of Bigtown")
    committees = Committee.objects.bulk_create(
        Committee(name=f"Committee {n}", slug=f"committee-{n}", is_public=n % 3 != 0) for n in range(COMMITTEES)
    )
    people = Person.objects.bulk_create(Person(full_name=f"Member {n}") for n in range(COMMITTEES * 30))
    Membership.objects.bulk_create(
        Membership(
            committee=committees[n % COMMITTEES], person=person, organisation=organisation,
            term_start=today - datetime.timedelta(days=700), term_end=today + datetime.timedelta(days=n % 400),
        )
        for n, person in enumerate(people)
    )
    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(
            committee=committees[n % COMMITTEES], title=f"Session {n}", starts_at=now - datetime.timedelta(days=n - 50),
            status=Meeting.Status.HELD if n >= 50 else Meeting.Status.PLANNED,
        )
        for n in range(1000)
    )
    statuses = list(Recommendation.Status)
    Recommendation.objects.bulk_create(
        Recommendation(
            committee=committees[n % COMMITTEES], title=f"Recommendation {n}", text="Do it.",
            addressed_to=list(Recommendation.Addressee)[n % 4], status=statuses[n % len(statuses)],
            adopted_on=today - datetime.timedelta(days=n), response_due_on=today + datetime.timedelta(days=n % 90 - 30),
            **_step_dates(statuses[n % len(statuses)], today - datetime.timedelta(days=n // 2)),
        )
        for n in range(500)
    )
    return [committee.pk for committee in committees]


def _step_dates(status, day):
    """The decision dates of a benchmark recommendation with this status (all on one day)."""
    fields = {"accepted": ["accepted_on"], "implemented": ["accepted_on", "implemented_on"], "rejected": ["rejected_on"]}
    return dict.fromkeys(fields.get(status, []), day)


def _initiatives(committee_ids):
    theme_ids = list(Theme.objects.values_list("pk", flat=True))
    if not theme_ids:
        theme_ids = [Theme.objects.create(name="General", slug="general").pk]
    statuses = list(Initiative.Status.values)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table(Initiative)} (title, slug, summary, description, theme_id, status, lead_committee_id,
                area, start_on, end_on, is_public, is_featured, created_at, updated_at)
            SELECT 'Initiative ' || g, 'initiative-' || g, 'Summary of initiative ' || g, 'Description ' || g,
                (%(themes)s::bigint[])[1 + g %% cardinality(%(themes)s::bigint[])],
                (%(statuses)s::text[])[1 + g %% cardinality(%(statuses)s::text[])],
                (%(committees)s::bigint[])[1 + g %% cardinality(%(committees)s::bigint[])],
                'Area ' || (g %% 7), current_date - 400, current_date + 400, g %% 4 <> 0, g %% 100 = 0,
                now() - (g || ' hours')::interval, now() - (g || ' hours')::interval
            FROM generate_series(1, %(count)s) g""",
            {"themes": theme_ids, "statuses": statuses, "committees": committee_ids, "count": INITIATIVES},
        )
        cursor.execute(
            f"""INSERT INTO {table(Milestone)} (initiative_id, title, due_on, done_on)
            SELECT i.id, 'Step ' || s, current_date - 300 + s * 30,
                CASE WHEN s * 30 < 300 - (i.id %% 5) * 40 THEN current_date - 300 + s * 30 END
            FROM {table(Initiative)} i CROSS JOIN generate_series(1, %(per)s) s""",
            {"per": MILESTONES_PER_INITIATIVE},
        )
        cursor.execute(
            f"""INSERT INTO {table(FundingLine)} (initiative_id, source, note, planned, spent)
            SELECT i.id, src.source, '', 10000 + (i.id % 50) * 1000, (5000 + (i.id % 30) * 500) * src.share
            FROM {table(Initiative)} i CROSS JOIN (VALUES ('municipal', 1), ('eu', 0.5)) AS src(source, share)""",
        )


def _indicators():
    Indicator.objects.bulk_create(
        Indicator(name=f"Indicator {n}", slug=f"indicator-{n}", unit="units", higher_is_better=n % 3 != 0)
        for n in range(INDICATORS)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table(Measurement)} (indicator_id, measured_on, period, value, source, created_at, version,
                is_excluded, excluded_reason, computed_from)
            SELECT ind.id, current_date - d, 'day', 100 + (ind.id %% 7) * 10 + sin(d / 30.0) * 5 - d / 365.0, '', now(),
                1, false, '', ''
            FROM {table(Indicator)} ind CROSS JOIN generate_series(0, %(days)s - 1) d""",
            {"days": DAYS_OF_MEASUREMENTS},
        )
        cursor.execute(
            f"""INSERT INTO {table(Target)} (initiative_id, indicator_id, baseline, baseline_on, target_value, target_on)
            SELECT i.id, (SELECT min(id) FROM {table(Indicator)}) + i.id %% %(indicators)s, 100, current_date - 300,
                120 + i.id %% 20, current_date + 300
            FROM {table(Initiative)} i WHERE i.status IN ('planned', 'in_progress', 'on_hold')""",
            {"indicators": INDICATORS},
        )
    for indicator in Indicator.objects.all():  # as every write of measurements does: pages read the roll-up
        series_refresh(indicator=indicator)


def _surveys(committee_ids):
    now = timezone.now()
    surveys = []
    for n in range(SURVEYS):
        if n < 10:  # open now
            opens, closes, published = now - datetime.timedelta(days=20), now + datetime.timedelta(days=n + 1), True
        elif n < 90:  # closed, one every three weeks going back
            closes = now - datetime.timedelta(days=21 * (n - 9))
            opens, published = closes - datetime.timedelta(days=30), True
        else:  # drafts
            opens, closes, published = None, None, False
        surveys.append(
            Survey(title=f"Survey {n}", slug=f"survey-{n}", committee_id=committee_ids[n % len(committee_ids)],
                   opens_at=opens, closes_at=closes, is_published=published, results_public=True)
        )
    surveys = Survey.objects.bulk_create(surveys)
    sections = Section.objects.bulk_create(Section(survey=survey, title="Questions") for survey in surveys)
    questions = Question.objects.bulk_create(
        question
        for survey, section in zip(surveys, sections)
        for question in (
            Question(survey=survey, section=section, order=1, text="What would bring you here?", kind=Question.Kind.SINGLE),
            Question(survey=survey, section=section, order=2, text="How do you like the centre?", kind=Question.Kind.SCALE),
        )
    )
    Choice.objects.bulk_create(
        Choice(question=question, text=text, order=order)
        for question in questions
        if question.kind == Question.Kind.SINGLE
        for order, text in enumerate(["Shops", "Events", "Parking", "Green space"])
    )
    published = [survey.pk for survey in surveys if survey.is_published]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table(Response)} (survey_id, submitted_at, language)
            SELECT s.id, s.opens_at + (g %% 29 || ' days')::interval, 'en'
            FROM generate_series(0, %(count)s - 1) g
            JOIN {table(Survey)} s ON s.id = (%(surveys)s::bigint[])[1 + g * cardinality(%(surveys)s::bigint[]) / %(count)s]
            ORDER BY g""",
            {"surveys": published, "count": RESPONSES},
        )
        cursor.execute(
            f"""INSERT INTO {table(Answer)} (response_id, question_id, choice_id, number, text)
            SELECT r.id, q.id,
                CASE WHEN q.kind = 'single' THEN (SELECT c.id FROM {table(Choice)} c WHERE c.question_id = q.id
                     ORDER BY c.id OFFSET (r.id % 4) LIMIT 1) END,
                CASE WHEN q.kind = 'scale_1_5' THEN 1 + r.id % 5 END, ''
            FROM {table(Response)} r JOIN {table(Question)} q ON q.survey_id = r.survey_id"""
        )
