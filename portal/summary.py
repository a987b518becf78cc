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

from django.db.models import Avg, Count, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from committees.models import Committee, Meeting, Membership, Recommendation, RecommendationAddressee
from core import reading
from initiatives.models import (
    FundingLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    Target,
    TargetStatus,
    Theme,
    target_status,
)
from core.translated import shown_in_values
from surveys.models import Response, Survey
from surveys.results import attach_headlines, minimum_group_size

LIST_LIMIT = 10
ENDING_SOON_DAYS = 60
CLOSING_SOON_DAYS = 7
RECENTLY_CLOSED_LIMIT = 3
# Initiatives whose milestones and targets still need somebody to act.
ACTIVE_STATUSES = (Initiative.Status.PLANNED, Initiative.Status.IN_PROGRESS, Initiative.Status.ON_HOLD)


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
    return {
        "programme": programme_section(scope),
        "attention": attention_section(scope, targets, residents["open_surveys"]),
        "health": health_section(scope, targets),
        "residents": residents,
        "committees": committees_section(scope),
    }


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
            *("indicator_id", "baseline", "baseline_on", "target_value", "target_on", "latest_value", "latest_on"),
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
    overdue = Milestone.objects.overdue(scope.today).filter(_of_initiatives_under_way(scope)).select_related("initiative")
    overdue_milestones, overdue_count = first_with_total(overdue.order_by("due_on", "pk"))
    overdue_replies = _of_committee(
        RecommendationAddressee.objects.overdue(scope.today), scope, field="recommendation__committee"
    )
    overdue_replies, overdue_reply_count = first_with_total(overdue_replies.with_recommendation().in_due_order())
    ending = _of_committee(Membership.objects.ending_within(ENDING_SOON_DAYS, on=scope.today), scope).with_people()
    memberships, membership_count = first_with_total(ending.order_by("term_end", "pk"))
    off_track = [target for target in targets if target["status"] == TargetStatus.OFF_TRACK]
    closing_by = scope.now + datetime.timedelta(days=CLOSING_SOON_DAYS)
    return {
        "overdue_milestones": overdue_milestones,
        "overdue_milestone_count": overdue_count,
        "off_track_targets": off_track[:LIST_LIMIT],
        "off_track_count": len(off_track),
        "overdue_replies": overdue_replies,  # one row per addressee whose reply is overdue
        "overdue_reply_count": overdue_reply_count,
        "memberships_ending": memberships,
        "memberships_ending_count": membership_count,
        "ending_soon_days": ENDING_SOON_DAYS,
        "surveys_closing": [survey for survey in open_surveys if survey.closes_at <= closing_by],
    }


# Town-centre health -------------------------------------------------------------------------


def health_section(scope, targets):
    """Every indicator's latest value, change over a year and direction, its monthly trend in the
    period and the status of the targets set on it."""
    indicators = list(Indicator.objects.with_trend())
    series = _monthly_series(scope.period, [indicator.pk for indicator in indicators])
    statuses = Counter((target["indicator_id"], target["status"]) for target in targets)
    month_names = {}
    for indicator in indicators:
        indicator.series = series.get(indicator.pk, [])
        indicator.series_rows = _formatted(indicator.series, indicator.decimal_places, month_names)
        indicator.target_statuses = [
            {"value": value, "label": label, "count": statuses[(indicator.pk, value)]}
            for value, label in TargetStatus.choices
            if statuses[(indicator.pk, value)]
        ]
    return {"indicators": indicators}


def _formatted(series, decimal_places, month_names):
    """(month, mean) rows as localised text for the page's monthly tables. Formatting the few
    hundred cells here (each month's name once) rather than through template filters saves
    tens of milliseconds on a large town."""
    places = Decimal(1).scaleb(-decimal_places)
    rows = []
    for month, mean in series:
        if month not in month_names:
            month_names[month] = reading.date(month, "YEAR_MONTH_FORMAT")
        rows.append((month_names[month], reading.number(mean.quantize(places), decimal_places)))
    return rows


def _monthly_series(period, indicator_ids):
    """{indicator id: [(first day of month, mean value), …]} over the period, one query."""
    rows = (
        Measurement.objects.filter(
            indicator_id__in=indicator_ids, measured_on__gte=period.start, measured_on__lte=period.end
        )
        .annotate(month=TruncMonth("measured_on"))
        .order_by()
        .values("indicator_id", "month")
        .annotate(mean=Avg("value"))
        .order_by("indicator_id", "month")
    )
    series = {}
    for row in rows:
        series.setdefault(row["indicator_id"], []).append((row["month"], row["mean"]))
    return series


# Residents ---------------------------------------------------------------------------------


def residents_section(scope):
    surveys = _of_committee(Survey.objects.select_related("committee"), scope).annotate(
        response_count=_count_of(Response, "survey")
    )
    open_surveys, open_count = first_with_total(surveys.open_now(scope.now).order_by("closes_at", "pk"))
    closed = surveys.closed(scope.now).filter(
        closes_at__gte=scope.period.starts_at, closes_at__lt=scope.period.ends_before
    )
    recently_closed, closed_count = first_with_total(closed.order_by("-closes_at", "pk"), RECENTLY_CLOSED_LIMIT)
    attach_headlines(recently_closed)
    return {
        "open_surveys": open_surveys,
        "open_count": open_count,
        "open_responses": sum(survey.response_count for survey in open_surveys),
        "recently_closed": recently_closed,
        "closed_count": closed_count,
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

