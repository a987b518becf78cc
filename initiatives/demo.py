"""The demo town's revitalisation programme: initiatives with money, milestones, updates and
status history, and town-centre indicators with two years of monthly measurements and targets.
Written through initiatives.services, as the pages write. Idempotent: everything is found by natural
keys and written only when it differs, and dates count from the day the demo was first loaded."""
import datetime
import math
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_noop

from committees.models import Committee, Organisation
from initiatives.demo_translations import TRANSLATIONS
from initiatives.models import Initiative, Period, RollUp, Theme
from initiatives.units import StandardUnit
from initiatives.vacancy_indicator import vacancy_indicator_refresh
from initiatives.services import (
    funding_lines_update,
    indicator_set,
    initiative_create,
    initiative_place,
    initiative_set_status,
    initiative_translate,
    initiative_update,
    measurement_update,
    measurements_record,
    milestones_update,
    progress_update_post,
    targets_update,
)
from core.demo import started_at
from premises.models import Floor, Status, Unit, latest_status
from premises.vacancy import EMPTY
from core.translated import catalog_translations

MARKETING, NATIONAL = "city-marketing-committee", "national-town-centre-committee"

# slug, name, unit (initiatives.units), higher is better, decimals, how measured, (start value, yearly change,
# seasonal swing; None: computed from the register, initiatives/vacancy_indicator.py)
INDICATORS = [
    ("footfall", gettext_noop("Footfall on Main Street"), StandardUnit.PEOPLE, True, 0,
     "Passers-by counted by the automatic counter at Main Street 12, per month: the counter's daily counts add up "
     "to the month.", (94000, 7900, 12800)),
    ("vacancy-rate", gettext_noop("Vacancy rate of ground-floor premises"), StandardUnit.PERCENT, False, 1,
     "Share of ground-floor commercial premises in the centre standing empty at the end of each month, computed from "
     "the premises register.", None),  # the story it tells is premises/demo.py's
    ("pm25", gettext_noop("PM2.5 at the Main Square sensor"), StandardUnit.MICROGRAMS_PER_CUBIC_METRE, False, 1,
     "Monthly mean of fine particulate matter from the smart-districts air sensor on the Main Square.", (21.0, -1.6, 6.5)),
    ("vacant-units", gettext_noop("Vacant ground-floor units"), StandardUnit.PREMISES, False, 0,
     "Number of empty ground-floor premises in the register at the end of the month.", (41, -4, 1)),
    ("businesses-open", gettext_noop("Businesses open in the centre"), StandardUnit.BUSINESSES, True, 0,
     "Shops, cafés and services trading in the centre at the end of the month.", (176, 7, 2)),
    ("events-held", gettext_noop("Events held in the centre"), StandardUnit.EVENTS_A_MONTH, True, 0,
     "Public events in the centre listed in the joint events calendar.", (4, 2, 3)),
    ("resident-satisfaction", gettext_noop("Residents satisfied with the centre"), StandardUnit.PERCENT, True, 0,
     "Share of residents answering 4 or 5 to “How satisfied are you with the town centre?” in the quarterly panel.", (46, 5, 2)),
]

# slug, title, theme, status, committee, area, start/end offsets (days), public, summary, description, partners
INITIATIVES = [
    ("pop-up-shops", "Pop-up shops in vacant premises", "vacant-premises", "in_progress", MARKETING, "Old Town",
     -240, 300, True,
     "Owners of empty shops lend them for three-month pop-ups by local makers, artists and start-ups.",
     "The committee keeps a register of vacant ground-floor premises, agrees with owners on a reduced rent "
     "for trial periods and matches them with local makers, artists and young entrepreneurs. Each pop-up runs "
     "for three months; the best go on to a regular lease with rent support.",
     ["Old Town Traders' Association", "Chamber of Crafts and Small Business"]),
    ("rent-support", "Rent support for new shops", "economic-revival-and-financing", "planned", MARKETING,
     "Old Town", 30, 760, True,
     "A grant covering up to half of the rent in the first year for new shops that open in empty premises.",
     "The municipality co-finances the rent of new businesses opening in premises that stood empty for at "
     "least six months. The call will be published twice a year.",
     ["Municipality of Riverbend", "Public Agency for Entrepreneurship and Investment"]),
    ("joint-promotional-events", "Joint promotional events of the centre", "marketing-and-events", "in_progress",
     MARKETING, "Main Street", -330, 400, True,
     "Late-night shopping, a summer street festival and an advent market, organised with traders and caterers.",
     "Shops, cafés and cultural venues promote the centre as one destination: a shared calendar, late-night "
     "shopping every first Friday, a summer street festival and an advent market on the Main Square.",
     ["Old Town Traders' Association", "Riverside Café", "Chamber of Commerce – Trade Section"]),
    ("main-square-renovation", "Renovation of the Main Square", "public-space-and-renovation", "in_progress",
     MARKETING, "Main Square", -420, 330, True,
     "New paving, trees, seating and a fountain on the Main Square, co-financed from an EU fund.",
     "The square becomes a pedestrian space with shade trees, seating, a drinking fountain and room for markets "
     "and events. Works are co-financed by the EU regional development fund and the national programme for "
     "town centres.",
     ["Municipality of Riverbend", "Ministry of Economic Development"]),
    ("entrepreneurship-incentives", "Incentives for entrepreneurs in the centre", "entrepreneurship-and-retail",
     "planned", MARKETING, "", 60, 700, True,
     "Mentoring, a start-up desk and reduced fees for businesses that open in the centre.",
     "With the chambers and the public agency the committee offers mentoring, a one-stop start-up desk in the "
     "town hall and a reduction of municipal fees for the first two years.",
     ["Chamber of Crafts and Small Business", "Public Agency for Entrepreneurship and Investment"]),
    ("riverside-recreation-space", "Riverside recreation space designed with residents", "participation-and-ngos",
     "in_progress", MARKETING, "Riverside", -200, 250, True,
     "A play and rest area by the river, designed in workshops with the neighbourhood after a public-space audit.",
     "Part of the smart-districts project: a needs analysis and an audit of public spaces led to three design "
     "workshops with residents, children and the local NGO. The chosen design is being built in two phases.",
     ["Living Streets Riverbend"]),
    ("housing-above-shops", "Homes above the shops", "housing", "idea", MARKETING, "Old Town", None, None, False,
     "Bringing empty upper floors back into use as rented flats for young families.",
     "Many upper floors in the Old Town have stood empty for years. The idea is a municipal guarantee scheme "
     "that lets owners renovate and rent them out at a capped rent. Still being discussed with owners.",
     []),
    ("shop-window-competition", "Shop-window competition", "marketing-and-events", "completed", MARKETING,
     "Main Street", -380, -200, True,
     "Residents voted for the best-dressed shop window of the season.",
     "Thirty-two shops took part; residents cast over 1,400 votes and the winners were announced at the advent market.",
     ["Old Town Traders' Association"]),
    ("town-centre-managers-training", "Training programme for town-centre managers", "economic-revival-and-financing",
     "in_progress", NATIONAL, "", -150, 400, True,
     "Six modules for town-centre managers of member municipalities, with the handbook of measures.",
     "The national committee runs six training modules: financing, vacant premises, events, participation, "
     "data and indicators, and working with owners.",
     ["Public Agency for Entrepreneurship and Investment", "Ministry of Economic Development"]),
]

# initiative slug -> [(source, planned, spent)]
FUNDING = {
    "pop-up-shops": [("municipal", "45000.00", "21400.00"), ("national", "30000.00", "12600.00")],
    "rent-support": [("municipal", "120000.00", "0.00"), ("national", "60000.00", "0.00")],
    "joint-promotional-events": [("municipal", "38000.00", "29500.00"), ("private", "22000.00", "18250.00")],
    "main-square-renovation": [("eu", "850000.00", "312000.00"), ("national", "100000.00", "40000.00"),
                               ("municipal", "150000.00", "96500.00")],
    "entrepreneurship-incentives": [("municipal", "40000.00", "0.00"), ("national", "25000.00", "0.00")],
    "riverside-recreation-space": [("municipal", "65000.00", "24800.00"), ("eu", "90000.00", "31000.00"),
                                   ("other", "5000.00", "5000.00")],
    "shop-window-competition": [("municipal", "3000.00", "2870.00"), ("private", "1500.00", "1500.00")],
    "town-centre-managers-training": [("national", "48000.00", "17500.00")],
}

# initiative slug -> [(title, due offset, done offset or None)]
MILESTONES = {
    "pop-up-shops": [("Register of vacant premises complete", -200, -205), ("Agreements with five owners", -120, -110),
                     ("First three pop-up shops open", -20, None), ("Evaluation and lease offers", 200, None)],
    "rent-support": [("Council adopts the grant rules", 45, None), ("First call published", 90, None)],
    "joint-promotional-events": [("Shared events calendar online", -280, -285), ("Summer street festival", -150, -150),
                                 ("Advent market", 20, None), ("Late-night shopping every first Friday", -60, -55)],
    "main-square-renovation": [("Building permit", -330, -335), ("Contractor selected", -250, -240),
                               ("Underground utilities renewed", -40, None), ("Paving and trees", 150, None),
                               ("Opening of the square", 320, None)],
    "entrepreneurship-incentives": [("Start-up desk opens", 90, None)],
    "riverside-recreation-space": [("Needs analysis and public-space audit", -180, -185),
                                   ("Three design workshops with residents", -110, -100),
                                   ("Phase one built", 60, None)],
    "shop-window-competition": [("Entries close", -260, -262), ("Public vote", -215, -214)],
    "town-centre-managers-training": [("Modules 1–2", -90, -92), ("Modules 3–4", 60, None)],
}

# initiative slug -> [(from, to, days ago)]
STATUS_HISTORY = {
    "pop-up-shops": [("", "idea", 400), ("idea", "planned", 300), ("planned", "in_progress", 240)],
    "rent-support": [("", "idea", 200), ("idea", "planned", 60)],
    "joint-promotional-events": [("", "planned", 360), ("planned", "in_progress", 330)],
    "main-square-renovation": [("", "planned", 600), ("planned", "in_progress", 420)],
    "entrepreneurship-incentives": [("", "planned", 100)],
    "riverside-recreation-space": [("", "idea", 320), ("idea", "planned", 260), ("planned", "in_progress", 200)],
    "housing-above-shops": [("", "idea", 90)],
    "shop-window-competition": [("", "planned", 400), ("planned", "in_progress", 380),
                                ("in_progress", "completed", 200)],
    "town-centre-managers-training": [("", "planned", 200), ("planned", "in_progress", 150)],
}

# initiative slug -> [(days ago, text)]
UPDATES = {
    "pop-up-shops": [
        (190, "The register is complete: 41 empty ground-floor premises, 23 of them in the Old Town."),
        (100, "Five owners signed trial agreements. Applications from makers and start-ups are open until the end of the month."),
        (15, "Two pop-ups are open (a ceramics studio and a bike repair shop); the third is delayed by electrical works."),
    ],
    "joint-promotional-events": [
        (150, "The summer street festival brought an estimated 9,000 visitors; 38 traders took part."),
        (40, "Late-night shopping now runs every first Friday, with 27 shops staying open until 21:00."),
    ],
    "main-square-renovation": [
        (240, "The contractor is selected; works start with the renewal of water and electricity lines."),
        (60, "Utility works take longer than planned because of old cellars found under the square."),
    ],
    "riverside-recreation-space": [
        (150, "The audit of public spaces found the riverside path the most used and least comfortable place."),
        (95, "Over 120 residents and 60 children took part in the design workshops; the design with shade and water play won."),
    ],
    "shop-window-competition": [(205, "The winners were announced at the advent market: first prize to the Old Town bakery.")],
    "town-centre-managers-training": [(85, "Modules 1 and 2 are done; 24 managers from 11 municipalities took part.")],
}

# initiative slug, indicator slug, baseline offset (days), target value, target offset (days)
TARGETS = [
    ("pop-up-shops", "vacancy-rate", -240, "12.0", 500),
    ("pop-up-shops", "vacant-units", -240, "28", 500),
    ("rent-support", "businesses-open", -60, "200", 760),
    ("joint-promotional-events", "footfall", -330, "126000", 400),
    ("joint-promotional-events", "events-held", -330, "10", 400),
    ("main-square-renovation", "pm25", -420, "12.0", 330),
    ("main-square-renovation", "resident-satisfaction", -420, "70", 330),
    ("riverside-recreation-space", "resident-satisfaction", -200, "60", 250),
]

MONTHS = 24

# How each indicator is reported and how finer data adds up (initiatives.models.rollup): footfall is a
# count (the days add up), PM2.5 a level (the mean), the rest states at the end of the month (the last value).
ROLL_UPS = {"footfall": RollUp.SUM, "pm25": RollUp.MEAN, "events-held": RollUp.SUM}
# The counter's daily counts of the month so far, after the monthly totals: a partial month, shown as
# such and not compared; and a month the counter was out of order, excluded with its reason.
DAILY_FOOTFALL = (2900, 3350)
EXCLUDED_MONTH = (14, "Counter out of order during the Main Street roadworks")


def load(users):
    today = timezone.localdate(started_at(users))
    # Each committee's manager keeps (and is the demo's author of) its initiatives.
    keepers = {MARKETING: users.get("manager"), NATIONAL: users.get("national-manager") or users.get("manager")}
    indicators = {row[0]: _indicator(row) for row in INDICATORS}
    for slug, *_rest in INDICATORS:
        if indicators[slug].is_fed_from_register:  # computed from the demo register (premises/demo.py)
            vacancy_indicator_refresh(by=keepers[MARKETING], today=today)  # the demo's day, as its register is dated
        else:
            _measurements(indicators[slug], today, keepers[MARKETING])
    committees = {c.slug: c for c in Committee.objects.filter(slug__in=[MARKETING, NATIONAL])}
    themes = {slug: _theme(slug) for slug in {row[2] for row in INITIATIVES}}
    initiatives, kept_by = {}, {}
    for row in INITIATIVES:
        slug, keeper = row[0], keepers[row[4]]
        initiative = _initiative(row, today, committees, themes, keeper)
        initiatives[slug], kept_by[slug] = _translated(_children(initiative, today, keeper), keeper), keeper
    for slug, initiative in initiatives.items():
        initiatives[slug] = _targets(initiative, indicators, today, kept_by[slug])
    for slug, initiative in initiatives.items():
        initiatives[slug] = _placed(initiative, kept_by[slug])
    return initiatives


def _theme(slug):
    """The themes are seeded by a migration; a flushed test database may have lost them."""
    return Theme.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ").capitalize()})[0]


def _indicator(row):
    slug, name, unit, higher_is_better, decimals, description, _series = row
    return indicator_set(
        slug=slug, name=name, standard_unit=unit, unit="", higher_is_better=higher_is_better, decimal_places=decimals,
        description=description, original_language="en", translations=catalog_translations({"name": name}),
        reporting_period=Period.MONTH, roll_up=ROLL_UPS.get(slug, RollUp.LAST),
    )


def _month_start(today, months_back):
    month_index = today.year * 12 + today.month - 1 - months_back
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def _measurements(indicator, today, manager):
    start, yearly, swing = next(row[6] for row in INDICATORS if row[0] == indicator.slug)
    quantum = Decimal(1).scaleb(-indicator.decimal_places)
    rows = []
    for months_back in range(MONTHS, 0, -1):
        month = _month_start(today, months_back)
        elapsed = (MONTHS - months_back) / 12
        # A steady yearly change, a seasonal swing (peaks in summer for footfall, winter for PM2.5).
        season = math.cos((month.month - 7) / 12 * 2 * math.pi)
        if indicator.slug == "pm25":
            season = -season
        value = Decimal(str(start + yearly * elapsed + swing * season)).quantize(quantum)
        rows.append((month, max(value, Decimal(0))))
    source = "Riverbend town-centre office"
    stored = {
        (row.measured_on, row.value) for row in indicator.measurements.filter(source=source, period="month")
    }
    missing = [row for row in rows if row not in stored]
    if missing:
        measurements_record(indicator=indicator, rows=missing, source=source, period="month", by=manager)
    if indicator.slug == "footfall":
        _footfall_days_and_gap(indicator, today, source, manager)


def _footfall_days_and_gap(indicator, today, source, manager):
    low, high = DAILY_FOOTFALL
    days = [today.replace(day=day) for day in range(1, today.day)]
    measurements_record(indicator=indicator, source="Main Street 12 counter, daily export", period="day", by=manager,
                        rows=[(day, Decimal(low + (high - low) * (day.weekday() >= 5))) for day in days])
    months_back, reason = EXCLUDED_MONTH
    gap = indicator.measurements.get(measured_on=_month_start(today, months_back), source=source)
    if not gap.is_excluded:
        measurement_update(measurement=gap, by=manager, expected_version=gap.version, is_excluded=True, excluded_reason=reason)


def _initiative(row, today, committees, themes, manager):
    """The initiative as the demo has it, and its status history played through from its first
    status (each step only once)."""
    slug, title, theme, status, committee, area, start, end, public, summary, description, partners = row
    fields = {
        "title": title, "theme": themes[theme], "lead_committee": committees[committee],
        "responsible_manager": manager, "area": area,
        "start_on": _day(today, start), "end_on": _day(today, end), "is_public": public, "summary": summary,
        "description": description, "is_featured": slug in ("main-square-renovation", "pop-up-shops"),
        "partners": list(Organisation.objects.filter(name__in=partners)),
    }
    (_from, first_status, first_ago), *later = STATUS_HISTORY[slug]
    initiative = Initiative.objects.filter(slug=slug).first()
    if initiative is None:
        initiative = initiative_create(
            by=manager, slug=slug, status=first_status, added_on=_day(today, -first_ago), **fields
        )
    elif changes := _changes(initiative, fields):
        initiative = initiative_update(initiative=initiative, by=manager, expected_version=initiative.version, **changes)
    recorded = set(initiative.status_changes.values_list("to_status", flat=True))
    for _from, to_status, ago in later:
        if to_status not in recorded:
            initiative = initiative_set_status(initiative=initiative, status=to_status, by=manager, on=_day(today, -ago))
    if initiative.status != status:
        initiative = initiative_set_status(initiative=initiative, status=status, by=manager)
    return initiative


def _changes(initiative, fields):
    """The fields whose stored value differs from the demo's (partners compared as a set)."""
    changes = {name: value for name, value in fields.items() if name != "partners" and getattr(initiative, name) != value}
    if set(initiative.partners.all()) != set(fields["partners"]):
        changes["partners"] = fields["partners"]
    return changes


def _day(today, offset):
    return today + datetime.timedelta(days=offset) if offset is not None else None


def _children(initiative, today, manager):
    """Budget lines, milestones and progress updates: through the services, which write only what
    differs from what is stored. Returns the initiative as stored now."""
    lines = {line.source: line.pk for line in initiative.funding_lines.all()}
    initiative = funding_lines_update(initiative=initiative, by=manager, expected_version=initiative.version, lines=[
        {"id": lines.get(source), "source": source, "planned": Decimal(planned), "spent": Decimal(spent)}
        for source, planned, spent in FUNDING.get(initiative.slug, [])
    ])
    milestones = {milestone.title: milestone.pk for milestone in initiative.milestones.all()}
    initiative = milestones_update(initiative=initiative, by=manager, expected_version=initiative.version, milestones=[
        {"id": milestones.get(title), "title": title, "due_on": _day(today, due), "done_on": _day(today, done)}
        for title, due, done in MILESTONES.get(initiative.slug, [])
    ])
    posted = set(initiative.updates.values_list("text", flat=True))
    for ago, text in UPDATES.get(initiative.slug, []):
        if text not in posted:
            progress_update_post(initiative=initiative, author=manager, text=text, date=_day(today, -ago))
    return initiative


def _translated(initiative, manager):
    """The featured initiatives in every language (demo_translations), through the service; a language
    already stored as the demo has it is not written again. Returns the initiative as stored now."""
    milestones, updates = list(initiative.milestones.all()), list(initiative.updates.all())
    for language, texts in TRANSLATIONS.get(initiative.slug, {}).items():
        own = {name: texts[name] for name in initiative.translated_fields}
        by_milestone = {row.pk: {"title": texts["milestones"][row.title]} for row in milestones}
        by_update = {row.pk: {"text": texts["updates"][row.text]} for row in updates}
        stored = [row.translations.get(language) for row in (initiative, *milestones, *updates)]
        if stored != [own, *by_milestone.values(), *by_update.values()]:
            initiative = initiative_translate(
                initiative=initiative, by=manager, expected_version=initiative.version, language=language,
                texts=own, milestones=by_milestone, updates=by_update,
            )
    return initiative


def _targets(initiative, indicators, today, manager):
    stored = {target.indicator_id: target.pk for target in initiative.targets.all()}
    rows = []
    for slug, indicator_slug, baseline_offset, target_value, target_offset in TARGETS:
        if slug != initiative.slug:
            continue
        indicator, baseline_on = indicators[indicator_slug], _day(today, baseline_offset)
        baseline = indicator.measurements.filter(measured_on__lte=baseline_on).order_by("-measured_on").first()
        if baseline is None:  # computed from a register the demo did not load (premises.demo)
            continue
        rows.append({
            "id": stored.get(indicator.pk), "indicator": indicator, "baseline": baseline.value,
            "baseline_on": baseline_on, "target_value": Decimal(target_value),
            "target_on": _day(today, target_offset),
        })
    return targets_update(initiative=initiative, by=manager, expected_version=initiative.version, targets=rows)


# Where the demo's initiatives are on Riverbend's plan (premises/demo.py): the pop-up shops stand at
# the first shop they filled (the register says which); these have a place of their own.
PLACES = {
    "main-square-renovation": (Decimal("15.1117"), Decimal("46.3591")),
    "riverside-recreation-space": (Decimal("15.1125"), Decimal("46.3567")),
    "joint-promotional-events": (Decimal("15.1160"), Decimal("46.3599")),
}
POP_UPS_OPENED, POP_UPS_DELAYED = 2, 1


def pop_up_units(initiative):
    """The units the pop-up programme fills, read from the demo register as the programme's updates
    tell it: two shops empty when it began and let since (the two pop-ups open) and one empty then
    and not let yet (the third, delayed by electrical works: being refurbished or under offer if one is), in street order; published addresses
    only, as the programme's public page shows them."""
    start = initiative.start_on
    units = list(
        Unit.objects.filter(committee=initiative.lead_committee, floor=Floor.GROUND, publish_address=True,
                            longitude__isnull=False)
        .with_status_on().annotate(status_at_start=latest_status(start)).filter(status_at_start__in=EMPTY)
        .in_street_order()
    )
    opened = [unit for unit in units if unit.status_now == Status.OCCUPIED and unit.status_since > start]
    delayed = ([unit for unit in units if unit.status_now in (Status.REFURBISHMENT, Status.UNDER_OFFER)]
               or [unit for unit in units if unit.status_now in EMPTY])
    return opened[:POP_UPS_OPENED] + delayed[:POP_UPS_DELAYED]


def _placed(initiative, manager):
    """The initiative's units and place as the demo has them (written only where they differ)."""
    if initiative.slug == "pop-up-shops":
        units = pop_up_units(initiative)
        place = (units[0].longitude, units[0].latitude) if units else (None, None)
    elif initiative.slug in PLACES:
        units, place = list(initiative.units.all()), PLACES[initiative.slug]
    else:
        return initiative
    if set(initiative.units.all()) == set(units) and (initiative.longitude, initiative.latitude) == place:
        return initiative
    return initiative_place(initiative=initiative, by=manager, expected_version=initiative.version, units=units,
                            longitude=place[0], latitude=place[1])
