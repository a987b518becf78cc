"""The one place that turns an indicator's measurements into its values per reporting period.

An indicator is reported per month (or day, week, quarter, year: `Indicator.reporting_period`) and
says how finer data adds up to one period (`Indicator.roll_up`):

- SUM   a count over time (footfall): the period's value is the total of its measurements; a month
        of daily counts is the sum of the days.
- MEAN  a level (PM2.5): the mean of the measurements, each weighted by the days it covers (a
        monthly mean counts for 30 days, a daily reading for one).
- LAST  a state (vacancy rate): the value measured last in the period.

A measurement covers the days from its date (`measured_on`, the first day of its own period) to the
end of its own period (a day, a week, a month, …). A measurement whose days fall in more than one
reporting period (a week from January into February, a monthly total reported per week) counts in each
for its days there: a count is shared out by days, a level or a state holds on each of them. A period is
*complete* when what it holds can be compared with another period of the same kind:

- SUM: every day of the period is covered (a month with 10 days of counts is 10 days' worth of
  people, not a month's);
- MEAN: at least MEAN_COVERAGE of its days are covered (a monthly mean from most of the days is
  the month's mean; the EU's air-quality rules read a mean the same way);
- LAST: it has a value (a state is known as of its last measurement).

Excluded measurements (a counter fault, roadworks) are never given to this function, so they count
for nothing and leave their days uncovered. Where measurements overlap (a monthly total and, for
the same month, the daily counts it was made from), the longer one counts and the days it already
covers are not counted twice.

Latest value, trend, target status, the pages, the home page and the mayor's summary all read the
periods this function returns (stored as initiatives.models.PeriodValue by
initiatives.services.series_refresh after every write of a measurement or of the indicator's rule).
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

MEAN_COVERAGE = Decimal("0.75")


class Period(models.TextChoices):
    DAY = "day", _("day")
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class RollUp(models.TextChoices):
    SUM = "sum", _("sum: a count over time (footfall)")
    MEAN = "mean", _("mean: a level (air quality)")
    LAST = "last", _("last value: a state (vacancy rate)")


MONTHS_IN = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}


def period_start(day, period):
    """The first day of the `period` (a Period) that `day` falls in; weeks start on Monday."""
    if period == Period.DAY:
        return day
    if period == Period.WEEK:
        return day - datetime.timedelta(days=day.weekday())
    months = MONTHS_IN[period]
    return datetime.date(day.year, (day.month - 1) // months * months + 1, 1)


def period_after(start, period):
    """The first day after the `period` that begins on `start` (any day: a measurement's own period
    may start mid-month)."""
    if period == Period.DAY:
        return start + datetime.timedelta(days=1)
    if period == Period.WEEK:
        return start + datetime.timedelta(days=7)
    return _add_months(start, MONTHS_IN[period])


def year_before(start, period):
    """The start of the like-for-like period a year before: the same month, quarter or year; for
    days and weeks 52 weeks before (the same weekday: a Saturday's footfall against a Saturday's)."""
    if period in (Period.DAY, Period.WEEK):
        return start - datetime.timedelta(weeks=52)
    return _add_months(start, -12)


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = datetime.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    last_day = (following - datetime.timedelta(days=1)).day
    return datetime.date(year, month + 1, min(day.day, last_day))


@dataclass(frozen=True)
class Reading:
    """A measurement as the roll-up needs it (an included one: excluded ones are left out)."""

    measured_on: datetime.date
    period: str
    value: Decimal


@dataclass
class RolledUp:
    """One reporting period's value. `days_covered` of its `days` are covered by counted
    measurements; `overlapping` measurements were not counted as a longer one covers their days."""

    starts_on: datetime.date
    ends_on: datetime.date  # the last day of the period
    value: Decimal
    complete: bool
    days_covered: int
    days: int
    counted: int
    overlapping: int = 0


def rolled_up_series(readings, *, reporting_period, roll_up):
    """[RolledUp] per reporting period that has a counted measurement, oldest first: the values of
    the indicator as it reports them (see the module's docstring for the rules)."""
    by_period = {}
    for reading in readings:
        for start, piece in _pieces(reading, reporting_period, roll_up):
            by_period.setdefault(start, []).append(piece)
    return [_rolled_up(start, rows, reporting_period, roll_up) for start, rows in sorted(by_period.items())]


def _pieces(reading, reporting_period, roll_up):
    """(period start, Reading) for each reporting period the reading's days fall in: a week that runs
    from January into February, or a month reported per week, counts in each period for its days there
    (a count over time shared out by days; a level or a state holds on each of its days)."""
    span_end = period_after(reading.measured_on, reading.period)
    span = (span_end - reading.measured_on).days
    start = period_start(reading.measured_on, reporting_period)
    while start < span_end:
        after = period_after(start, reporting_period)
        first, last = max(start, reading.measured_on), min(after, span_end)
        value = reading.value
        if roll_up == RollUp.SUM and (last - first).days != span:
            value = (value * (last - first).days / span).quantize(Decimal("0.001"))
        yield start, _Piece(reading.measured_on, reading.period, value, first, last)
        start = after


@dataclass(frozen=True)
class _Piece(Reading):
    """The part of a Reading within one reporting period: its days from `first` to before `after`."""

    first: datetime.date = None
    after: datetime.date = None


def _rolled_up(start, readings, reporting_period, roll_up):
    after = period_after(start, reporting_period)
    covered, counted, weights, overlapping = set(), [], [], 0
    # Longer measurements first: a whole month's total wins over the daily counts it was made from.
    for reading in sorted(readings, key=lambda r: (-_span_days(r), r.measured_on)):
        days = {reading.first + datetime.timedelta(days=n) for n in range((reading.after - reading.first).days)}
        if days & covered:
            overlapping += 1
            continue
        covered |= days
        counted.append(reading)
        weights.append(len(days))
    total_days = (after - start).days
    value, complete = _value(counted, weights, roll_up, len(covered), total_days)
    return RolledUp(
        starts_on=start, ends_on=after - datetime.timedelta(days=1), value=value, complete=complete,
        days_covered=len(covered), days=total_days, counted=len(counted), overlapping=overlapping,
    )


def _span_days(reading):
    return (period_after(reading.measured_on, reading.period) - reading.measured_on).days


def _value(counted, weights, roll_up, covered, days):
    """(value, complete) of a period's counted measurements under `roll_up`."""
    if roll_up == RollUp.SUM:
        return sum((r.value for r in counted), Decimal(0)), covered == days
    if roll_up == RollUp.MEAN:
        weighted = sum((r.value * weight for r, weight in zip(counted, weights)), Decimal(0))
        # Kept to the places a stored value has (initiatives.models.indicators.VALUE).
        mean = (weighted / sum(weights)).quantize(Decimal("0.001"))
        return mean, Decimal(covered) >= MEAN_COVERAGE * days
    return max(counted, key=lambda r: r.measured_on).value, True
