"""The mix of uses: how the ground-floor units in commercial use divide among the use classes, on a
date and at every month end, computed from the register like every vacancy figure (premises.vacancy
defines which units count: ground floor, a status recorded by then, not "not in commercial use").

A unit's use class is what the register says now (the class it is let for): a unit whose class was
corrected counts in its corrected class at every date. Empty units count in their class too, so the
mix describes the stock of premises, not only the trading ones.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from premises.models import Floor, UseClass
from premises.vacancy import COUNTED, _month_end, _month_number, counted_units


@dataclass(frozen=True)
class Mix:
    """The units counted on `on` per use class (`counts`: use class → units, classes with none left out)."""

    on: object
    counts: dict

    @property
    def units(self):
        return sum(self.counts.values())

    def share(self, use_class):
        """The use class's share in percent, to one decimal (None without a counted unit)."""
        if not self.units:
            return None
        return (Decimal(self.counts.get(use_class, 0)) * 100 / self.units).quantize(Decimal("0.1"))

    def rows(self):
        """(use class, its label, units, share) for every use class, in the register's order."""
        return [(value, label, self.counts.get(value, 0), self.share(value)) for value, label in UseClass.choices]


def use_mix_on(on=None, units=None):
    """The mix on `on` (today if not given) over the ground-floor units of `units` (all if not given)."""
    on = on or timezone.localdate()
    rows = (counted_units(units).with_status_on(on).filter(status_now__in=COUNTED)
            .order_by().values("use_class").annotate(count=Count("pk")))
    return Mix(on=on, counts={row["use_class"]: row["count"] for row in rows})


MONTHLY_MIX_SQL = """
WITH spells AS (
    SELECT unit.use_class, status.status,
           (extract(year FROM status.since) * 12 + extract(month FROM status.since) - 1)::int AS starts,
           lead(status.since) OVER (PARTITION BY status.unit_id ORDER BY status.since, status.id) AS next_since
    FROM premises_unitstatus AS status
    JOIN premises_unit AS unit ON unit.id = status.unit_id
    WHERE unit.floor = %(floor)s AND (%(all)s OR unit.committee_id = ANY(%(committees)s::bigint[]))
),
changes AS (
    -- As premises.vacancy's monthly series: a counted spell adds one to its class from the end of the
    -- month it starts in, and takes it away from the end of the month the unit's next status starts in.
    SELECT starts AS month, use_class, 1 AS delta FROM spells WHERE status = ANY(%(counted)s)
    UNION ALL
    SELECT (extract(year FROM next_since) * 12 + extract(month FROM next_since) - 1)::int, use_class, -1
    FROM spells WHERE next_since IS NOT NULL AND status = ANY(%(counted)s)
),
per_month AS (SELECT month, use_class, sum(delta) AS delta FROM changes GROUP BY month, use_class),
classes AS (SELECT DISTINCT use_class FROM per_month),
running AS (
    SELECT months.month, classes.use_class,
           sum(coalesce(per_month.delta, 0)) OVER (PARTITION BY classes.use_class ORDER BY months.month) AS units
    FROM generate_series(least(%(first)s, (SELECT min(month) FROM per_month)), %(last)s) AS months (month)
    CROSS JOIN classes
    LEFT JOIN per_month ON per_month.month = months.month AND per_month.use_class = classes.use_class
)
SELECT month, use_class, units::int FROM running WHERE month >= %(first)s AND units > 0 ORDER BY month, use_class
"""


def monthly_use_mix(*, start, end=None, committees=None):
    """The mix at every month end from `start` to `end` (today if not given), over the registers of
    `committees` (committees or their ids; all if None), in one query: a Mix per month end, the month
    of `end` only if it has ended by then."""
    end = end or timezone.localdate()
    first, last = _month_number(start), _month_number(end) - (_month_end(end) > end)
    params = {
        "first": first, "last": last, "floor": Floor.GROUND, "counted": list(COUNTED),
        "all": committees is None, "committees": [getattr(c, "pk", c) for c in committees or ()],
    }
    with connection.cursor() as cursor:
        cursor.execute(MONTHLY_MIX_SQL, params)
        found = cursor.fetchall()
    counts = {month: {} for month in range(first, last + 1)}
    for month, use_class, units in found:
        counts[month][use_class] = units
    return [Mix(on=_month_end(_month_date(month)), counts=counts[month]) for month in range(first, last + 1)]


def _month_date(number):
    return datetime.date(number // 12, number % 12 + 1, 1)
