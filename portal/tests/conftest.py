"""A hand-built town for the summary, home, search and my-work tests, with figures known in advance."""
import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from committees.models import Meeting, Recommendation
from committees.tests.factories import (
    AddresseeFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    RecommendationFactory,
)
from initiatives.models import FundingLine, Initiative
from initiatives.tests.factories import (
    FundingLineFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    MilestoneFactory,
    TargetFactory,
    ThemeFactory,
)
from core.roles import MANAGERS, MAYORS, SECRETARIES
from surveys.models import Answer, Choice, Question, Response, Section, Survey


@pytest.fixture
def demo_town(settings):
    """The demo town `make run` loads (the command refuses unless DEBUG); the pages then run with DEBUG off."""
    settings.DEBUG = True
    call_command("demo_data", verbosity=0)
    settings.DEBUG = False


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def same_month_a_year_before(day):
    return day.replace(year=day.year - 1, day=1)


def moment(n_days):
    return timezone.now() + datetime.timedelta(days=n_days)


def make_survey(committee, title, *, opens, closes, published=True, responses=(), **fields):
    """A survey with one single-choice question; `responses` lists the chosen option of each response."""
    survey = Survey.objects.create(
        committee=committee,
        title=title,
        slug=title.lower().replace(" ", "-"),
        introduction=f"Tell us about {title.lower()}.",
        opens_at=moment(opens),
        closes_at=moment(closes),
        is_published=published,
        **fields,
    )
    section = Section.objects.create(survey=survey, title="About the centre")
    question = Question.objects.create(
        survey=survey, section=section, text="What is missing in the centre?", kind=Question.Kind.SINGLE
    )
    choices = {text: Choice.objects.create(question=question, text=text, order=i) for i, text in enumerate(
        ["Parking", "Events", "Shops"]
    )}
    for chosen in responses:
        response = Response.objects.create(survey=survey, submitted_at=moment(closes - 1) if closes < 0 else timezone.now())
        Answer.objects.create(response=response, question=question, choice=choices[chosen])
    return survey


def make_programme(committee, number, *, prefix="Extra"):
    """`number` more in-progress initiatives, each with milestones, money, a target and a survey:
    rows that an N+1 query on the summary would show."""
    theme = ThemeFactory(slug="culture")
    indicator = IndicatorFactory(name=f"{prefix} footfall")
    for day in range(0, 400, 20):
        MeasurementFactory(indicator=indicator, measured_on=days(-day), value=Decimal(100 + day))
    for n in range(number):
        initiative = InitiativeFactory(title=f"{prefix} initiative {n}", slug=f"{prefix.lower()}-{n}", lead_committee=committee, theme=theme)
        MilestoneFactory(initiative=initiative, due_on=days(-3), title=f"{prefix} late step {n}")
        MilestoneFactory(initiative=initiative, due_on=days(-20), done_on=days(-21))
        FundingLineFactory(initiative=initiative, source=FundingLine.Source.EU)
        TargetFactory(initiative=initiative, indicator=indicator, baseline_on=days(-300), target_on=days(100))
        make_survey(committee, f"{prefix} open survey {n}", opens=-5, closes=3 + n, responses=["Events"])
        make_survey(committee, f"{prefix} closed survey {n}", opens=-40, closes=-2 - n, responses=["Shops", "Parking"])
        MeetingFactory(committee=committee, starts_at=moment(-10 - n), status=Meeting.Status.HELD)
        RecommendationFactory(committee=committee, status=Recommendation.Status.SENT, response_due_on=days(n))
        MembershipFactory(committee=committee, term_end=days(10 + n))


@pytest.fixture
def town(make_user):
    """The hand-built town. Expected figures are written next to each test that uses them."""
    marketing = CommitteeFactory(name="City Marketing Committee", slug="city-marketing")
    hidden = CommitteeFactory(name="Closed Working Group", slug="closed-group", is_public=False)
    vacant = ThemeFactory(slug="vacant-premises")
    events = ThemeFactory(slug="marketing-and-events")
    shops = InitiativeFactory(
        title="Pop-up shops", slug="pop-up-shops", lead_committee=marketing, theme=vacant, is_featured=True
    )
    MilestoneFactory(initiative=shops, title="Register vacant units", due_on=days(-60), done_on=days(-62))
    MilestoneFactory(initiative=shops, title="Sign first leases", due_on=days(-40), done_on=days(-41))
    MilestoneFactory(initiative=shops, title="Open the third shop", due_on=days(-10))
    MilestoneFactory(initiative=shops, title="Review the scheme", due_on=days(30))
    FundingLineFactory(initiative=shops, source=FundingLine.Source.MUNICIPAL, planned=Decimal("1000"), spent=Decimal("400"))
    FundingLineFactory(initiative=shops, source=FundingLine.Source.EU, planned=Decimal("3000"), spent=Decimal("600"))
    secret = InitiativeFactory(
        title="Secret parking deal", slug="secret-parking", lead_committee=hidden, theme=events,
        progress_override=20, is_public=False, summary="Negotiations with the garage owner.",
    )
    FundingLineFactory(initiative=secret, source=FundingLine.Source.NATIONAL, planned=Decimal("1000"), spent=Decimal("0"))
    square = InitiativeFactory(
        title="Square benches", slug="square-benches", lead_committee=marketing, theme=vacant,
        status=Initiative.Status.COMPLETED,
    )
    MilestoneFactory(initiative=square, title="Paint the benches", due_on=days(-5))
    FundingLineFactory(initiative=square, source=FundingLine.Source.MUNICIPAL, planned=Decimal("500"), spent=Decimal("500"))
    cancelled = InitiativeFactory(
        title="Ice rink", slug="ice-rink", lead_committee=marketing, theme=events, status=Initiative.Status.CANCELLED
    )
    FundingLineFactory(initiative=cancelled, source=FundingLine.Source.PRIVATE, planned=Decimal("10000"), spent=Decimal("0"))
    InitiativeFactory(title="Night market", slug="night-market", lead_committee=marketing, theme=events, status=Initiative.Status.IDEA)

    footfall = IndicatorFactory(name="Footfall on Main Street", slug="footfall", standard_unit="people_a_day")
    # Each indicator is reported per month and compared like for like: with the same month a year before.
    MeasurementFactory(indicator=footfall, measured_on=same_month_a_year_before(days(-5)), value=Decimal("120"))
    MeasurementFactory(indicator=footfall, measured_on=days(-5), value=Decimal("90"))
    vacancy = IndicatorFactory(name="Vacancy rate", slug="vacancy-rate", standard_unit="percent", higher_is_better=False)
    MeasurementFactory(indicator=vacancy, measured_on=same_month_a_year_before(days(-4)), value=Decimal("20"))
    MeasurementFactory(indicator=vacancy, measured_on=days(-4), value=Decimal("15"))
    TargetFactory(
        initiative=shops, indicator=footfall, baseline=Decimal("100"), baseline_on=days(-200),
        target_value=Decimal("200"), target_on=days(100),
    )

    manager_post = RecommendationFactory(
        committee=marketing, title="Appoint a town-centre manager", status=Recommendation.Status.SENT,
        response_due_on=days(-2), adopted_on=days(-20), sent_on=days(-15),
    )
    # Past the deadline: Riverbend has not replied, Lakeford only with an interim reply; the ministry accepted.
    for name, status in [("Riverbend", "awaiting"), ("Lakeford", "interim"), ("Ministry of Economy", "accepted")]:
        AddresseeFactory(recommendation=manager_post, organisation__name=name, status=status)
    answered = RecommendationFactory(
        committee=marketing, title="Answered recommendation", status=Recommendation.Status.REJECTED,
        response_due_on=days(-5), adopted_on=days(-25), sent_on=days(-24), rejected_on=days(-1),
    )
    AddresseeFactory(recommendation=answered, organisation__name="Riverbend", status="rejected")
    opening_hours = RecommendationFactory(
        committee=marketing, title="Saturday opening hours", addressed_to=Recommendation.Addressee.BUSINESSES,
        status=Recommendation.Status.SENT, adopted_on=days(-25), sent_on=days(-25), response_due_on=days(10),
    )
    AddresseeFactory(recommendation=opening_hours, organisation__name="Old Town Traders")
    RecommendationFactory(
        committee=marketing, title="Cheaper rent for pop-ups", status=Recommendation.Status.IMPLEMENTED,
        adopted_on=days(-500), sent_on=days(-490), accepted_on=days(-200), implemented_on=days(-10),
    )
    RecommendationFactory(committee=marketing, title="Draft idea for kiosks", status=Recommendation.Status.DRAFT, adopted_on=None)
    RecommendationFactory(committee=hidden, title="Secret garage recommendation", status=Recommendation.Status.ADOPTED)
    MeetingFactory(committee=marketing, title="Spring session", starts_at=moment(-30), status=Meeting.Status.HELD)
    MeetingFactory(committee=marketing, title="Old session", starts_at=moment(-200), status=Meeting.Status.HELD)
    MeetingFactory(committee=marketing, title="Summer market planning", starts_at=moment(12))
    MeetingFactory(committee=hidden, title="Closed garage talks", starts_at=moment(5))
    MembershipFactory(committee=marketing, term_end=days(20), person__full_name="Marko Vidmar")

    make_survey(marketing, "Vision of the centre", opens=-20, closes=3, responses=["Events", "Parking"])
    make_survey(marketing, "Market stalls", opens=-2, closes=30)
    make_survey(marketing, "Parking habits", opens=-60, closes=-5, results_public=True, responses=["Parking", "Parking", "Events"])
    make_survey(marketing, "Unfinished draft", opens=10, closes=40, published=False)

    users = {
        "mayor": make_user("mayor", role=MAYORS),
        "manager": make_user("maja", role=MANAGERS, committees=[marketing], membership_role="chair"),
        "secretary": make_user("tomaz", role=SECRETARIES, committees=[marketing], membership_role="secretary"),
        "superuser": make_user("admin", superuser=True),
        "member": make_user("resident_member"),
    }
    shops.responsible_manager = users["manager"]
    shops.save()
    return SimpleNamespace(
        marketing=marketing, hidden=hidden, shops=shops, secret=secret, square=square, footfall=footfall,
        vacancy=vacancy, users=users,
    )
