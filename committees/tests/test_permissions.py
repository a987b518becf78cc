"""The whole permission table of the committees app: every URL × role × GET/POST → what the user gets."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.tests.edits import opened

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "manager", "secretary", "other_secretary", "mayor", "superuser"]
LOGIN = "302 to sign-in"
DONE = "302 after saving"


def everyone(status):
    return dict.fromkeys(ROLES, status)


def insiders(status):
    """Anonymous users do not see it at all; every role of the table is a staff reader."""
    return {**everyone(status), "anonymous": 404}


def editors(status):
    """The secretary of this committee and superusers; other signed-in roles get 403."""
    return {**everyone(403), "anonymous": LOGIN, "secretary": status, "superuser": status}


def misplaced():
    """Riverside's object under Lakeside: Lakeside's secretary and superusers find nothing (404)."""
    return {**editors(403), "other_secretary": 404, "superuser": 404}


def creators(status):
    return {**editors(status), "other_secretary": status}


TODAY = timezone.localdate().isoformat()
COMMITTEE_DATA = {"name": "Riverside Committee", "slug": "riverside", "mandate": "Revive the riverside.", "is_public": "on"}
MEETING_DATA = {"title": "Summer session", "starts_at": "2031-06-01T17:00", "place": "Town Hall", "agenda": "1. Market"}
MEMBERSHIP_DATA = {"role": "member", "term_start": "2025-01-01", "term_end": "2027-12-31"}
PERSON_DATA = {"full_name": "Petra Zupan Novak", "email": "petra@private.example.org", "phone": "+386 40 111 222"}
RECOMMENDATION_DATA = {"title": "Longer opening hours", "text": "Open until eight.", "addressed_to": "businesses"}


def upload():
    return {"title": "Workshop summary", "kind": "workshop_summary", "file": SimpleUploadedFile("summary.pdf", b"%PDF-1.4")}


# url name, URL arguments (from the `world` fixture), GET expectations, POST expectations, POST data
TABLE = [
    ("list", lambda w: {}, everyone(200), everyone(405), dict),
    ("recommendation-list", lambda w: {}, everyone(200), everyone(405), dict),
    ("detail", lambda w: {"slug": w.committee.slug}, everyone(200), everyone(405), dict),
    ("detail", lambda w: {"slug": w.hidden.slug}, insiders(200), insiders(405), dict),
    ("meeting-detail", lambda w: {"slug": w.committee.slug, "pk": w.meeting.pk}, everyone(200), everyone(405), dict),
    ("meeting-detail", lambda w: {"slug": w.hidden.slug, "pk": w.hidden_meeting.pk}, insiders(200), insiders(405), dict),
    ("recommendation-detail", lambda w: {"slug": w.committee.slug, "pk": w.recommendation.pk},
     everyone(200), everyone(405), dict),
    ("recommendation-detail", lambda w: {"slug": w.committee.slug, "pk": w.draft.pk}, insiders(200), everyone(405), dict),
    ("document-download", lambda w: {"slug": w.committee.slug, "pk": w.document.pk}, everyone(200), everyone(405), dict),
    ("document-download", lambda w: {"slug": w.committee.slug, "pk": w.internal_document.pk},
     insiders(200), everyone(405), dict),
    ("create", lambda w: {}, creators(200), creators(DONE),
     lambda: {**COMMITTEE_DATA, "name": "Market Square Committee", "slug": ""}),
    ("update", lambda w: {"slug": w.committee.slug}, editors(200), editors(DONE), lambda: COMMITTEE_DATA),
    ("update", lambda w: {"slug": w.hidden.slug}, editors(200), editors(DONE),
     lambda: {**COMMITTEE_DATA, "slug": "task-force", "is_public": ""}),
    ("membership-create", lambda w: {"slug": w.committee.slug}, editors(200), editors(DONE),
     lambda: {**MEMBERSHIP_DATA, "new_person_name": "Jana Kos", "email": "jana@example.org"}),
    ("membership-update", lambda w: {"slug": w.committee.slug, "pk": w.membership.pk}, editors(200), editors(DONE),
     lambda: {**MEMBERSHIP_DATA, "role": "vice_chair"}),
    ("membership-end", lambda w: {"slug": w.committee.slug, "pk": w.membership.pk}, editors(200), editors(DONE),
     lambda: {"term_end": TODAY}),
    ("person-update", lambda w: {"slug": w.committee.slug, "pk": w.membership.person_id}, editors(200), editors(DONE),
     lambda: PERSON_DATA),
    # Lakeside's secretary may not reach a Riverside member by putting Lakeside in the address.
    ("person-update", lambda w: {"slug": w.other_committee.slug, "pk": w.membership.person_id},
     misplaced(), misplaced(), lambda: PERSON_DATA),
    # Petra sits only on Riverside and has no sign-in account: its secretary may erase her data.
    ("person-erase", lambda w: {"slug": w.committee.slug, "pk": w.membership.person_id}, editors(200), editors(DONE),
     dict),
    ("person-erase", lambda w: {"slug": w.other_committee.slug, "pk": w.membership.person_id},
     misplaced(), misplaced(), dict),
    ("meeting-create", lambda w: {"slug": w.committee.slug}, editors(200), editors(DONE), lambda: MEETING_DATA),
    ("meeting-update", lambda w: {"slug": w.committee.slug, "pk": w.meeting.pk}, editors(200), editors(DONE),
     lambda: MEETING_DATA),
    ("meeting-record", lambda w: {"slug": w.committee.slug, "pk": w.meeting.pk}, editors(200), editors(DONE),
     lambda: {"status": "held", "minutes": "Agreed.", "minutes_published": "on"}),
    ("meeting-cancel", lambda w: {"slug": w.committee.slug, "pk": w.meeting.pk}, editors(200), editors(DONE), dict),
    ("recommendation-create", lambda w: {"slug": w.committee.slug}, editors(200), editors(DONE),
     lambda: RECOMMENDATION_DATA),
    ("recommendation-update", lambda w: {"slug": w.committee.slug, "pk": w.recommendation.pk},
     editors(200), editors(DONE), lambda: RECOMMENDATION_DATA),
    ("recommendation-move", lambda w: {"slug": w.committee.slug, "pk": w.draft.pk},
     editors(200), editors(DONE), lambda: {"status": "adopted", "on": TODAY}),
    ("document-create", lambda w: {"slug": w.committee.slug}, editors(200), editors(DONE), upload),
    # Whoever may edit the committee translates its texts (core.translated).
    ("translate", lambda w: {"slug": w.committee.slug, "language": "sl"}, editors(200), editors(DONE),
     lambda: {"name": "Odbor za obrežje"}),
    ("translate", lambda w: {"slug": w.hidden.slug, "language": "fa"}, editors(200), editors(DONE),
     lambda: {"name": "کارگروه واحدهای تجاری"}),
    ("meeting-translate", lambda w: {"slug": w.committee.slug, "pk": w.meeting.pk, "language": "pl"},
     editors(200), editors(DONE), lambda: {"title": "Sesja wiosenna"}),
    ("meeting-translate", lambda w: {"slug": w.other_committee.slug, "pk": w.meeting.pk, "language": "pl"},
     misplaced(), misplaced(), lambda: {"title": "Sesja wiosenna"}),
    ("recommendation-translate", lambda w: {"slug": w.committee.slug, "pk": w.recommendation.pk, "language": "fa"},
     editors(200), editors(DONE), lambda: {"title": "میدان را یکشنبه‌ها باز کنید"}),
]

CASES = [
    pytest.param(name, arguments, method, role, expected[role], data, id=f"{name}[{index}]-{method}-{role}")
    for index, (name, arguments, get_expected, post_expected, data) in enumerate(TABLE)
    for method, expected in (("get", get_expected), ("post", post_expected))
    for role in ROLES
]


@pytest.mark.parametrize("name, arguments, method, role, expected, data", CASES)
def test_every_committees_page_answers_each_role_as_the_table_says(
    client, world, name, arguments, method, role, expected, data
):
    if world.users[role]:
        client.force_login(world.users[role])
    url = reverse(f"committees:{name}", kwargs=arguments(world))
    response = client.get(url) if method == "get" else client.post(url, {**opened(client, url), **data()})
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={url}"
    elif expected == DONE:
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert not response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("committees", [[], ["committee"]], ids=["no-committee", "member-without-a-role"])
def test_a_signed_in_user_without_a_role_may_not_edit_contact_details(client, world, make_user, committees):
    client.force_login(make_user("plain", committees=[getattr(world, name) for name in committees]))
    url = reverse("committees:person-update", kwargs={"slug": world.committee.slug, "pk": world.membership.person_id})
    assert client.get(url).status_code == 403
    assert client.post(url, PERSON_DATA).status_code == 403
    world.membership.person.refresh_from_db()
    assert world.membership.person.full_name == "Petra Zupan"
