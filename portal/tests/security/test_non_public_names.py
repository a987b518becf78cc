"""No public page names anything that is not public: a marker in the name of a non-public committee
(which owns published surveys and leads a public initiative), in the title of a non-public
initiative and in what a public committee keeps to itself (internal document, draft, unpublished
minutes, a member's e-mail and phone) never reaches an anonymous visitor, on any URL of the permission table or the searches
and filters residents use. Every public page links to the privacy page and the
accessibility statement."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Recommendation
from committees.tests.factories import (
    CommitteeFactory,
    DocumentFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
)
from initiatives.tests.factories import InitiativeFactory, TargetFactory
from portal.tests.security.pages import PAGES
from surveys.models import Answer, Response
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

MARKER = "Quietmarker"  # in the names and titles of what is not public
SLUG = "hushslug-group"  # the non-public committee's address: it names it too


def _survey_of(committee, slug, **fields):
    survey = SurveyFactory(committee=committee, slug=slug, title=f"Survey {slug}", results_public=True, **fields)
    question = QuestionFactory(section=SectionFactory(survey=survey), text="Which square?", options=["North", "South"])
    for number in range(6):
        response = Response.objects.create(survey=survey)
        Answer.objects.create(response=response, question=question, choice=question.choices.all()[number % 2])
    return survey


@pytest.fixture
def hidden_things(world):
    committee = CommitteeFactory(name=f"{MARKER} Working Group", slug=SLUG, is_public=False,
                                 mandate=f"{MARKER} mandate")
    open_survey = _survey_of(committee, "parking-survey")
    closed_survey = _survey_of(committee, "benches-survey", opens_at=timezone.now() - datetime.timedelta(days=20),
                               closes_at=timezone.now() - datetime.timedelta(days=2))
    led = InitiativeFactory(title="Shade for the square", slug="shade-for-the-square", lead_committee=committee)
    private = InitiativeFactory(title=f"{MARKER} garage deal", slug="garage-deal", lead_committee=committee,
                                is_public=False)
    TargetFactory(initiative=private, indicator=world.indicator)
    for survey in (open_survey, closed_survey):
        survey.informs.add(world.public, led, private)
    MeetingFactory(committee=committee, title=f"{MARKER} meeting", starts_at=timezone.now() + datetime.timedelta(days=3))
    RecommendationFactory(committee=committee, title=f"{MARKER} advice", status=Recommendation.Status.SENT,
                          sent_on=timezone.localdate())
    DocumentFactory(committee=committee, title=f"{MARKER} register", is_public=True)
    _private_things_of_a_public_committee(world.committee_a)
    _businesses_kept_quiet(committee, world.committee_a)
    return {"committee": committee, "surveys": (open_survey, closed_survey), "led": led}


def _private_things_of_a_public_committee(committee):
    """What a public committee keeps to itself: an internal document, a draft recommendation,
    unpublished minutes, a member's private e-mail and phone."""
    DocumentFactory(committee=committee, title=f"{MARKER} internal file", is_public=False)
    RecommendationFactory(committee=committee, title=f"{MARKER} draft advice", status=Recommendation.Status.DRAFT)
    HeldMeetingFactory(committee=committee, title="Spring session", minutes=f"{MARKER} minutes", minutes_published=False)
    person = PersonFactory(full_name="Vesna Horvat", email=f"{MARKER.lower()}@private.example.org",
                           phone=f"+386 {MARKER}")
    MembershipFactory(committee=committee, person=person)


def _businesses_kept_quiet(hidden, public):
    """A business of the non-public committee trading today, and one of a public committee in a unit
    whose owner has not agreed to its address being published."""
    from premises.tests.factories import BusinessFactory, OccupancyFactory, UnitFactory

    since = timezone.localdate() - datetime.timedelta(days=30)
    OccupancyFactory(business=BusinessFactory(committee=hidden, name=f"{MARKER} Bakery"),
                     unit=UnitFactory(committee=hidden, street="Bakery Row", number="1"), since=since)
    OccupancyFactory(business=BusinessFactory(committee=public, name="Discreet Bakery"),
                     unit=UnitFactory(committee=public, street=f"{MARKER} Court", number="2", publish_address=False), since=since)


def public_urls(world, things):
    """Every URL of the permission table an anonymous visitor gets a page from, and the pages about
    the non-public committee's public things, with the searches and filters residents use."""
    urls = [page.url(world) for page in PAGES if page.get["anonymous"] == 200]
    for survey in things["surveys"]:
        urls += [reverse("surveys:detail", args=[survey.slug]), reverse("surveys:results", args=[survey.slug])]
    urls += [
        things["led"].get_absolute_url(),
        # Searches for the other words of the hidden names (the page repeats what was searched for).
        *(reverse("portal:search") + f"?q={word}" for word in
          ("Survey", "Working", "garage", "advice", "meeting", "register", "internal", "draft", "minutes", "Vesna")),
        reverse("initiatives:list") + f"?committee={things['committee'].slug}",
        reverse("initiatives:list") + "?q=garage",
        reverse("initiatives:export", args=["initiatives"]),
        reverse("initiatives:export", args=["updates"]),
        *(reverse("businesses:directory") + query for query in ("?q=Bakery", "?group=street", "?category=other")),
    ]
    return urls


def test_no_public_page_names_a_non_public_committee_or_initiative(client, world, hidden_things):
    named = []
    for url in public_urls(world, hidden_things):
        response = client.get(url)
        body = (b"".join(response.streaming_content) if response.streaming else response.content).decode(errors="replace").lower()
        # A page may repeat its own address (links to the next page, the same list as CSV).
        markers = [MARKER.lower()] + ([SLUG] if SLUG not in url else [])
        if response.status_code == 200 and any(marker in body for marker in markers):
            named.append(url)
    assert named == [], "\n".join(named)


def test_the_public_sees_the_surveys_of_a_non_public_committee_without_its_name(client, world, hidden_things):
    html = client.get(reverse("surveys:list")).content.decode()
    assert "Survey parking-survey" in html and "Survey benches-survey" in html


def test_every_public_page_links_to_the_privacy_page_and_the_accessibility_statement(client, world):
    links = [f'href="{reverse("portal:privacy")}"', f'href="{reverse("portal:accessibility")}"']
    missing = []
    for page in PAGES:
        if page.get["anonymous"] != 200:
            continue
        response = client.get(page.url(world))
        if response["Content-Type"].startswith("text/html"):
            body = response.content.decode()
            missing += [(page.id, link) for link in links if link not in body]
    assert missing == []
