import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, connection, connections, transaction
from django.utils import timezone

from surveys import services
from surveys.models import Answer, Choice, Invitation, Question, Response, Survey
from surveys.tests.conftest import choice
from surveys.tests.factories import SurveyFactory


def full_answers(questions):
    return {
        questions["How old are you?"]: choice(questions["How old are you?"], "Under 30"),
        questions["Why do you come?"]: [choice(questions["Why do you come?"], "Cafés")],
        questions["How satisfied are you?"]: 4,
        questions["Anything else?"]: "Trees on the square.",
    }


@pytest.mark.django_db(transaction=True)  # autocommit, as a request runs
def test_an_answer_refused_after_the_response_row_was_written_leaves_no_rows(survey, questions):
    """The response row is written first and the answers after it, in one transaction: when an answer
    fails (here its choice was deleted while the resident answered), the response goes too."""
    answers = full_answers(questions)
    gone = choice(questions["Why do you come?"], "Cafés")
    Choice.objects.filter(pk=gone.pk).delete()
    with pytest.raises(IntegrityError):
        services.response_submit(survey=survey, answers=answers)
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    services.response_submit(survey=survey, answers={**answers, questions["Why do you come?"]: []})
    assert Response.objects.count() == 1 and Answer.objects.count() == 3  # the connection is fine afterwards


@pytest.mark.django_db
def test_a_response_is_stored_with_every_answer(survey, questions):
    answers = {**full_answers(questions), questions["How much do you spend?"]: Decimal("12.50")}
    response = services.response_submit(survey=survey, answers=answers, language="sl-si-extra")
    stored = Response.objects.get()
    assert (stored.pk, stored.language, stored.submitted_at) == (response.pk, "sl-si-extr", response.submitted_at)
    rows = {(a.question.text, a.choice and a.choice.text, a.number, a.text) for a in stored.answers.select_related("question", "choice")}
    assert rows == {
        ("How old are you?", "Under 30", None, ""),
        ("Why do you come?", "Cafés", None, ""),
        ("How satisfied are you?", None, Decimal("4.00"), ""),
        ("Anything else?", None, None, "Trees on the square."),
        ("How much do you spend?", None, Decimal("12.50"), ""),
    }


@pytest.mark.django_db
def test_a_survey_closed_after_the_callers_check_stores_nothing(survey, questions):
    """The caller's survey says open (the answer pages keep it per content version), but its row
    was closed meanwhile by a change that sent no signal: the write reads the row and refuses."""
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(services.SurveyNotOpen):
        services.response_submit(survey=survey, answers=full_answers(questions))
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.django_db
def test_a_number_that_is_not_finite_is_refused_before_anything_is_written(survey, questions):
    answers = {**full_answers(questions), questions["How much do you spend?"]: Decimal("NaN")}
    with pytest.raises(ValueError):
        services.response_submit(survey=survey, answers=answers)
    assert Response.objects.count() == 0


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
    first_stored, other_is_waiting, outcomes = threading.Event(), threading.Event(), []

    def first_submission_held_open():
        # The first resident's transaction stays open (and holds the code's row) until the second
        # queues behind it: response_submit's own transaction is part of this one.
        try:
            with transaction.atomic():
                submit_with_code(survey, answers, token_hash, outcomes, own_thread=False)
                first_stored.set()
                other_is_waiting.wait(timeout=10)
        finally:
            connections.close_all()

    first = threading.Thread(target=first_submission_held_open)
    first.start()
    assert first_stored.wait(timeout=10)
    second = threading.Thread(target=submit_with_code, args=(survey, answers, token_hash, outcomes))
    second.start()
    second_queued_behind_the_first = _wait_for_a_blocked_lock()
    other_is_waiting.set()
    for thread in (first, second):
        thread.join(timeout=30)
    assert second_queued_behind_the_first  # the two really overlapped
    assert sorted(outcomes) == ["refused", "stored"]
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 4
    assert Invitation.objects.get().is_used


def submit_with_code(survey, answers, token_hash, outcomes, start=None, own_thread=True):
    """One of several submissions with the same code (in a thread of its own, after `start` if
    given): notes the outcome."""
    try:
        if start is not None:
            start.wait()
        services.response_submit(survey=survey, answers=answers, invitation_hash=token_hash)
        outcomes.append("stored")
    except services.InvitationRefused:
        outcomes.append("refused")
    finally:
        if own_thread:
            connections.close_all()


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
