"""Riverbend's premises register: six streets of the centre, about 150 units with two years of status
history, and the businesses in them, written through premises.services as the demo's manager (who
keeps the city-marketing committee's register), and the invented base plan of the centre they stand on.

The register tells the demo's vacancy story (19.5 % two years ago, 2.1 points less a year, a swing
of 0.4 with the seasons): each month's lettings and closures are played so that the ground-floor
vacancy rate counted from the register at the month's end (premises.vacancy) follows it, to the
nearest whole unit. The demo's vacancy-rate indicator is computed from this register
(initiatives/vacancy_indicator.py), not typed in: the story is told here, once.

Everything follows from a fixed seed and the day the demo was first loaded (core.demo.started_at),
and rows are found by their natural keys and written only when missing or different, so loading
again changes nothing.
"""
import datetime
import json
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from committees.models import Committee
from core.demo import started_at
from premises import services
from premises.models import BasePlan, Business, BusinessCategory, Floor, Occupancy, Status, Unit, UseClass
from premises.plan import read_plan
from premises.vacancy import AVAILABLE, EMPTY

MARKETING = "city-marketing-committee"
MONTHS = 24
# The demo's vacancy story, in percent: start, change a year, seasonal swing (the indicator is computed from it).
RATE_START, RATE_YEARLY, RATE_SWING = 19.5, -2.1, 0.4

# street, ground-floor units, upper-floor units, basement units, where it starts on the plan
# (longitude, latitude) and which way its numbers run (degrees a number).
STREETS = [
    ("Main Square", 22, 6, 2, (15.1105, 46.3590), (0.00012, 0.00001)),
    ("Market Street", 24, 5, 2, (15.1120, 46.3600), (0.00010, -0.00006)),
    ("River Street", 20, 3, 1, (15.1098, 46.3578), (0.00013, 0.00002)),
    ("Castle Hill", 14, 4, 1, (15.1090, 46.3605), (0.00004, 0.00009)),
    ("Mill Lane", 16, 3, 1, (15.1130, 46.3583), (-0.00003, -0.00008)),
    ("Station Road", 22, 3, 1, (15.1140, 46.3595), (0.00011, 0.00005)),
]
NOT_IN_USE_GROUND = 6  # ground-floor units turned into flats or storage long ago
USE_MIX = [
    (UseClass.COMPARISON_RETAIL, 30), (UseClass.CONVENIENCE_RETAIL, 12), (UseClass.FOOD_AND_DRINK, 20),
    (UseClass.LEISURE_AND_CULTURE, 6), (UseClass.SERVICES, 17), (UseClass.OFFICES, 8), (UseClass.OTHER, 7),
]
CATEGORIES = {
    UseClass.COMPARISON_RETAIL: [BusinessCategory.FASHION, BusinessCategory.HOME_GIFTS, BusinessCategory.BOOKS_LEISURE],
    UseClass.CONVENIENCE_RETAIL: [BusinessCategory.FOOD_SHOP],
    UseClass.FOOD_AND_DRINK: [BusinessCategory.CAFE_RESTAURANT, BusinessCategory.CAFE_RESTAURANT, BusinessCategory.BAR],
    UseClass.LEISURE_AND_CULTURE: [BusinessCategory.CULTURE, BusinessCategory.BOOKS_LEISURE],
    UseClass.SERVICES: [BusinessCategory.PERSONAL_SERVICES, BusinessCategory.HEALTH_BEAUTY],
}
NAME_PATTERNS = {
    BusinessCategory.FASHION: ["{} Boutique", "{} Shoes", "{} Tailors"],
    BusinessCategory.HOME_GIFTS: ["{} Home", "{} Gifts", "{} Flowers"],
    BusinessCategory.BOOKS_LEISURE: ["{} Books", "{} Games", "{} Records"],
    BusinessCategory.FOOD_SHOP: ["{} Bakery", "{} Grocer", "{} Butcher", "{} Deli"],
    BusinessCategory.CAFE_RESTAURANT: ["Café {}", "{} Bistro", "{} Pizzeria", "{} Kitchen"],
    BusinessCategory.BAR: ["{} Bar", "{} Tavern"],
    BusinessCategory.CULTURE: ["{} Gallery", "{} Studio"],
    BusinessCategory.PERSONAL_SERVICES: ["{} Barbers", "{} Cleaners", "{} Repairs"],
    BusinessCategory.HEALTH_BEAUTY: ["{} Pharmacy", "{} Hair", "{} Opticians"],
}
NAMES = [
    "Linden", "Willow", "Riverside", "Old Town", "Corner", "Bridge", "Castle", "Mill", "Station", "Market",
    "Kos", "Novak", "Zupan", "Golob", "Vidmar", "Mlakar", "Hribar", "Koren", "Turk", "Bizjak",
    "Swallow", "Oak", "Amber", "Blue Door", "Green Gate", "Little", "Sunny", "Northside", "Hillside", "Cherry",
]


@dataclass
class DemoUnit:
    street: str
    number: str
    floor: str
    use_class: str
    floor_area: Decimal
    longitude: Decimal
    latitude: Decimal
    publish_address: bool
    statuses: list = field(default_factory=list)  # [(since, status)], in date order

    @property
    def status(self):
        return self.statuses[-1][1]


def _month_start(today, months_back):
    month_index = today.year * 12 + today.month - 1 - months_back
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def _month_end(first):
    return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def target_rate(month, months_from_start):
    """The vacancy rate the story has for `month`, in percent."""
    season = math.cos((month.month - 7) / 12 * 2 * math.pi)
    return RATE_START + RATE_YEARLY * months_from_start / 12 + RATE_SWING * season


def _days_before(rng, day, low, high):
    return day - datetime.timedelta(days=rng.randint(low, high))


def plan(today):
    """The demo register as data: every unit with its statuses (the history played month by month)."""
    rng = random.Random(16)
    start = _month_start(today, MONTHS)
    uses, weights = zip(*USE_MIX)
    units = []
    for street, ground, upper, basement, (longitude, latitude), (step_lon, step_lat) in STREETS:
        floors = [Floor.GROUND] * ground + [Floor.UPPER] * upper + [Floor.BASEMENT] * basement
        numbers = list(range(1, ground + 1)) + rng.sample(range(1, ground + 1), upper + basement)
        for number, floor in zip(numbers, floors):
            use = UseClass.OFFICES if floor == Floor.UPPER and rng.random() < 0.7 else rng.choices(uses, weights)[0]
            units.append(DemoUnit(
                street=street, number=str(number), floor=floor, use_class=use,
                floor_area=Decimal(rng.randint(28, 240)),
                longitude=Decimal(str(round(longitude + step_lon * number, 7))),
                latitude=Decimal(str(round(latitude + step_lat * number, 7))),
                publish_address=rng.random() > 0.06,
            ))
    ground = [unit for unit in units if unit.floor == Floor.GROUND]
    for unit in rng.sample(ground, NOT_IN_USE_GROUND):
        unit.statuses.append((_days_before(rng, start, 900, 4000), Status.NOT_IN_USE))
    counted = [unit for unit in ground if not unit.statuses]
    _first_statuses(rng, counted, start, round(target_rate(start, 0) / 100 * len(counted)))
    for unit in units:
        if not unit.statuses:  # upper floors and basements: mostly in use, some empty for years
            status = Status.VACANT_MARKETED if rng.random() < 0.3 else Status.OCCUPIED
            unit.statuses.append((_days_before(rng, start, 60, 3000), status))
    for months_from_start in range(MONTHS + 1):
        first = _month_start(today, MONTHS - months_from_start)
        last = min(_month_end(first), today - datetime.timedelta(days=1))
        if last < first:
            continue
        wanted = round(target_rate(first, months_from_start) / 100 * len(counted))
        _play_month(rng, counted, first, last, wanted)
    return units


def _first_statuses(rng, counted, start, empty_count):
    for index, unit in enumerate(rng.sample(counted, len(counted))):
        if index < empty_count:
            status = rng.choices(EMPTY, [60, 25, 10, 5])[0]
            unit.statuses.append((_days_before(rng, start, 30, 1200), status))
        else:
            unit.statuses.append((_days_before(rng, start, 30, 4000), Status.OCCUPIED))


def _play_month(rng, counted, first, last, wanted):
    """Closures, offers and lettings dated within the month, so that `wanted` units are empty at its end."""
    touched = set()

    def move(unit, status):
        day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
        unit.statuses.append((day, status))
        touched.add(id(unit))

    def pick(units, count):
        free = [unit for unit in units if id(unit) not in touched]
        return rng.sample(free, min(count, len(free)))

    occupied = [unit for unit in counted if unit.status == Status.OCCUPIED]
    for unit in pick(occupied, rng.choice([1, 1, 2, 2, 3])):
        move(unit, rng.choices(AVAILABLE, [65, 35])[0])
    empty_now = sum(unit.status in EMPTY for unit in counted)
    if empty_now > wanted:
        agreed = [unit for unit in counted if unit.status in (Status.UNDER_OFFER, Status.REFURBISHMENT)]
        vacant = [unit for unit in counted if unit.status in AVAILABLE]
        for unit in (pick(agreed, empty_now - wanted) + pick(vacant, empty_now - wanted))[:empty_now - wanted]:
            move(unit, Status.OCCUPIED)
    elif empty_now < wanted:
        for unit in pick([unit for unit in counted if unit.status == Status.OCCUPIED], wanted - empty_now):
            move(unit, rng.choices(AVAILABLE, [65, 35])[0])
    for unit in pick([unit for unit in counted if unit.status in AVAILABLE], rng.choice([1, 2])):
        move(unit, rng.choice([Status.UNDER_OFFER, Status.UNDER_OFFER, Status.REFURBISHMENT]))
    for unit in counted:
        unit.statuses.sort()


PLAN_CREDIT = "Invented plan of Riverbend (demo)"
BLOCK_NEAR, BLOCK_FAR = 0.00007, 0.00022  # how far the blocks stand from a street's middle line (degrees)


def base_plan():
    """Riverbend's invented base plan as GeoJSON: each street a line through its units (they stand on
    it, numbered from its start), with a block of buildings along each side, and the river."""
    features = []
    squeeze = math.cos(math.radians(46.36))
    for street, ground, _upper, _basement, (longitude, latitude), (step_lon, step_lat) in STREETS:
        start = (longitude, latitude)
        end = (longitude + step_lon * (ground + 1), latitude + step_lat * (ground + 1))
        features.append({"type": "Feature", "properties": {"name": street},
                         "geometry": {"type": "LineString", "coordinates": [_point(start), _point(end)]}})
        length = math.hypot(step_lon * squeeze, step_lat)
        across = (-step_lat / length / squeeze, step_lon * squeeze / length)  # a unit step to the left, in degrees
        for side in (1, -1):
            near = [(x + side * across[0] * BLOCK_NEAR, y + side * across[1] * BLOCK_NEAR) for x, y in (start, end)]
            far = [(x + side * across[0] * BLOCK_FAR, y + side * across[1] * BLOCK_FAR) for x, y in (end, start)]
            ring = [_point(point) for point in (*near, *far, near[0])]
            features.append({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}})
    river = [(15.1080, 46.3566), (15.1110, 46.3563), (15.1140, 46.3568), (15.1170, 46.3564),
             (15.1170, 46.3560), (15.1140, 46.3564), (15.1110, 46.3559), (15.1080, 46.3562), (15.1080, 46.3566)]
    features.append({"type": "Feature", "properties": {"name": "River Bend"},
                     "geometry": {"type": "Polygon", "coordinates": [[_point(point) for point in river]]}})
    return {"type": "FeatureCollection", "features": features}


def _point(point):
    return [round(point[0], 7), round(point[1], 7)]


def _base_plan(committee, by):
    plan = read_plan(json.dumps(base_plan()))
    stored = BasePlan.objects.filter(committee=committee).first()
    if stored is None or stored.geojson != plan.geojson() or stored.credit != PLAN_CREDIT:
        stored = services.base_plan_save(committee=committee, plan=plan, credit=PLAN_CREDIT, by=by)
    return stored


def load(users):
    today = timezone.localdate(started_at(users))
    by = users.get("manager") or users.get("admin")
    committee = Committee.objects.filter(slug=MARKETING).first()
    if committee is None:
        return {}
    _base_plan(committee, by)
    units = plan(today)
    stored = {_key(unit): unit for unit in Unit.objects.filter(committee=committee).prefetch_related("statuses")}
    saved = [_unit(unit, stored.get((unit.street, unit.number, "", unit.floor)), committee, by) for unit in units]
    _businesses(units, saved, committee, by, today)
    _contacts(saved, by)
    return {"units": saved}


def _key(unit):
    return (unit.street, unit.number, unit.unit_name, unit.floor)


def _unit(demo_unit, unit, committee, by):
    fields = {
        "use_class": demo_unit.use_class, "floor_area": demo_unit.floor_area, "longitude": demo_unit.longitude,
        "latitude": demo_unit.latitude, "publish_address": demo_unit.publish_address,
    }
    if unit is None:
        unit = services.unit_create(by=by, committee=committee, street=demo_unit.street, number=demo_unit.number,
                                    floor=demo_unit.floor, **fields)
        recorded = {}
    else:
        if changes := {name: value for name, value in fields.items() if getattr(unit, name) != value}:
            unit = services.unit_update(unit=unit, by=by, expected_version=unit.version, **changes)
        recorded = {row.since: row for row in unit.statuses.all()}
    for since, status in demo_unit.statuses:
        row = recorded.get(since)
        if row is None:
            services.status_record(unit=unit, status=status, since=since, by=by)
        elif row.status != status:
            services.status_correct(unit_status=row, by=by, expected_version=row.version, status=status)
    return unit


def _spells(demo_unit):
    """(since, until) of each time the unit was occupied (until: the last day, None while it lasts)."""
    spells = []
    for index, (since, status) in enumerate(demo_unit.statuses):
        if status == Status.OCCUPIED:
            following = demo_unit.statuses[index + 1:]
            until = following[0][0] - datetime.timedelta(days=1) if following else None
            spells.append((since, until))
    return spells


def _businesses(units, saved, committee, by, today):
    """A business for each occupied spell of a ground-floor shop, café or service unit that lasts
    into the last two years (the window the register's history covers)."""
    rng = random.Random(80)
    window_start = _month_start(today, MONTHS)
    names, used = list(NAMES), set()
    stored = {business.name: business for business in Business.objects.filter(committee=committee)}
    occupancies = set(Occupancy.objects.filter(unit__committee=committee).values_list("business__name", "unit_id", "since"))
    for demo_unit, unit in zip(units, saved):
        if demo_unit.floor != Floor.GROUND or demo_unit.use_class not in CATEGORIES:
            continue
        for since, until in _spells(demo_unit):
            if until is not None and until < window_start:
                continue
            category = rng.choice(CATEGORIES[demo_unit.use_class])
            name = _name(rng, category, names, used)
            business = stored.get(name) or services.business_create(by=by, committee=committee, name=name, category=category)
            stored[name] = business
            if (name, unit.pk, since) not in occupancies:
                services.occupancy_start(business=business, unit=unit, since=since, until=until, by=by)


def _name(rng, category, names, used):
    for _attempt in range(50):
        name = rng.choice(NAME_PATTERNS[category]).format(rng.choice(names))
        if name not in used:
            used.add(name)
            return name
    name = f"{rng.choice(NAME_PATTERNS[category]).format(rng.choice(names))} {len(used)}"
    used.add(name)
    return name


# Invented owners and agents (example.org addresses), so that the keepers' contact pages have something to show.
DEMO_CONTACTS = [
    {"role": "owner", "full_name": "Marta Brennan", "email": "marta.brennan@example.org", "phone": "+44 1632 960 101"},
    {"role": "letting_agent", "full_name": "Riverbend Lettings", "email": "office@riverbend-lettings.example.org",
     "phone": "+44 1632 960 202"},
]


def _contacts(saved, by):
    """The first two units' owner (one person for both) and the first one's letting agent, once."""
    from premises.contacts import contact_add

    first, second = saved[0], saved[1]
    if first.contacts.exists():
        return
    owner = contact_add(unit=first, by=by, **DEMO_CONTACTS[0])
    contact_add(unit=second, by=by, role="owner", person=owner.person)
    contact_add(unit=first, by=by, **DEMO_CONTACTS[1])
