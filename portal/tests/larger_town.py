"""A larger town than the demo: 30 initiatives, 5 committees, 3 surveys, five indicators measured
monthly for two years. The mayor's summary of it must still print on one A4 page.

The figures are known in advance: 26 initiatives under way (planned, in progress or on hold); 8 of
them with an overdue milestone and 2 more past their end date (10 late), 6 over budget, 7 with a target
off track (footfall is falling), none in two of these lists, so 3 with no exception ("3 more on track");
7 replies to recommendations overdue; 3 surveys in the last 12 months, one still running. Its premises
register: 118 ground-floor units on Riverbend's demo plan, 30 of them empty now against 40 a year ago.
"""
import datetime
import json
from decimal import Decimal

from committees.models import Meeting, Recommendation
from committees.tests.factories import (
    AddresseeFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    RecommendationFactory,
)
from initiatives.models import FundingLine, Initiative, Measurement
from initiatives.tests.factories import (
    FundingLineFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    MilestoneFactory,
    TargetFactory,
    ThemeFactory,
)
from portal.tests.conftest import days, make_survey
from premises import demo as premises_demo
from premises import services as premises_services
from premises.plan import read_plan

COMMITTEES = (
    ("Town Marketing Board", "town-marketing"),
    ("Vacant Premises Working Group", "vacant-premises-group"),
    ("Old Town Residents' Council", "old-town-council"),
    ("Mobility and Parking Committee", "mobility-parking"),
    ("Culture and Events Board", "culture-events"),
)
THEMES = ("vacant-premises", "marketing-and-events", "public-space", "mobility", "housing")
TITLES = (
    "Pop-up shops in empty ground floors", "Renovation of the Main Square", "Saturday farmers' market",
    "Shop-front improvement grants", "Wayfinding signs for visitors", "Night-time economy plan",
    "Homes above the shops", "Cycle parking on every street", "Green courtyards programme",
    "Town-centre loyalty card", "Summer festival on the river bank", "Free Wi-Fi in the old town",
    "Façade lighting of historic buildings", "Co-working space in the old post office",
    "Delivery hours for shops", "Children's play trail", "Public toilets near the market",
    "Digital skills for shopkeepers", "Street trees and shade", "Christmas market",
    "Rent guarantee for start-ups", "Accessible pavements", "Weekly craft fair", "Parking guidance system",
    "Student housing in vacant offices", "Open-air cinema", "Bus shuttle from the park-and-ride",
    "Heritage walking tours", "Benches and drinking fountains", "Business incubator in the old cinema",
)
LATE_BY_MILESTONE = (0, 3, 6, 9, 12, 15, 18, 21)
LATE_BY_END_DATE = (1, 22)
OVER_BUDGET = (2, 5, 8, 11, 14, 17)
OFF_TRACK = (4, 7, 10, 13, 16, 19, 20)
ON_TRACK_TARGETS = (23, 24)


def _status(n):
    if n < 22:
        return Initiative.Status.IN_PROGRESS
    return {22: "planned", 23: "planned", 24: "on_hold", 25: "completed", 26: "completed", 27: "idea", 28: "cancelled"}.get(
        n, Initiative.Status.IN_PROGRESS
    )


def _indicators():
    """Five indicators, one monthly value each for two years; footfall falls, so targets on it are off track."""
    specs = (
        ("Footfall in the old town", "people_a_day", True, 1200, -10),
        ("Vacancy rate of ground floors", "percent", False, 18, Decimal("-0.2")),
        ("PM2.5 on the Main Square", "micrograms_per_cubic_metre", False, 22, Decimal("-0.1")),
        ("Visitors to events", "people", True, 3000, 25),
        ("Occupancy of the car parks", "percent", True, 60, Decimal("0.3")),
    )
    indicators = []
    for name, unit, higher_is_better, start, step in specs:
        indicator = IndicatorFactory(name=name, standard_unit=unit, higher_is_better=higher_is_better)
        this_month = days(0).replace(day=1)
        for back in range(24):
            year, month_index = divmod(this_month.year * 12 + this_month.month - 1 - back, 12)
            month = datetime.date(year, month_index + 1, 1)
            MeasurementFactory(
                indicator=indicator, measured_on=month, period=Measurement.Period.MONTH,
                value=Decimal(start) + Decimal(step) * (24 - back),
            )
        indicators.append(indicator)
    return indicators


def _initiative(n, committees, themes, footfall):
    ended = n in LATE_BY_END_DATE
    initiative = InitiativeFactory(
        title=TITLES[n], slug=f"larger-{n}", lead_committee=committees[n % len(committees)],
        theme=themes[n % len(themes)], status=_status(n),
        start_on=days(-400), end_on=days(-15) if ended else days(200 + n),
    )
    MilestoneFactory(initiative=initiative, title="Agree the plan with the owners", due_on=days(-90), done_on=days(-95))
    MilestoneFactory(initiative=initiative, title="Open to the public", due_on=days(90))
    if n in LATE_BY_MILESTONE:
        MilestoneFactory(initiative=initiative, title="Sign the contracts", due_on=days(-20 - n))
    spent = Decimal("14500") if n in OVER_BUDGET else Decimal("4000")
    FundingLineFactory(initiative=initiative, source=FundingLine.Source.MUNICIPAL, planned=Decimal("6000"), spent=spent)
    FundingLineFactory(initiative=initiative, source=FundingLine.Source.EU, planned=Decimal("6000"), spent=Decimal("0"))
    if n in OFF_TRACK:  # footfall is falling: a target to raise it is off track
        TargetFactory(initiative=initiative, indicator=footfall, baseline=Decimal("1000"), baseline_on=days(-300),
                      target_value=Decimal("1500"), target_on=days(200))
    if n in ON_TRACK_TARGETS:
        TargetFactory(initiative=initiative, indicator=footfall, baseline=Decimal("900"), baseline_on=days(-300),
                      target_value=Decimal("950"), target_on=days(200))
    return initiative


def _committee_work(committees):
    for n, committee in enumerate(committees):
        MeetingFactory(committee=committee, starts_at=days_ago_at(40 + n), status=Meeting.Status.HELD)
        MeetingFactory(committee=committee, starts_at=days_ago_at(120 + n), status=Meeting.Status.HELD)
        MembershipFactory(committee=committee, term_end=days(20 + n))
        for k in range(3):
            overdue = n * 3 + k < 7
            recommendation = RecommendationFactory(
                committee=committee, title=f"Recommendation {k + 1} of the {committee.name}",
                status=Recommendation.Status.SENT, adopted_on=days(-100 - k), sent_on=days(-90 - k),
                response_due_on=days(-10 - n - k) if overdue else days(30 + k),
            )
            # Sent to one municipality each, so that each overdue recommendation is one overdue reply.
            AddresseeFactory(recommendation=recommendation, organisation__name=f"Municipality {n * 3 + k + 1}")


def days_ago_at(n):
    return datetime.datetime.combine(days(-n), datetime.time(17, 0), tzinfo=datetime.UTC)


def _surveys(committees):
    """A running survey, one that closed in the period, and a small one (fewer residents than the minimum)."""
    make_survey(committees[0], "What should the centre offer", opens=-10, closes=12,
                responses=["Events"] * 9 + ["Shops"] * 5 + ["Parking"] * 3)
    make_survey(committees[2], "Living in the old town", opens=-120, closes=-60,
                responses=["Parking"] * 21 + ["Shops"] * 12 + ["Events"] * 7)
    make_survey(committees[3], "Parking habits of shop staff", opens=-30, closes=-3, responses=["Parking", "Shops"])


def make_larger_town():
    """The larger town (see the module's docstring); returns its committees."""
    committees = [CommitteeFactory(name=name, slug=slug) for name, slug in COMMITTEES]
    themes = [ThemeFactory(slug=slug) for slug in THEMES]
    footfall = _indicators()[0]
    for n in range(len(TITLES)):
        _initiative(n, committees, themes, footfall)
    _committee_work(committees)
    _surveys(committees)
    _premises(committees[1])
    return committees


def _premises(committee):
    """118 ground-floor units along the demo plan's streets: 40 empty since two years ago, 10 of them let
    again half a year ago; the rest occupied."""
    keeper = None
    premises_services.base_plan_save(committee=committee, plan=read_plan(json.dumps(premises_demo.base_plan())),
                                     credit="Invented plan of Riverbend (demo)", by=keeper)
    n = 0
    for street, ground, _upper, _basement, (longitude, latitude), (step_lon, step_lat) in premises_demo.STREETS:
        for number in range(1, ground + 1):
            unit = premises_services.unit_create(
                by=keeper, committee=committee, street=street, number=str(number), use_class="services",
                longitude=Decimal(str(round(longitude + step_lon * number, 7))),
                latitude=Decimal(str(round(latitude + step_lat * number, 7))),
                status="vacant_marketed" if n % 3 == 0 else "occupied", status_since=days(-730))
            if n % 12 == 0:
                premises_services.status_record(unit=unit, status="occupied", since=days(-180), by=keeper)
            n += 1
