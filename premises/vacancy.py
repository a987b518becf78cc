"""Vacancy, defined once: every figure of empty premises the portal shows is computed here from the
register (premises.models), never typed in.

The definitions (after the Local Data Company's and the Institute of Place Management's vacancy
work):

- A unit's status on a date is the latest status recorded for it on or before that date; a
  correction replaces what the corrected row said (its history keeps the old value).
- Only ground-floor units count: upper floors and basements are a different market.
- A unit "not in commercial use" on the date counts in neither the empty units nor the units, and
  so does a unit with no status recorded yet by that date.
- Empty ("visibly vacant"): vacant and marketed, vacant with no agent board, under offer, being
  refurbished. Vacancy rate = empty ground-floor units ÷ ground-floor units in commercial use.
- Available to let: vacant, marketed or not, and not under offer (nor being refurbished).
- Long-term vacant: empty on the date, and empty without a break for more than a year before it.

`vacancy_on` gives the figures on one date, `vacancy_by_street` the same per street, and
`monthly_vacancy` the figures at every month end of a period in one query (the series the charts
and the vacancy indicator read).
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, DateField, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from premises.models import Floor, Status, Unit, UnitStatus

EMPTY = (Status.VACANT_MARKETED, Status.VACANT_NO_BOARD, Status.UNDER_OFFER, Status.REFURBISHMENT)
AVAILABLE = (Status.VACANT_MARKETED, Status.VACANT_NO_BOARD)
NOT_COUNTED = (Status.NOT_IN_USE,)
COUNTED = tuple(status for status in Status.values if status not in NOT_COUNTED)
LONG_TERM_DAYS = 365


@dataclass(frozen=True)
class Vacancy:
    """The vacancy figures of a set of units on one date (`label`: a street, or empty for all)."""

    on: datetime.date
    units: int  # ground-floor units in commercial use
    empty: int  # of which visibly vacant
    available: int  # of which available to let
    label: str = ""

    @staticmethod
    def _share(part, whole):
        return None if not whole else (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))

    @property
    def rate(self):
        """The vacancy rate in percent (None without a unit in commercial use)."""
        return self._share(self.empty, self.units)

    @property
    def available_rate(self):
        return self._share(self.available, self.units)


def counted_units(units=None):
    """The units vacancy is counted over: ground-floor units (of `units`, a Unit queryset, if given)."""
    return (Unit.objects.all() if units is None else units).filter(floor=Floor.GROUND)


def _figures():
    return {
        "units": Count("pk", filter=Q(status_now__in=COUNTED)),
        "empty": Count("pk", filter=Q(status_now__in=EMPTY)),
        "available": Count("pk", filter=Q(status_now__in=AVAILABLE)),
    }


def vacancy_on(on=None, units=None):
    """The figures on `on` (today if not given) over the ground-floor units of `units` (all if not given)."""
    on = on or timezone.localdate()
    counts = counted_units(units).with_status_on(on).aggregate(**_figures())
    return Vacancy(on=on, **counts)


def vacancy_by_street(on=None, units=None):
    """The figures on `on` per street, in street order (streets without a counted unit are left out)."""
    on = on or timezone.localdate()
    rows = (
        counted_units(units).with_status_on(on).order_by().values("street")
        .annotate(**_figures()).filter(units__gt=0).order_by("street")
    )
    return [Vacancy(on=on, label=row.pop("street"), **row) for row in rows]


def year_before(on):
    try:
        return on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        return on.replace(year=on.year - 1, day=28)


def with_vacant_since(units, on):
    """`units` with `vacant_since`: the first day of the unbroken run of empty statuses each is in on
    `on` (None for a unit not empty then)."""
    def statuses(unit):
        return UnitStatus.objects.filter(unit=unit, since__lte=on).order_by().values("unit")

    # Inside the run's subquery, the unit is the one of the status rows being read (OuterRef("unit")).
    last_not_empty = statuses(OuterRef("unit")).exclude(status__in=EMPTY).annotate(last=Max("since")).values("last")
    after = Coalesce(Subquery(last_not_empty), Value(datetime.date.min), output_field=DateField())
    run_start = Subquery(
        statuses(OuterRef("pk")).filter(status__in=EMPTY, since__gt=after).annotate(first=Min("since")).values("first")
    )
    return units.with_status_on(on).annotate(vacant_since=run_start)


def long_term_vacant(on=None, units=None):
    """The ground-floor units empty on `on` without a break for more than a year, longest empty first."""
    on = on or timezone.localdate()
    found = with_vacant_since(counted_units(units), on).filter(status_now__in=EMPTY, vacant_since__lt=year_before(on))
    return found.order_by("vacant_since", "street", "number_order", "pk")


MONTHLY_SQL = """
WITH spells AS (
    -- Each status row holds from its date until the unit's next status row; months are numbered
    -- (year * 12 + month - 1) so that the sums below group and compare whole numbers.
    SELECT status.status,
           (extract(year FROM status.since) * 12 + extract(month FROM status.since) - 1)::int AS starts,
           lead(status.since) OVER (PARTITION BY status.unit_id ORDER BY status.since, status.id) AS next_since
    FROM premises_unitstatus AS status
    JOIN premises_unit AS unit ON unit.id = status.unit_id
    WHERE unit.floor = %(floor)s AND (%(committee)s::bigint IS NULL OR unit.committee_id = %(committee)s::bigint)
),
changes AS (
    -- A spell counts from the end of the month it starts in, and no longer at the end of the month it ends in.
    SELECT starts AS month, status, 1 AS delta FROM spells
    UNION ALL
    SELECT (extract(year FROM next_since) * 12 + extract(month FROM next_since) - 1)::int, status, -1
    FROM spells WHERE next_since IS NOT NULL
),
per_month AS (
    SELECT month,
           sum(delta) FILTER (WHERE status = ANY(%(counted)s)) AS units,
           sum(delta) FILTER (WHERE status = ANY(%(empty)s)) AS empty,
           sum(delta) FILTER (WHERE status = ANY(%(available)s)) AS available
    FROM changes GROUP BY month
),
running AS (
    SELECT month,
           sum(coalesce(units, 0)) OVER months AS units,
           sum(coalesce(empty, 0)) OVER months AS empty,
           sum(coalesce(available, 0)) OVER months AS available
    FROM generate_series(least(%(first)s, (SELECT min(month) FROM per_month)), %(last)s) AS month
    LEFT JOIN per_month USING (month)
    WINDOW months AS (ORDER BY month)
)
SELECT (make_date(month / 12, month %% 12 + 1, 1) + interval '1 month' - interval '1 day')::date AS month_end,
       units, empty, available
FROM running
WHERE month >= %(first)s
ORDER BY month
"""


def _month_number(day):
    return day.year * 12 + day.month - 1


def _month_end(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def monthly_vacancy(*, start, end=None, committee=None):
    """The figures at every month end from `start` to `end` (today if not given), over the register of
    `committee` (all if not given). One query, and its work grows with the number of status rows plus
    the number of months (not their product): each status row adds to the counts from the end of the
    month it starts in and takes away from the end of the month the unit's next status starts in, and
    the counts at each month end are the running sums. The definitions are the module's (EMPTY, AVAILABLE,
    COUNTED), the same as vacancy_on's."""
    end = end or timezone.localdate()
    # The month ends from `start` to `end`: the month of `end` only if it has ended by then.
    first, last = _month_number(start), _month_number(end) - (_month_end(end) > end)
    params = {
        "first": first, "last": last, "floor": Floor.GROUND,
        "committee": getattr(committee, "pk", committee),
        "counted": list(COUNTED), "empty": list(EMPTY), "available": list(AVAILABLE),
    }
    with connection.cursor() as cursor:
        cursor.execute(MONTHLY_SQL, params)
        return [Vacancy(on=on, units=int(units), empty=int(empty), available=int(available))
                for on, units, empty, available in cursor.fetchall()]
