"""One town for the whole security suite: two committees (A and B) and a hidden one, an object of
every kind in each, script-like text in every free-text field, and a user for every role."""
import copy
import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from committees.models import AddresseeReply, Attendance, OrganisationAccount, Recommendation
from committees.tests.factories import (
    AddresseeFactory,
    CommitteeFactory,
    DocumentFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RecommendationFactory,
)
from initiatives.tests.factories import (
    FundingLineFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    TargetFactory,
)
from premises.contacts import contact_add
from premises.tests.factories import UnitFactory, UnitStatusFactory
from core.roles import MANAGERS, MAYORS, SECRETARIES, sync_role_groups
from surveys.models import Answer, Question, Response, Survey
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

ROLES = ["anonymous", "manager_a", "manager_b", "secretary_a", "secretary_b", "mayor", "plain", "superuser"]


def evil(field):
    """Script-like text that names its field, so a test can tell which field leaked."""
    return f'<script>alert("{field}")</script>"><img src=x onerror=alert("{field}")>'


def escaped(field):
    """How `evil(field)` reads in HTML once Django has escaped it."""
    return (
        f"&lt;script&gt;alert(&quot;{field}&quot;)&lt;/script&gt;&quot;&gt;"
        f"&lt;img src=x onerror=alert(&quot;{field}&quot;)&gt;"
    )


def _committee(letter, **fields):
    return CommitteeFactory(
        name=f"Committee {letter} {evil(f'committee-{letter}-name')}", slug=f"committee-{letter.lower()}",
        mandate=evil(f"committee-{letter}-mandate"), **fields,
    )


def _committee_objects(committee, letter):
    """A meeting with minutes, a planned one, recommendations (sent and draft), documents, a member."""
    organisation = OrganisationFactory(name=f"Organisation {letter} {evil(f'organisation-{letter}')}")
    person = PersonFactory(full_name=f"Person {letter} {evil(f'person-{letter}')}")
    membership = MembershipFactory(committee=committee, person=person, organisation=organisation)
    held = HeldMeetingFactory(
        committee=committee, title=f"Held meeting {letter}", agenda=evil(f"agenda-{letter}"),
        minutes=evil(f"minutes-{letter}"),
    )
    Attendance.objects.create(meeting=held, person=person)
    recommendation = RecommendationFactory(
        committee=committee, meeting=held, title=f"Recommendation {letter}", text=evil(f"recommendation-{letter}"),
        status=Recommendation.Status.SENT, sent_on=timezone.localdate(),
    )
    # Sent to the committee's organisation, which replied, and to one that has not (so may be taken off).
    addressee = AddresseeFactory(recommendation=recommendation, organisation=organisation)
    reply = AddresseeReply.objects.create(
        addressee=addressee, received_on=timezone.localdate(), kind="interim", text=evil(f"reply-{letter}")
    )
    silent = AddresseeFactory(recommendation=recommendation, organisation=OrganisationFactory(name=f"Silent {letter}"))
    return SimpleNamespace(
        organisation=organisation,
        person=person,
        membership=membership,
        meeting=held,
        planned_meeting=MeetingFactory(committee=committee, title=f"Planned meeting {letter}"),
        recommendation=recommendation,
        addressee=addressee,
        reply=reply,
        silent_addressee=silent,
        draft=RecommendationFactory(committee=committee, title=f"Draft {letter}", status=Recommendation.Status.DRAFT),
        document=DocumentFactory(committee=committee, title=f"Handbook {letter}", is_public=True),
        internal_document=DocumentFactory(committee=committee, title=f"Internal register {letter}", is_public=False),
    )


def _initiatives(committee, organisation):
    public = InitiativeFactory(
        title=f"Pop-up shops {evil('initiative-title')}", slug="pop-up-shops", lead_committee=committee,
        summary=evil("initiative-summary"), description=evil("initiative-description"), is_featured=True,
    )
    public.partners.add(organisation)
    private = InitiativeFactory(title="Homes above shops", slug="homes-above-shops", lead_committee=committee, is_public=False)
    milestone = MilestoneFactory(initiative=private, title="Talk to owners", due_on=timezone.localdate() - datetime.timedelta(days=3))
    MilestoneFactory(initiative=public, title=evil("milestone-title"))
    ProgressUpdateFactory(initiative=public, text=evil("update-text"), with_photo=True)
    ProgressUpdateFactory(initiative=private, text="The first flat is let.", with_photo=True)
    FundingLineFactory(initiative=public, note=evil("funding-note"))
    indicator = IndicatorFactory(name=f"Footfall {evil('indicator-name')}", slug="footfall")
    for day in (300, 200, 100, 10):
        MeasurementFactory(indicator=indicator, measured_on=timezone.localdate() - datetime.timedelta(days=day), value=Decimal(day))
    TargetFactory(initiative=public, indicator=indicator)
    return public, private, milestone, indicator


def _survey(committee, slug, **fields):
    survey = SurveyFactory(committee=committee, slug=slug, title=f"Survey {slug}", **fields)
    section = SectionFactory(survey=survey, order=1, title=f"Page of {slug}")
    question = QuestionFactory(section=section, text=f"What is missing in the centre ({slug})?", required=True,
                               options=["More benches", "Longer opening hours"], allow_other=True, order=1)
    return survey, section, question


def _answers(survey, question):
    """One response with script-like text in the 'other' answer and in a long-text answer."""
    section = question.section
    long_text = QuestionFactory(section=section, text="Anything else?", kind=Question.Kind.LONG_TEXT, order=99)
    response = Response.objects.create(survey=survey)
    Answer.objects.create(response=response, question=question, text=evil("answer-other"))
    Answer.objects.create(response=response, question=long_text, text=evil("answer-text"))
    second = Response.objects.create(survey=survey)
    Answer.objects.create(response=second, question=question, choice=question.choices.first())


def _surveys(committee, public_initiative):
    open_survey, open_section, open_question = _survey(
        committee, "open", introduction=evil("survey-introduction"), results_public=False
    )
    open_survey.informs.add(public_initiative)
    _answers(open_survey, open_question)
    results_survey, _section, results_question = _survey(
        committee, "published-results", results_public=True, publish_free_text=True,
        opens_at=timezone.now() - datetime.timedelta(days=30), closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    _answers(results_survey, results_question)
    for _more in range(3):  # five responses: a group the public may see (PORTAL_MIN_GROUP_SIZE)
        response = Response.objects.create(survey=results_survey)
        Answer.objects.create(response=response, question=results_question, choice=results_question.choices.last())
    return SimpleNamespace(
        open=open_survey, section=open_section, question=open_question,
        draft=_survey(committee, "draft", is_published=False)[0],
        invitation=_survey(committee, "invitation-only", access=Survey.Access.INVITATION)[0],
        results=results_survey,
    )


def _premises(committee_a, committee_b):
    """A unit in each committee's register, with a status each; script-like text in the free texts."""
    unit_a = UnitFactory(committee=committee_a, street=f"Main Street {evil('unit-street')}", number="1",
                         notes=evil("unit-notes"))
    unit_b = UnitFactory(committee=committee_b, street="River Road", number="2")
    return SimpleNamespace(
        unit_a=unit_a, unit_b=unit_b,
        status_a=UnitStatusFactory(unit=unit_a, status="vacant_marketed", note=evil("unit-status-note")),
        status_b=UnitStatusFactory(unit=unit_b, status="occupied"),
        contact_a=contact_add(unit=unit_a, by=None, role="owner", full_name=f"Owner {evil('contact-name')}",
                              organisation=evil("contact-firm"), email="owner@private.example.org", phone="+386 1 555 0101"),
    )


def _businesses(committee_a, committee_b):
    """A business of each committee trading in a unit of its register (committee A's with script-like
    text in its name), and a free unit of committee A to start an occupancy in."""
    from premises.tests.factories import BusinessFactory, OccupancyFactory

    unit_a = UnitFactory(committee=committee_a, street="Market Street", number="3")
    business_a = BusinessFactory(committee=committee_a, name=f"Business A {evil('business-name')}", website="https://a.example")
    business_b = BusinessFactory(committee=committee_b, name="Business B")
    return SimpleNamespace(
        business_a=business_a, business_b=business_b, unit_a=unit_a,
        free_unit_a=UnitFactory(committee=committee_a, street="Market Street", number="5"),
        occupancy_a=OccupancyFactory(business=business_a, unit=unit_a, since=datetime.date(2024, 1, 1)),
        occupancy_b=OccupancyFactory(business=business_b, unit=UnitFactory(committee=committee_b, street="River Road", number="8"),
                                     since=datetime.date(2024, 1, 1)),
    )


def _user(username, role=None, committees=(), superuser=False, membership_role="member"):
    """Like the root conftest's make_user, for a fixture that outlives one test."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username, password="a-long-test-password", is_superuser=superuser, is_staff=superuser
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    if committees:
        person = PersonFactory(user=user, full_name=username.title())
        for committee in committees:
            MembershipFactory(committee=committee, person=person, role=membership_role)
    return user


def build_world():
    from django.contrib.auth.models import Group, Permission

    sync_role_groups(Group, Permission)
    committee_a = _committee("A")
    committee_b = _committee("B")
    hidden = CommitteeFactory(name="Premises Task Force", slug="task-force", is_public=False)
    a, b = _committee_objects(committee_a, "A"), _committee_objects(committee_b, "B")
    public, private, milestone, indicator = _initiatives(committee_a, a.organisation)
    users = {
        "anonymous": None,
        "manager_a": _user("manager_a", role=MANAGERS, committees=[committee_a]),
        "manager_b": _user("manager_b", role=MANAGERS, committees=[committee_b]),
        "secretary_a": _user("secretary_a", role=SECRETARIES, committees=[committee_a], membership_role="secretary"),
        "secretary_b": _user("secretary_b", role=SECRETARIES, committees=[committee_b], membership_role="secretary"),
        "mayor": _user("mayor", role=MAYORS),
        # A volunteer member of committee B with an account but no staff role.
        "plain": _user("plain", committees=[committee_b]),
        "superuser": _user("admin", superuser=True),
    }
    # The mayor speaks for committee A's organisation: she records its replies.
    OrganisationAccount.objects.create(user=users["mayor"], organisation=a.organisation)
    return SimpleNamespace(
        committee_a=committee_a, committee_b=committee_b, hidden=hidden, a=a, b=b,
        hidden_meeting=MeetingFactory(committee=hidden, title="Closed session"),
        public=public, private=private, milestone=milestone, indicator=indicator,
        surveys=_surveys(committee_a, public), users=users, premises=_premises(committee_a, committee_b),
        businesses=_businesses(committee_a, committee_b),
    )


@pytest.fixture(scope="module")
def security_media(tmp_path_factory):
    return tmp_path_factory.mktemp("security-media")


@pytest.fixture(autouse=True)
def _isolated_media(settings, security_media):
    """The world's files live as long as the world (overrides the root conftest's per-test folder)."""
    settings.MEDIA_ROOT = security_media / "media"
    settings.PRIVATE_MEDIA_ROOT = security_media / "private-media"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, security_media):
    """Built once per module inside a transaction that is rolled back at its end; each test runs
    in a savepoint inside it (pytest-django's own), so tests still see the town as built."""
    with django_db_blocker.unblock(), override_settings(
        MEDIA_ROOT=security_media / "media", PRIVATE_MEDIA_ROOT=security_media / "private-media"
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    """A client per role, signed in as that role's user."""
    result = {}
    with django_db_blocker.unblock():
        for role, user in world.users.items():
            result[role] = Client()
            if user:
                result[role].force_login(user)
    return result


def fresh_client(clients, role, **options):
    """A new client (its middleware read from today's settings) signed in with the role's session."""
    client = Client(**options)
    client.cookies = copy.deepcopy(clients[role].cookies)
    return client


@pytest.fixture
def role_clients(clients):
    """This test's own clients: a sign-out or password change in one test cannot reach the next."""
    return {role: fresh_client(clients, role) for role in clients}


# Tables whose rows change on every request and are not the portal's state.
VOLATILE_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}


def database_fingerprint():
    """One checksum per table of the portal's state, computed by PostgreSQL in a single query."""
    tables = sorted(set(connection.introspection.table_names()) - VOLATILE_TABLES)
    columns = ", ".join(
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {connection.ops.quote_name(name)} t)"
        for name in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return dict(zip(tables, cursor.fetchone()))


def changed_tables(before, after):
    return sorted(name for name in before if before[name] != after[name])


@pytest.fixture(scope="module")
def served_portal(django_db_setup, tmp_path_factory):
    """The portal under gunicorn against the test database (portal/tests/served.py)."""
    from core.tests.served import gunicorn_serving

    with gunicorn_serving(connection.settings_dict, tmp_path_factory.mktemp("served") / "gunicorn.log") as served:
        yield served
