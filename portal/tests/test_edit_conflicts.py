"""No lost updates on any staff form that edits a shared row (core.edits): two editors open the same
form at the same version and both save. The first save is stored; the second is refused with the
conflict message, shows the form again with everything its editor typed and stores nothing of it;
saving that form again is a deliberate choice and goes through."""
import datetime
import re
import threading
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable
from unittest import mock

import pytest
from django.db import connections
from django.forms import BaseFormSet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees.models import AddresseeReply, Meeting, Recommendation
from committees.tests.factories import (
    AddresseeFactory,
    CommitteeFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
)
from initiatives.models import Initiative
from initiatives.tests.factories import FundingLineFactory, InitiativeFactory, TargetFactory
from core import edits
from core.roles import MANAGERS, SECRETARIES
from core.tests.edits import VERSION_INPUT
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory
from surveys.tests.test_services import _wait_for_a_blocked_lock

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


@pytest.fixture
def town(make_user):
    """A committee with two secretaries and two managers, and one row of every kind they edit."""
    committee = CommitteeFactory(name="Riverside Committee", slug="riverside")
    initiative = InitiativeFactory(title="Homes above shops", slug="homes-above-shops", lead_committee=committee)
    survey = SurveyFactory(committee=committee, slug="parking", title="Parking in the centre")
    section = SectionFactory(survey=survey, order=1, title="Your views")
    held = HeldMeetingFactory(committee=committee, title="Spring session", minutes="Agreed the market.")
    sent = RecommendationFactory(committee=committee, meeting=held, title="Longer hours",
                                 status=Recommendation.Status.SENT, sent_on=TODAY)
    addressee = AddresseeFactory(recommendation=sent, organisation__name="Riverside Municipality")
    return {
        "committee": committee,
        "membership": MembershipFactory(committee=committee, person=PersonFactory(full_name="Petra Zupan"),
                                        term_start=datetime.date(2025, 1, 1), term_end=datetime.date(2027, 12, 31)),
        "meeting": MeetingFactory(committee=committee, title="Summer session"),
        "held": held,
        "draft": RecommendationFactory(committee=committee, title="Benches", status=Recommendation.Status.DRAFT),
        "sent": sent,
        "addressee": addressee,
        "reply": AddresseeReply.objects.create(addressee=addressee, received_on=TODAY, kind="interim",
                                               text="We will consider it."),
        "initiative": initiative,
        "line": FundingLineFactory(initiative=initiative, source="eu", planned=Decimal("10000"), spent=Decimal("0")),
        "target": TargetFactory(initiative=initiative),
        "survey": survey,
        "section": section,
        "question": QuestionFactory(section=section, text="Where do you park?", kind="single",
                                    options=["Main Square", "Garage"]),
        SECRETARIES: [make_user(name, role=SECRETARIES, committees=[committee], membership_role="secretary")
                      for name in ("tina", "sara")],
        MANAGERS: [make_user(name, role=MANAGERS, committees=[committee]) for name in ("marko", "jana")],
    }


@dataclass
class EditForm:
    """A staff form that edits a shared row: where it is, who edits it, the field both editors change
    (by its posted name) and how to read that field as stored."""

    name: str
    role: str
    url: Callable
    field: str
    first: str
    second: str
    stored: Callable
    shown_now: str = ""  # how the conflict message names the first editor's value, where it names it
    saves_again: bool = True  # the second editor's values still make a valid save after the first one's

    def __str__(self):
        return self.name


def committee_url(name, key=None):
    return lambda t: reverse(f"committees:{name}", args=[t["committee"].slug, *([t[key].pk] if key else [])])


def fresh(key, attribute):
    """The stored value of `attribute` of the town's row `key`, read from the database now."""
    return lambda t: str(getattr(type(t[key]).objects.get(pk=t[key].pk), attribute))


FORMS = [
    EditForm("budget lines", MANAGERS, lambda t: reverse("initiatives:funding", args=[t["initiative"].slug]),
             "funding-0-planned", "12000.00", "15000.00", fresh("line", "planned"), shown_now="EU fund: Planned is now “12,000.00”"),
    EditForm("targets", MANAGERS, lambda t: reverse("initiatives:targets", args=[t["initiative"].slug]),
             "targets-0-target_value", "4500.000", "5000.000", fresh("target", "target_value"), shown_now="Target is now “4,500.000”"),
    EditForm("initiative", MANAGERS, lambda t: reverse("initiatives:update", args=[t["initiative"].slug]),
             "summary", "Twelve flats by spring", "Twenty flats by autumn", fresh("initiative", "summary"),
             shown_now="Twelve flats by spring"),
    EditForm("committee", SECRETARIES, committee_url("update"), "mandate", "Revive the riverside.",
             "Revive the whole centre.", fresh("committee", "mandate"), shown_now="Revive the riverside."),
    EditForm("membership", SECRETARIES, committee_url("membership-update", "membership"), "appointment_reference",
             "014-7/2025", "015-2/2025", fresh("membership", "appointment_reference"), shown_now="014-7/2025"),
    EditForm("term end", SECRETARIES, committee_url("membership-end", "membership"), "term_end", day(-2), day(-1),
             fresh("membership", "term_end")),
    EditForm("contact details", SECRETARIES, lambda t: reverse(
        "committees:person-update", args=[t["committee"].slug, t["membership"].person_id]),
        "phone", "+386 41 111 111", "+386 41 222 222",
        lambda t: t["membership"].person.__class__.objects.get(pk=t["membership"].person_id).phone,
        shown_now="+386 41 111 111"),
    EditForm("meeting (agenda)", SECRETARIES, committee_url("meeting-update", "meeting"), "agenda",
             "1. Stalls\n2. Music", "1. Parking\n2. Benches", fresh("meeting", "agenda"), shown_now="1. Stalls"),
    EditForm("meeting record (minutes)", SECRETARIES, committee_url("meeting-record", "held"), "minutes",
             "Agreed the summer market.", "Postponed the summer market.", fresh("held", "minutes"),
             shown_now="Agreed the summer market."),
    EditForm("recommendation", SECRETARIES, committee_url("recommendation-update", "draft"), "text",
             "Four new benches.", "Six new benches.", fresh("draft", "text"), shown_now="Four new benches."),
    EditForm("addressee's reply", SECRETARIES, lambda t: reverse("committees:addressee-reply-correct", args=[
        t["committee"].slug, t["sent"].pk, t["addressee"].pk, t["reply"].pk]), "text",
        "We will consider it in May.", "We will consider it in June.", fresh("reply", "text")),
    EditForm("survey", MANAGERS, lambda t: reverse("surveys:update", args=[t["survey"].slug]), "introduction",
             "Tell us where you park.", "Tell us how you arrive.", fresh("survey", "introduction"),
             shown_now="Tell us where you park."),
    EditForm("survey page", MANAGERS, lambda t: reverse("surveys:section-update", args=[t["survey"].slug, t["section"].pk]),
             "description", "About parking.", "About arriving.", fresh("section", "description"),
             shown_now="About parking."),
    EditForm("question", MANAGERS, lambda t: reverse("surveys:question-update", args=[t["survey"].slug, t["question"].pk]),
             "help_text", "Think of last week.", "Think of last month.", fresh("question", "help_text"),
             shown_now="Think of last week."),
]
FIRST_STEP = {"recommendation status": {"status": "accepted", "on": TODAY.isoformat()}}
SECOND_STEP = {"recommendation status": {"status": "rejected", "on": TODAY.isoformat()}}


PAGE_FORMS = ("form", "version_form", "formset", "milestones")  # the forms an edit page may have


def as_opened(response):
    """What the browser posts back for the page's forms untouched: every field as the page shows it
    (the rows of a formset that are stored, none of its empty extra rows)."""
    data = {}
    for key in PAGE_FORMS:
        value = response.context.get(key)
        if value is None:
            continue
        if isinstance(value, BaseFormSet):
            stored = value.initial_form_count()
            data.update(_fields(value.management_form))
            data[value.management_form.add_prefix("TOTAL_FORMS")] = stored
            for form in value.forms[:stored]:
                data.update(_fields(form))
        else:
            data.update(_fields(value))
    assert VERSION_INPUT.search(response.content.decode()), "the form carries the version it was opened at"
    return data


def _fields(form):
    posted = {}
    for bound in form:
        value = bound.value()
        if value is None or value == "" or value is False:
            continue  # an empty field or an unticked box: the browser sends nothing (or nothing that counts)
        posted[bound.html_name] = value
    return posted


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def conflict_message(page):
    start = page.index('id="edit-conflict"')
    return " ".join(page[start:page.index("</div>", start)].split())


@pytest.mark.parametrize("edit_form", FORMS, ids=str)
def test_two_stale_saves_the_first_is_stored_the_second_is_refused_and_keeps_what_was_typed(town, edit_form):
    colleague, editor = (client_of(user) for user in town[edit_form.role])
    url = edit_form.url(town)
    # Both open the form at the same version.
    opened_by_colleague, opened_by_editor = as_opened(colleague.get(url)), as_opened(editor.get(url))
    first = {**opened_by_colleague, **FIRST_STEP.get(edit_form.name, {}), edit_form.field: edit_form.first}
    second = {**opened_by_editor, **SECOND_STEP.get(edit_form.name, {}), edit_form.field: edit_form.second}

    assert colleague.post(url, first).status_code == 302
    response = editor.post(url, second)

    assert response.status_code == 200
    page = response.content.decode()
    message = conflict_message(page)
    assert "Someone else saved" in message and "Your changes are not saved yet." in message
    if edit_form.shown_now:
        assert edit_form.shown_now in message  # what the colleague saved, to compare with
    assert edit_form.second in page  # what the editor typed is in the form again
    assert edit_form.stored(town) == edit_form.first  # the first save stands, nothing of the second
    if edit_form.saves_again:
        again = {**second, "version": VERSION_INPUT.search(page).group(1)}
        assert editor.post(url, again).status_code == 302
        assert edit_form.stored(town) == edit_form.second


def test_a_budget_line_added_meanwhile_is_named_and_kept(town):
    colleague, editor = (client_of(user) for user in town[MANAGERS])
    url = reverse("initiatives:funding", args=[town["initiative"].slug])
    opened = as_opened(editor.get(url))
    added = {**as_opened(colleague.get(url)), "funding-TOTAL_FORMS": 2, "funding-1-source": "municipal",
             "funding-1-planned": "5000", "funding-1-spent": "0"}
    assert colleague.post(url, added).status_code == 302
    response = editor.post(url, {**opened, "funding-0-note": "ERDF call 3"})
    message = conflict_message(response.content.decode())
    assert "Rows added since you opened the form" in message and "municipal budget" in message
    assert 'value="ERDF call 3"' in response.content.decode()
    assert town["initiative"].funding_lines.count() == 2
    again = {**response.context["formset"].data.dict(), "version": response.context["version_form"]["version"].value()}
    assert editor.post(url, again).status_code == 302
    assert set(town["initiative"].funding_lines.values_list("note", flat=True)) == {"ERDF call 3", ""}


def test_a_budget_line_removed_meanwhile_keeps_what_the_editor_typed_in_it_as_a_new_line(town):
    colleague, editor = (client_of(user) for user in town[MANAGERS])
    url = reverse("initiatives:funding", args=[town["initiative"].slug])
    opened = as_opened(editor.get(url))
    assert colleague.post(url, {**as_opened(colleague.get(url)), "funding-0-DELETE": "on"}).status_code == 302
    response = editor.post(url, {**opened, "funding-0-note": "ERDF call 3"})
    message = conflict_message(response.content.decode())
    assert "Row 1 was removed since you opened the form" in message
    page = response.content.decode()
    assert 'name="funding-0-note" value="ERDF call 3"' in page and 'name="funding-0-id" value="' not in page
    assert not town["initiative"].funding_lines.exists()


def test_a_stale_cancel_of_a_meeting_changed_meanwhile_cancels_nothing(town):
    colleague, editor = (client_of(user) for user in town[SECRETARIES])
    meeting = town["meeting"]
    cancel_url = reverse("committees:meeting-cancel", args=[town["committee"].slug, meeting.pk])
    opened = VERSION_INPUT.search(editor.get(cancel_url).content.decode()).group(1)
    edit_url = reverse("committees:meeting-update", args=[town["committee"].slug, meeting.pk])
    assert colleague.post(edit_url, {**as_opened(colleague.get(edit_url)), "place": "Library"}).status_code == 302
    response = editor.post(cancel_url, {"version": opened})
    assert "Someone else saved" in conflict_message(response.content.decode())
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED


def test_the_conflict_message_names_who_saved_and_when(town):
    colleague, editor = (client_of(user) for user in town[SECRETARIES])
    url = reverse("committees:update", args=[town["committee"].slug])
    opened = as_opened(editor.get(url))
    colleague.post(url, {**as_opened(colleague.get(url)), "mandate": "Revive the riverside."})
    message = conflict_message(editor.post(url, {**opened, "appointed_by": "Town council"}).content.decode())
    assert re.search(r"Saved by tina on <time datetime=\"[0-9T:+-]+\">\d+ \w{3} \d{4}, \d\d:\d\d</time>", message)
    assert "Appointed by is now “Mayor”" in message  # differs from what this editor typed
    assert "Mandate is now “Revive the riverside.”" in message


def test_a_form_posted_without_its_version_overwrites_nothing(town):
    editor = client_of(town[MANAGERS][1])
    url = reverse("initiatives:funding", args=[town["initiative"].slug])
    data = {key: value for key, value in as_opened(editor.get(url)).items() if key != "version"}
    response = editor.post(url, {**data, "funding-0-planned": "99999"})
    assert response.status_code == 200 and "Someone else saved" in conflict_message(response.content.decode())
    assert Initiative.objects.get(pk=town["initiative"].pk).funding_lines.get().planned == Decimal("10000")


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_from_the_same_version_store_exactly_one():
    meeting = MeetingFactory(agenda="1. Opening")
    opened_at = meeting.version
    start, other_is_waiting, outcomes = threading.Barrier(2), threading.Event(), []
    real_stamp = edits.stamp_editor

    def stamp_and_hold_the_lock(row, by):
        real_stamp(row, by)
        other_is_waiting.wait(timeout=10)  # keep the row locked until the other save queues behind it

    def save(agenda):
        try:
            start.wait()
            edits.edit_save(instance=meeting, by=None, expected_version=opened_at, agenda=agenda)
            outcomes.append(agenda)
        except edits.EditConflict:
            outcomes.append("refused")
        finally:
            connections.close_all()

    with mock.patch.object(edits, "stamp_editor", side_effect=stamp_and_hold_the_lock):
        threads = [threading.Thread(target=save, args=(agenda,)) for agenda in ("1. Stalls", "1. Parking")]
        for thread in threads:
            thread.start()
        second_queued_behind_the_first = _wait_for_a_blocked_lock()
        other_is_waiting.set()
        for thread in threads:
            thread.join(timeout=30)
    assert second_queued_behind_the_first  # the two really overlapped
    stored = Meeting.objects.get(pk=meeting.pk)
    assert sorted(outcomes) == sorted(["refused", stored.agenda])  # the one stored is the one that said so
    assert stored.version == opened_at + 1
