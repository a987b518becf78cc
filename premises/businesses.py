"""The businesses of the centre as the public reads them: the directory of those trading today, and
the openings and closures per month, both counted from the occupancies (premises.models.Occupancy)
of the businesses of public committees.

Openings and closures, defined here and nowhere else:

- A business *trades in the centre* on a day when at least one of its occupancies runs that day
  (from `since` to `until`, both included; an occupancy without `until` runs on).
- Its *spells* are the runs of days it trades: occupancies that overlap, or where one starts the day
  after another ends, are one spell. So a business that moves from one unit to another (the new
  occupancy starting on, or the day after, the last day of the old one) neither closes nor opens:
  it stays in the centre. A day or more between the two is a closure and a later opening.
- An *opening* is the first day of a spell; a *closure* is the last day of a spell that has one.
  Each counts in the month of that day, once the day has come: openings on or before `today`,
  closures whose last day is before `today` (a business still trades on its last day).
- Dates are the occupancies as stored now: a corrected date moves the event (the occupancy's history
  keeps what it said before).
"""
import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import F, Prefetch
from django.utils import timezone

from core.free_text import contains_ignoring_accents, first_words
from premises.models import Business, Occupancy

ONE_DAY = datetime.timedelta(days=1)
SAFE_SCHEMES = ("http", "https")


def safe_website(url):
    """`url` if it is a web address a link may point to (http or https with a host), else ""."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return ""
    return url if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else ""


# The directory -----------------------------------------------------------------------------------

def trading_businesses(on=None):
    """The businesses of public committees trading on `on` (today if not given), by name, each with
    `current` (its occupancies running that day, with their units): two queries."""
    on = on or timezone.localdate()
    running = Occupancy.objects.on(on).select_related("unit").order_by("unit__street", "unit__number_order", "unit__number", "pk")
    return (
        Business.objects.filter(committee__is_public=True, pk__in=Occupancy.objects.on(on).values("business_id"))
        .prefetch_related(Prefetch("occupancies", queryset=running, to_attr="current"))
        .order_by("name", "pk")
    )


def matching_name(businesses, text):
    """`businesses` whose name holds every word of `text`, ignoring case and accents ("kavarna"
    finds "Kavárna"); all of them when `text` has no words."""
    for word in first_words(text):
        businesses = businesses.filter(contains_ignoring_accents(F("name"), word))
    return businesses


def in_street(businesses, street, on=None):
    """`businesses` with an occupancy running on `on` (today if not given) in a unit of `street` whose
    address may be published (a street is never learnt from an unpublished address)."""
    running = Occupancy.objects.on(on).filter(unit__street=street, unit__publish_address=True)
    return businesses.filter(pk__in=running.values("business_id"))


@dataclass
class Listing:
    """A business as the directory shows it: its published addresses (units whose owners agreed)."""

    business: Business
    addresses: list
    website: str


def listing(business):
    addresses = [str(occupancy.unit) for occupancy in business.current if occupancy.unit.publish_address]
    return Listing(business, addresses, safe_website(business.website))


def by_category(businesses):
    """[(category label, [Listing])] in the order of the categories."""
    groups = {}
    for business in businesses:
        groups.setdefault(business.category, []).append(listing(business))
    order = [value for value, _label in Business._meta.get_field("category").choices]
    return [(dict(Business._meta.get_field("category").choices)[key], groups[key]) for key in order if key in groups]


def by_street(businesses, street=""):
    """[(street, [Listing])] by street; a business in two streets is under each; those whose every
    address is unpublished come last, under "" (the template names that group)."""
    groups = {}
    for business in businesses:
        entry = listing(business)
        streets = {occupancy.unit.street for occupancy in business.current if occupancy.unit.publish_address}
        for name in sorted(streets) or [""]:
            if not street or name == street:
                groups.setdefault(name, []).append(entry)
    return sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))


def published_streets(on=None):
    """The streets with a business trading on `on` in a unit whose address may be published."""
    on = on or timezone.localdate()
    running = Occupancy.objects.on(on).filter(business__committee__is_public=True, unit__publish_address=True)
    return list(running.order_by("unit__street").values_list("unit__street", flat=True).distinct())


# Openings and closures ---------------------------------------------------------------------------

def spells(occupancies):
    """The spells [(first day, last day or None)] of one business's occupancies [(since, until)]."""
    merged = []
    for since, until in sorted(occupancies, key=lambda dates: dates[0]):
        if merged and (merged[-1][1] is None or since <= merged[-1][1] + ONE_DAY):
            last = merged[-1][1]
            merged[-1][1] = None if last is None or until is None else max(last, until)
        else:
            merged.append([since, until])
    return [tuple(spell) for spell in merged]


@dataclass
class Month:
    start: datetime.date
    openings: int = 0
    closures: int = 0

    @property
    def change(self):
        return self.openings - self.closures


def month_starts(today, count):
    """The first days of the `count` months up to `today`'s, oldest first."""
    year, month = today.year, today.month
    starts = []
    for _index in range(count):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def openings_and_closures(months=12, today=None, occupancies=None):
    """[Month] for the `months` months up to `today`'s (today if not given), oldest first: the openings
    and closures (as the module's docstring defines them) of the businesses of public committees.
    One query (or none, given `occupancies`: rows of (business id, since, until))."""
    today = today or timezone.localdate()
    if occupancies is None:
        occupancies = (Occupancy.objects.filter(business__committee__is_public=True)
                       .values_list("business_id", "since", "until"))
    by_business = {}
    for business_id, since, until in occupancies:
        by_business.setdefault(business_id, []).append((since, until))
    counted = {start: Month(start) for start in month_starts(today, months)}
    for dates in by_business.values():
        for first, last in spells(dates):
            if first <= today and (month := counted.get(first.replace(day=1))):
                month.openings += 1
            if last is not None and last < today and (month := counted.get(last.replace(day=1))):
                month.closures += 1
    return list(counted.values())
