"""Nothing stored joins a response to the invitation code it used (or to a moment an access log
could show): no shared value, no time finer than the hour, no order of submission."""
import datetime
import itertools
import threading

import pytest
from django.db.models import Min
from django.utils import timezone

from surveys import services
from surveys.models import Invitation, Response, Survey
from surveys.tests.test_services import full_answers, submit_with_code

pytestmark = pytest.mark.django_db

RESIDENTS = 40


def kendall_tau(first, second):
    """-1 to 1: how far two rankings of the same items agree (1: the same order)."""
    pairs = list(itertools.combinations(range(len(first)), 2))
    agreeing = sum(1 if (first[i] - first[j]) * (second[i] - second[j]) > 0 else -1 for i, j in pairs)
    return agreeing / len(pairs)


def ranks(rows, key):
    """{row id: position} with the rows ordered by `key`."""
    return {row["id"]: position for position, row in enumerate(sorted(rows, key=key))}


@pytest.fixture
def answered_by_invitation(survey, questions):
    """RESIDENTS codes, used in the order they were made, at known instants within one hour."""
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.INVITATION)
    survey.refresh_from_db()
    services.invitations_generate(survey=survey, count=RESIDENTS)
    codes_in_order = list(Invitation.objects.order_by("pk").values_list("token_hash", flat=True))
    hour = timezone.localtime(timezone.now() - datetime.timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    used = {}  # token hash -> (response id, instant)
    for number, token_hash in enumerate(codes_in_order):
        instant = hour + datetime.timedelta(seconds=80 * number + 7, microseconds=number)
        response = services.response_submit(survey=survey, answers=full_answers(questions), invitation_hash=token_hash, now=instant)
        used[token_hash] = (response.pk, instant)
    return hour, used


def test_no_stored_value_of_a_code_matches_a_value_of_a_response(answered_by_invitation):
    invitations = list(Invitation.objects.values())
    responses = list(Response.objects.values())
    assert all(invitation["is_used"] for invitation in invitations)
    for invitation, response in itertools.product(invitations, responses):
        shared = {value for key, value in invitation.items() if key not in {"survey_id", "is_used"}}
        assert not shared & {value for key, value in response.items() if key != "survey_id"}


def test_a_response_keeps_only_the_hour_it_came_in(answered_by_invitation):
    hour, _used = answered_by_invitation
    assert set(Response.objects.values_list("submitted_at", flat=True)) == {hour}


def test_the_hour_is_the_local_one_so_responses_per_day_still_count_right(survey, questions):
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() - datetime.timedelta(days=3))
    midnight = timezone.localtime(timezone.now() - datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    for instant in (midnight - datetime.timedelta(microseconds=1), midnight, midnight + datetime.timedelta(minutes=59, seconds=59)):
        services.response_submit(survey=survey, answers=full_answers(questions), now=instant)
    stored = sorted(timezone.localtime(at) for at in Response.objects.values_list("submitted_at", flat=True))
    assert stored == [midnight - datetime.timedelta(hours=1), midnight, midnight]


def test_neither_the_codes_nor_the_responses_keep_the_order_they_were_used_in(answered_by_invitation):
    """Used in the order they were made, at known instants: ordering the stored codes by any of
    their columns and the responses by any of theirs (or by their answers' ids) pairs them no
    better than chance. 40 residents: a random order agrees with the true one to a Kendall tau
    beyond 0.6 about once in ten million."""
    _hour, used = answered_by_invitation
    invitations = list(Invitation.objects.values())
    responses = list(Response.objects.annotate(first_answer=Min("answers__id")).values())
    invitation_orders = [ranks(invitations, lambda row, key=key: (row[key], row["id"])) for key in ("id", "created_at", "token_hash")]
    response_orders = [ranks(responses, lambda row, key=key: (row[key], row["id"])) for key in ("id", "submitted_at", "first_answer")]
    submitted = sorted(used.items(), key=lambda item: item[1][1])
    invitation_pk = {row["token_hash"]: row["id"] for row in invitations}
    for invitation_order, response_order in itertools.product(invitation_orders, response_orders):
        code_ranks = [invitation_order[invitation_pk[token_hash]] for token_hash, _used in submitted]
        response_ranks = [response_order[response_id] for _token_hash, (response_id, _instant) in submitted]
        assert abs(kendall_tau(code_ranks, response_ranks)) < 0.6


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_with_one_code_store_exactly_one_response(survey, questions):
    """The claim is a flag now, not a time: it still lets exactly one of the code's submissions through."""
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.INVITATION)
    survey.refresh_from_db()
    (code,) = services.invitations_generate(survey=survey, count=1)
    token_hash = services.invitation_find(survey=survey, code=code)
    answers, start, outcomes = full_answers(questions), threading.Barrier(20), []
    threads = [threading.Thread(target=submit_with_code, args=(survey, answers, token_hash, outcomes, start)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused"] * 19 + ["stored"]
    assert Response.objects.count() == 1 and Invitation.objects.get().is_used
