import threading
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.db import DataError, connection, connections

from surveys import services
from surveys.models import Answer, Invitation, Question, Response, Survey
from surveys.tests.conftest import choice
from surveys.tests.factories import SurveyFactory


def full_answers(questions):
    return {
        questions["How old are you?"]: choice(questions["How old are you?"], "Under 30"),
        questions["Why do you come?"]: [choice(questions["Why do you come?"], "Cafés")],
        questions["How satisfied are you?"]: 4,
        questions["Anything else?"]: "Trees on the square.",
    }


@pytest.mark.django_db
def test_a_failure_after_the_answers_were_written_leaves_no_rows(survey, questions):
    real_bulk_create = Answer.objects.bulk_create
    written_before_failure = []

    def write_then_fail(rows, *args, **kwargs):
        real_bulk_create(rows, *args, **kwargs)
        written_before_failure.append((Response.objects.count(), Answer.objects.count()))
        raise RuntimeError("the database went away")

    with mock.patch.object(Answer.objects, "bulk_create", side_effect=write_then_fail) as insert:
        with pytest.raises(RuntimeError):
            services.response_submit(survey=survey, answers=full_answers(questions))
    assert insert.call_count == 1  # every page's answers in one statement
    assert written_before_failure == [(1, 4)]  # the response and the answers of both pages had been written...
    assert Response.objects.count() == 0 and Answer.objects.count() == 0  # ...and were rolled back


@pytest.mark.django_db
def test_an_answer_the_database_refuses_on_the_last_page_stores_nothing_of_the_earlier_pages(survey, questions):
    answers = {**full_answers(questions), questions["How much do you spend?"]: Decimal("1e12")}  # beyond 12 digits
    with pytest.raises(DataError):
        services.response_submit(survey=survey, answers=answers)
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_with_the_same_code_store_exactly_one_response(survey, questions):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.INVITATION)
    survey.refresh_from_db()
    (code,) = services.invitations_generate(survey=survey, count=1)
    token_hash = services.invitation_find(survey=survey, code=code)
    answers = full_answers(questions)
    start, other_is_waiting, outcomes = threading.Barrier(2), threading.Event(), []
    real_claim = services._invitation_claim

    def claim_and_hold_the_lock(**kwargs):
        real_claim(**kwargs)
        other_is_waiting.wait(timeout=10)  # keep the transaction open until the other one queues behind it

    def submit():
        try:
            start.wait()
            services.response_submit(survey=survey, answers=answers, invitation_hash=token_hash)
            outcomes.append("stored")
        except services.InvitationRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    with mock.patch.object(services, "_invitation_claim", side_effect=claim_and_hold_the_lock):
        threads = [threading.Thread(target=submit) for _ in range(2)]
        for thread in threads:
            thread.start()
        second_queued_behind_the_first = _wait_for_a_blocked_lock()
        other_is_waiting.set()
        for thread in threads:
            thread.join(timeout=30)
    assert second_queued_behind_the_first  # the two really overlapped
    assert sorted(outcomes) == ["refused", "stored"]
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 4
    assert Invitation.objects.get().used_at is not None


def _wait_for_a_blocked_lock(seconds=10):
    """True once another connection waits on a row lock (the second UPDATE of the same code)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


@pytest.mark.django_db
def test_invitation_codes_are_stored_only_as_unique_hashes(survey):
    codes = services.invitations_generate(survey=survey, count=25)
    assert len(set(codes)) == 25
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert not stored & set(codes) and len(stored) == 25
    assert services.invitation_find(survey=survey, code=services.format_code(codes[0]).lower()) in stored
    with pytest.raises(services.InvitationRefused):
        services.invitation_find(survey=SurveyFactory(), code=codes[0])


@pytest.mark.django_db
def test_a_question_or_choice_with_answers_cannot_be_deleted_but_a_survey_can(survey, questions):
    services.response_submit(survey=survey, answers=full_answers(questions))
    with pytest.raises(Exception, match="already has answers"):
        services.question_delete(question=questions["Why do you come?"])
    services.question_delete(question=questions["How much do you spend?"])  # no answers: deleted
    assert not Question.objects.filter(text="How much do you spend?").exists()
    survey.delete()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.django_db
def test_moving_a_question_swaps_it_with_its_neighbour(survey, questions):
    services.question_move(question=questions["Anything else?"], direction=-1)
    page = survey.sections.get(order=2).questions.order_by("order").values_list("text", flat=True)
    assert list(page) == ["What would young people like?", "How satisfied are you?", "Anything else?", "How much do you spend?"]
    services.question_move(question=questions["How old are you?"], direction=-1)  # already first: unchanged
    assert survey.sections.get(order=1).questions.order_by("order").first().text == "How old are you?"


@pytest.mark.django_db
def test_copying_a_survey_makes_a_linked_draft_wave_with_the_same_questionnaire(survey, questions):
    wave = services.survey_copy_as_wave(survey=survey)
    assert wave.previous_wave == survey and not wave.is_published and wave.title == "Vision of the centre (wave 2)"
    copied = {question.text: question for question in wave.questions.for_form()}
    assert set(copied) == set(questions)
    young = copied["What would young people like?"]
    assert young.copied_from == questions["What would young people like?"]
    assert young.show_if_question == copied["How old are you?"]
    assert [c.text for c in young.show_if_choices.all()] == ["Under 30"]
    assert young.show_if_choices.get().question.survey == wave
    assert [c.copied_from.text for c in copied["Why do you come?"].choices.all()] == ["Shopping", "Cafés", "Events"]
    third = services.survey_copy_as_wave(survey=wave)
    assert third.title == "Vision of the centre (wave 3)" and third.slug == "vision-wave-3"
