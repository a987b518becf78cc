"""Vacancy as shading on the plan: each street (a line of the base plan) or area (a polygon) gets the
band its vacancy rate falls in. The figures are premises.vacancy's (the same definitions); a band is
told by a pattern and its words as well as by its colour, so the key and the table read without colour.

Streets are matched to the plan's lines by name (the register's street names and the plan's must agree
letter for letter, spaces at either end aside). Areas have no field in the register: a unit is in an
area when its place on the plan is inside the area's outline.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import reading
from premises.vacancy import AVAILABLE, COUNTED, EMPTY, Vacancy, counted_units, vacancy_by_street

STREETS, AREAS = "street", "area"


@dataclass(frozen=True)
class Band:
    key: str  # the pattern's name in the SVG (plan-band-<key>)
    below: Decimal | None  # the band holds rates under this (None: no upper limit)

    def label(self, low):
        """The band in words, e.g. "10 % to under 20 %" (as the reader's language writes percents)."""
        if low is None:
            return str(_("under %(high)s") % {"high": reading.percent(self.below)})
        if self.below is None:
            return str(_("%(low)s or more") % {"low": reading.percent(low)})
        return str(_("%(low)s to under %(high)s") % {"low": reading.percent(low), "high": reading.percent(self.below)})


BANDS = [
    Band("low", Decimal(5)),
    Band("middle", Decimal(10)),
    Band("high", Decimal(20)),
    Band("very-high", None),
]


def band_of(rate):
    """The band of a vacancy rate in percent (None for no rate: no unit counted)."""
    if rate is None:
        return None
    return next(band for band in BANDS if band.below is None or rate < band.below)


def key():
    """The bands as the plan's key lists them: [{"key", "label"}], lowest first."""
    lows = [None, *(band.below for band in BANDS[:-1])]
    return [{"key": band.key, "label": band.label(low)} for band, low in zip(BANDS, lows)]


def shaded(kind, plan, units, on=None):
    """{street or area name: Vacancy} for `kind` (STREETS or AREAS), over `units` (a Unit queryset)."""
    if kind == STREETS:
        return {figures.label: figures for figures in vacancy_by_street(on, units)}
    return _by_area(plan, units, on)


def _by_area(plan, units, on):
    areas = [feature for feature in (plan.features if plan else []) if feature.kind == "area" and feature.name]
    if not areas:
        return {}
    rows = (counted_units(units).with_status_on(on).filter(longitude__isnull=False, status_now__in=COUNTED)
            .values_list("longitude", "latitude", "status_now"))
    counts = {area.name: [0, 0, 0] for area in areas}
    for longitude, latitude, status in rows:
        point = (float(longitude), float(latitude))
        for area in areas:
            if _inside(point, area.parts):
                tally = counts[area.name]
                tally[0] += 1
                tally[1] += status in EMPTY
                tally[2] += status in AVAILABLE
                break  # a unit counts in one area: the first that holds it
    day = on or timezone.localdate()
    return {name: Vacancy(on=day, units=units_, empty=empty, available=available, label=name)
            for name, (units_, empty, available) in counts.items() if units_}


def _inside(point, rings):
    """Whether `point` is inside the polygon of `rings` (even-odd rule: holes leave it out)."""
    x, y = point
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside
