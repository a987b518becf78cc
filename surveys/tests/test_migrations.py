"""Migrations that move data, run for real on the test database."""
import datetime

import pytest
from django.utils import timezone

from core.tests.migrations import migrate, migrated_back_to
from surveys.tests.test_anonymity import kendall_tau

pytestmark = pytest.mark.django_db(transaction=True)

# The committees as they are now (their later columns stay while the surveys go back), so that
# the models this test writes with have every column the tables have.
COMMITTEES_NOW = ("committees", "0005_i12_writes_edit_version")
BEFORE = [("surveys", "0004_response_survey_id_index"), COMMITTEES_NOW]
AFTER = [("surveys", "0008_i12_anon_renumber_responses"), COMMITTEES_NOW]
RESIDENTS = 30


@pytest.fixture
def migrated_back():
    yield from migrated_back_to(BEFORE)


def test_stored_responses_and_codes_lose_their_times_and_order_and_keep_their_answers(migrated_back):
    apps = migrated_back
    committee = apps.get_model("committees", "Committee").objects.create(name="Market", slug="market")
    start = timezone.localtime(timezone.now() - datetime.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    survey = apps.get_model("surveys", "Survey").objects.create(
        title="Market", slug="market", committee=committee, access="invitation", is_published=True,
        opens_at=start - datetime.timedelta(days=1), closes_at=start + datetime.timedelta(days=1),
    )
    question = apps.get_model("surveys", "Question").objects.create(
        survey=survey, section=apps.get_model("surveys", "Section").objects.create(survey=survey, title="Page"),
        text="Anything else?", kind="long_text",
    )
    Response, Answer = apps.get_model("surveys", "Response"), apps.get_model("surveys", "Answer")
    Invitation = apps.get_model("surveys", "Invitation")
    for number in range(RESIDENTS):  # in this order, each answering by its own code at the same instant
        instant = start + datetime.timedelta(minutes=7 * number, seconds=number, microseconds=number)
        response = Response.objects.create(survey=survey, submitted_at=instant, language=f"r{number}")
        Answer.objects.create(response=response, question=question, text=f"answer of r{number}")
        Invitation.objects.create(survey=survey, token_hash=f"{number:064d}", used_at=instant)
    Invitation.objects.create(survey=survey, token_hash="f" * 64)

    apps = migrate(AFTER)
    Response, Answer = apps.get_model("surveys", "Response"), apps.get_model("surveys", "Answer")
    Invitation = apps.get_model("surveys", "Invitation")
    responses = list(Response.objects.order_by("pk").values_list("language", "submitted_at", "answers__text"))
    assert {language: text for language, _at, text in responses} == {f"r{n}": f"answer of r{n}" for n in range(RESIDENTS)}
    for language, submitted_at, _text in responses:
        instant = start + datetime.timedelta(minutes=7 * int(language[1:]))
        assert submitted_at == instant.replace(minute=0)
    by_response_id = [int(language[1:]) for language, _at, _text in responses]
    by_answer_id = [int(text.split("r")[-1]) for text in Answer.objects.order_by("pk").values_list("text", flat=True)]
    for order in (by_response_id, by_answer_id):
        assert abs(kendall_tau(list(range(RESIDENTS)), order)) < 0.6
    assert sorted(Invitation.objects.values_list("is_used", flat=True)) == [False] + [True] * RESIDENTS
    assert "used_at" not in {field.name for field in Invitation._meta.get_fields()}


OLD_DEFAULT_NOTE = "Answers are anonymous: we do not store your name, account or IP address with your response."


@pytest.fixture
def before_translated_content():
    yield from migrated_back_to([("surveys", "0009_i12_anon_invitation_retention"), COMMITTEES_NOW])


def test_stored_surveys_are_english_and_the_old_default_privacy_note_becomes_the_standard_one(before_translated_content):
    apps = before_translated_content
    committee = apps.get_model("committees", "Committee").objects.create(name="Market", slug="market")
    Survey = apps.get_model("surveys", "Survey")
    Survey.objects.create(title="Default", slug="default", committee=committee, privacy_note=OLD_DEFAULT_NOTE)
    Survey.objects.create(title="Own", slug="own", committee=committee, privacy_note="We keep nothing at all.")

    apps = migrate([("surveys", "0010_i13_translated_content"), COMMITTEES_NOW])
    Survey = apps.get_model("surveys", "Survey")
    assert dict(Survey.objects.values_list("slug", "privacy_note")) == {"default": "", "own": "We keep nothing at all."}
    assert list(Survey.objects.values_list("original_language", "translations")) == [("en", {})] * 2
