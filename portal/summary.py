"""The mayor's summary: selectors that compute every figure in the database.

Each section is one function taking a Scope (period, optional committee, today) and returning
plain dicts and lists for the template and the CSV export. The number of queries is fixed:
lists are cut with LIMIT and carry their full size through a window count, so the page costs
the same whether the town has ten initiatives or a thousand.
"""
import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Case, Count, F, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from committees.models import Committee, Meeting, Membership, Recommendation, RecommendationAddressee
from core import reading
from initiatives.models import (
    OVER_BUDGET,
    UNDER_WAY_STATUSES,
    FundingLine,
    Indicator,
    Initiative,
    Milestone,
    PeriodValue,
    Target,
    TargetStatus,
    Theme,
    late_on,
    target_status,
)
from core.translated import shown_in_values
from initiatives.units import period_label
from premises.models import BasePlan, Unit
from premises.vacancy import vacancy_on, year_before as vacancy_year_before
from surveys.models import Response, Survey
from surveys.results import attach_headlines, minimum_group_size

LIST_LIMIT = 10
# The summary prints on one A4 page: at most this many of each kind of exception, then "and N more".
EXCEPTION_LIMIT = 5
ENDING_SOON_DAYS = 60
CLOSING_SOON_DAYS = 7
# What residents said: the headline findings of at most this many surveys, then "and N more".
SURVEY_LIMIT = 5
# Initiatives whose milestones and targets still need somebody to act.
ACTIVE_STATUSES = UNDER_WAY_STATUSES  # initiatives.models: planned, in progress, on hold


@dataclass(frozen=True)
class Scope:
    period: object  # portal.forms.Period
    committee: Committee | None
    today: datetime.date
    now: datetime.datetime


def build_summary(*, period, committee=None, now=None):
    """Every section of the summary for the period, optionally for one committee's work only."""
    now = now or timezone.now()
    scope = Scope(period=period, committee=committee, today=timezone.localdate(now), now=now)
    targets = _active_targets(scope)
    residents = residents_section(scope)
    figures = {
        "programme": programme_section(scope),
        "attention": attention_section(scope, targets, residents["open_surveys"]),
        "health": health_section(scope, targets),
        "residents": residents,
        "committees": committees_section(scope),
        "premises": premises_section(scope),
    }
    figures["premises"]["print_inset"] = (print_rows(figures) <= PRINT_ROWS_WITH_INSET
                                          and len(residents["surveys"]) >= SURVEYS_BESIDE_INSET)
    return figures


def percent(part, whole):
    """part / whole in percent, or None when the whole is zero (no division by zero on an empty town)."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def first_with_total(queryset, limit=LIST_LIMIT):
    """(the first `limit` rows, how many rows there are in all) in one query."""
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:limit])
    return rows, (rows[0].total_rows if rows else 0)


def _count_of(model, link, filter_q=Q()):
    """A correlated subquery counting `model` rows whose `link` points at the outer row."""
    rows = model.objects.filter(filter_q, **{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), Value(0))


def _initiatives(scope):
    initiatives = Initiative.objects.all()
    if scope.committee:
        initiatives = initiatives.filter(lead_committee=scope.committee)
    return initiatives


def _of_committee(queryset, scope, field="committee"):
    return queryset.filter(**{field: scope.committee.pk}) if scope.committee else queryset


# Programme ---------------------------------------------------------------------------------


def programme_section(scope):
    initiatives = _initiatives(scope)
    status_counts = dict(initiatives.order_by().values_list("status").annotate(n=Count("pk")))
    by_status = [
        {"value": value, "label": label, "count": status_counts.get(value, 0)}
        for value, label in Initiative.Status.choices
    ]
    theme_filter = Q(initiatives__lead_committee=scope.committee) if scope.committee else Q()
    by_theme = list(Theme.objects.annotate(count=Count("initiatives", filter=theme_filter)))
    in_progress = initiatives.in_progress().with_figures()
    progress = in_progress.aggregate(average=Avg("progress"))
    least_advanced, in_progress_count = first_with_total(
        in_progress.select_related("theme").order_by("progress", "title")
    )
    return {
        "total": sum(status_counts.values()),
        "by_status": by_status,
        "by_theme": by_theme,
        "in_progress_count": in_progress_count,
        "average_progress": progress["average"],
        "least_advanced": least_advanced,
        "budget": budget_figures(initiatives.exclude(status=Initiative.Status.CANCELLED)),
    }


def budget_figures(initiatives):
    """Planned and spent money by funding source, with totals and the co-financing share."""
    rows = (
        FundingLine.objects.filter(initiative__in=initiatives)
        .order_by()
        .values("source")
        .annotate(planned=Sum("planned"), spent=Sum("spent"))
    )
    by_value = {row["source"]: row for row in rows}
    zero = Decimal("0.00")
    by_source = []
    for value, label in FundingLine.Source.choices:
        row = by_value.get(value, {})
        planned, spent = row.get("planned") or zero, row.get("spent") or zero
        by_source.append(
            {"value": value, "label": label, "planned": planned, "spent": spent, "spent_share": percent(spent, planned)}
        )
    planned = sum((row["planned"] for row in by_source), zero)
    spent = sum((row["spent"] for row in by_source), zero)
    municipal = by_value.get(FundingLine.Source.MUNICIPAL, {}).get("planned") or zero
    return {
        "by_source": by_source,
        "planned": planned,
        "spent": spent,
        "spent_share": percent(spent, planned),
        # Co-financing: money planned from any source other than the municipal budget.
        "cofinanced": planned - municipal,
        "cofinancing_share": percent(planned - municipal, planned),
    }


# Attention ---------------------------------------------------------------------------------


def _active_targets(scope):
    """Targets of initiatives still under way, as dicts with their `status` from initiatives'
    target_status() (the one place that decides it).

    Plain rows rather than model instances: a large town has hundreds of active targets, and
    building three model objects for each cost more than the query.
    """
    rows = (
        Target.objects.with_latest()
        .filter(_of_initiatives_under_way(scope))
        .order_by("indicator__name", "initiative__title")
        .values(
            *("indicator_id", "initiative_id", "baseline", "baseline_on", "target_value", "target_on", "latest_value", "latest_on"),
            *("initiative__title", "initiative__slug", "indicator__name", "indicator__standard_unit", "indicator__unit"),
            *("indicator__decimal_places", "indicator__higher_is_better"),
            *("initiative__original_language", "initiative__translations"),
            *("indicator__original_language", "indicator__translations"),
        )
    )
    targets = list(rows)
    for target in targets:
        target["initiative_title"] = shown_in_values(target, "initiative__", "title")
        target["indicator_name"] = shown_in_values(target, "indicator__", "name")
        target["status"] = target_status(
            baseline=target["baseline"],
            baseline_on=target["baseline_on"],
            target=target["target_value"],
            target_on=target["target_on"],
            latest=target["latest_value"],
            latest_on=target["latest_on"],
            higher_is_better=target["indicator__higher_is_better"],
        )
    return targets


def _of_initiatives_under_way(scope):
    """The condition "belongs to an initiative still under way (of the chosen committee)", as a join."""
    condition = Q(initiative__status__in=ACTIVE_STATUSES)
    if scope.committee:
        condition &= Q(initiative__lead_committee=scope.committee.pk)
    return condition


def attention_section(scope, targets, open_surveys):
    """The exceptions, up to EXCEPTION_LIMIT of each kind with how many there are: initiatives late
    (an overdue milestone or past their end date), targets off track, initiatives over budget and
    overdue replies to recommendations; then how many initiatives under way are in none of them."""
    under_way = _initiatives(scope).filter(status__in=ACTIVE_STATUSES).with_figures(scope.today)
    late = under_way.filter(_late(scope)).annotate(late_since=_late_since(scope)).order_by("late_since", "title")
    overspent = under_way.filter(OVER_BUDGET).annotate(overspent=F("spent_total") - F("planned_total"))
    # One row per addressee whose reply is overdue (a recommendation sent to three towns counts three times).
    replies = _of_committee(
        RecommendationAddressee.objects.overdue(scope.today), scope, field="recommendation__committee"
    ).with_recommendation()
    off_track = [target for target in targets if target["status"] == TargetStatus.OFF_TRACK]
    ending = _of_committee(Membership.objects.ending_within(ENDING_SOON_DAYS, on=scope.today), scope).with_people()
    closing_by = scope.now + datetime.timedelta(days=CLOSING_SOON_DAYS)
    return {
        "late": exception(*first_with_total(late, EXCEPTION_LIMIT)),
        "off_track": exception(off_track[:EXCEPTION_LIMIT], len(off_track)),
        "over_budget": exception(*first_with_total(overspent.order_by("-overspent", "title"), EXCEPTION_LIMIT)),
        "overdue_replies": exception(*first_with_total(replies.in_due_order(), EXCEPTION_LIMIT)),
        **_under_way_counts(scope, under_way, off_track),
        "memberships_ending": exception(*first_with_total(ending.order_by("term_end", "pk"), EXCEPTION_LIMIT)),
        "ending_soon_days": ENDING_SOON_DAYS,
        "surveys_closing": [survey for survey in open_surveys if survey.closes_at <= closing_by],
    }


def exception(rows, count):
    """One list of the summary's exceptions: the rows shown, how many there are and how many more."""
    return {"rows": rows, "count": count, "more": count - len(rows)}


# Spent more than planned, over all of an initiative's funding lines (with_figures' totals).
def _late(scope):
    """An initiative under way (annotated with_figures) with an overdue milestone or past its end date."""
    return late_on(scope.today)


def _late_since(scope):
    """The earliest of the oldest overdue milestone's due date and a past end date."""
    oldest_overdue = Milestone.objects.overdue(scope.today).filter(initiative=OuterRef("pk")).order_by("due_on")
    # PostgreSQL's LEAST passes over a NULL: an initiative late on one count only gets that date.
    return Least(Subquery(oldest_overdue.values("due_on")[:1]), Case(When(end_on__lt=scope.today, then=F("end_on"))))


def _under_way_counts(scope, under_way, off_track):
    """How many initiatives are under way, how many overdue milestones they have, and how many of
    them are in none of the exception lists ("N more on track"), in one query."""
    off_track_ids = {target["initiative_id"] for target in off_track}
    counts = under_way.aggregate(
        under_way=Count("pk"),
        overdue_milestones=Sum("overdue_milestone_count"),
        on_track=Count("pk", filter=~_late(scope) & ~OVER_BUDGET & ~Q(pk__in=off_track_ids)),
    )
    return {
        "under_way_count": counts["under_way"],
        "overdue_milestone_count": counts["overdue_milestones"] or 0,
        "on_track_count": counts["on_track"],
    }


# Town-centre health -------------------------------------------------------------------------


def health_section(scope, targets):
    """Every indicator's latest value, change on the same period a year before and direction (all from
    its rolled-up series: initiatives.models.rollup), its values per reporting period in the period and
    the status of the targets set on it."""
    indicators = list(Indicator.objects.with_trend())
    series = _monthly_series(scope.period, [indicator.pk for indicator in indicators])
    statuses = Counter((target["indicator_id"], target["status"]) for target in targets)
    period_names = {}
    for indicator in indicators:
        indicator.series = series.get(indicator.pk, [])
        indicator.series_rows = _formatted(indicator, period_names)
        indicator.target_statuses = [
            {"value": value, "label": label, "count": statuses[(indicator.pk, value)]}
            for value, label in TargetStatus.choices
            if statuses[(indicator.pk, value)]
        ]
        # "Better" beside "off track" is explained on the page, not left as a contradiction.
        indicator.improving_but_behind = indicator.trend == "improving" and any(
            status["value"] in (TargetStatus.OFF_TRACK, TargetStatus.AT_RISK) for status in indicator.target_statuses)
    return {"indicators": indicators}


def _formatted(indicator, period_names):
    """(period, value) rows as localised text for the page's tables. Formatting the few hundred cells
    here (each period's name once) rather than through template filters saves tens of milliseconds on
    a large town."""
    places = Decimal(1).scaleb(-indicator.decimal_places)
    rows = []
    for start, value in indicator.series:
        key = (start, indicator.reporting_period)
        if key not in period_names:
            period_names[key] = period_label(start, indicator.reporting_period)
        rows.append((period_names[key], reading.number(value.quantize(places), indicator.decimal_places)))
    return rows


def _monthly_series(period, indicator_ids):
    """{indicator id: [(first day of the reporting period, value), …]}: each indicator's complete
    periods (per month, or its own reporting period) that start within `period`, rolled up by its rule
    with excluded values left out (initiatives.models.rollup); one query."""
    rows = (
        PeriodValue.objects.complete()
        .filter(indicator_id__in=indicator_ids, starts_on__gte=period.start, starts_on__lte=period.end)
        .order_by("indicator_id", "starts_on")
        .values_list("indicator_id", "starts_on", "value")
    )
    series = {}
    for indicator_id, starts_on, value in rows:
        series.setdefault(indicator_id, []).append((starts_on, value))
    return series


# Residents ---------------------------------------------------------------------------------


def residents_section(scope):
    """The surveys open now (for their counts and those closing soon) and what residents said in the
    surveys running or closed in the period: each one's headline finding (surveys.results), the
    running ones first, then the latest closed."""
    surveys = _of_committee(Survey.objects.select_related("committee"), scope).annotate(
        response_count=_count_of(Response, "survey")
    )
    open_surveys, open_count = first_with_total(surveys.open_now(scope.now).order_by("closes_at", "pk"))
    in_period = surveys.published().filter(
        opens_at__lte=scope.now, opens_at__lt=scope.period.ends_before, closes_at__gte=scope.period.starts_at
    )
    # The latest closing first: those still running, then the most recently closed.
    said, said_count = first_with_total(in_period.order_by("-closes_at", "pk"), SURVEY_LIMIT)
    for survey in attach_headlines(said):
        survey.is_running = survey.closes_at > scope.now
    return {
        "open_surveys": open_surveys,
        "open_count": open_count,
        "open_responses": sum(survey.response_count for survey in open_surveys),
        "surveys": said,
        "survey_count": said_count,
        "more": said_count - len(said),
        "minimum_group": minimum_group_size(),
    }


# Committees --------------------------------------------------------------------------------


def committees_section(scope):
    period = scope.period
    committees = _of_committee(Committee.objects.all(), scope, field="pk").annotate(
        meetings_held=_count_of(
            Meeting,
            "committee",
            Q(status=Meeting.Status.HELD, starts_at__gte=period.starts_at, starts_at__lt=period.ends_before),
        ),
        recommendations_adopted=_count_of(
            Recommendation, "committee", Q(adopted_on__gte=period.start, adopted_on__lte=period.end)
        ),
        # No status filter, unlike implemented (a final status): accepted_on is kept once implemented or rejected.
        recommendations_accepted=_count_of(
            Recommendation, "committee", Q(accepted_on__gte=period.start, accepted_on__lte=period.end)
        ),
        recommendations_implemented=_count_of(
            Recommendation,
            "committee",
            Q(
                status=Recommendation.Status.IMPLEMENTED,
                implemented_on__gte=period.start,
                implemented_on__lte=period.end,
            ),
        ),
    )
    committees = list(committees)
    return {
        "committees": committees,
        "meetings_held": sum(committee.meetings_held for committee in committees),
        "recommendations_adopted": sum(committee.recommendations_adopted for committee in committees),
        "recommendations_accepted": sum(committee.recommendations_accepted for committee in committees),
        "recommendations_implemented": sum(committee.recommendations_implemented for committee in committees),
    }


# Premises ----------------------------------------------------------------------------------

# On paper the plan is a small inset in the corner beside the vacancy figures and what residents said
# (static/css/portal.css), taking no line of its own, and only while the page leaves room for it on one
# A4 sheet. CSS cannot know that, so it is counted here: the printed length grows with these rows (each
# indicator, committee, listed exception and survey), and past PRINT_ROWS_WITH_INSET the inset is left off
# paper; beside it at least SURVEYS_BESIDE_INSET surveys' findings fill the corner's height.
# portal/tests/test_summary_browser.py prints the demo town (it fits) and the larger town (it does not).
PRINT_ROWS_WITH_INSET = 30
SURVEYS_BESIDE_INSET = 2


def premises_section(scope):
    """Vacancy now, on the same day a year before and the change in percentage points (premises.vacancy,
    the register's one definition), over the units of the chosen committee's register (all registers
    without one), and the plan with those units: the committee's base plan, or the first uploaded."""
    units = _of_committee(Unit.objects.all(), scope)
    now, year_ago = vacancy_on(scope.today, units), vacancy_on(vacancy_year_before(scope.today), units)
    change = None if now.rate is None or year_ago.rate is None else now.rate - year_ago.rate
    plans = _of_committee(BasePlan.objects.all(), scope).order_by("uploaded_at", "pk")
    return {
        "now": now, "year_ago": year_ago, "change": change,
        # Lower vacancy is better: "improving" when it fell.
        "trend": None if change is None else ("steady" if not change else ("improving" if change < 0 else "worsening")),
        "base_plan": plans.first(),
        # Read here, with or without a register, so the page costs the same queries either way.
        "units": list(units.with_status_on(scope.today).filter(longitude__isnull=False).in_street_order()),
    }


def print_rows(figures):
    """How many rows of variable length the printed summary has (see PRINT_ROWS_WITH_INSET)."""
    attention = figures["attention"]
    return (len(figures["health"]["indicators"]) + len(figures["committees"]["committees"])
            + sum(len(attention[kind]["rows"]) for kind in ("late", "off_track", "over_budget", "overdue_replies"))
            + len(figures["residents"]["surveys"]))
