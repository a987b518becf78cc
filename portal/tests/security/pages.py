"""Every URL of the project: how to build it from the security `world`, what each role gets on
GET and on POST, and (for the URLs that change something) a POST that a permitted user's
browser would send. The authorisation, CSRF, GET-safety, header and XSS tests all walk it."""
from dataclasses import dataclass, field
from typing import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.tests.edits import version_of
from portal.tests.security.conftest import ROLES

LOGIN = "302 to sign-in"
DONE = "302 after the change"
TODAY = timezone.localdate().isoformat()


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in(status):
    return {**everyone(status), "anonymous": LOGIN}


def staff(status):
    """Staff readers: managers, secretaries, mayors, superusers. A user without a role gets 403."""
    return {**signed_in(status), "plain": 403}


def insiders(status):
    """Not-public objects: staff readers see them; to the public (and the plain user) they do not exist."""
    return {**everyone(status), "anonymous": 404, "plain": 404}


def only(status, *roles):
    """The named roles and the superuser; every other signed-in user gets 403."""
    return {**signed_in(403), **dict.fromkeys((*roles, "superuser"), status)}


def editors_of_private(status, *roles):
    """Staff pages of a non-public object: it does not exist for the plain user."""
    return {**only(status, *roles), "plain": 404}


def misplaced():
    """An object of committee A addressed under committee B: B's secretary and the superuser find
    nothing there (404); every other signed-in user may not edit B at all (403)."""
    return {**signed_in(403), "secretary_b": 404, "superuser": 404}


def nobody(status):
    return everyone(status)


NOT_ALLOWED = everyone(405)


@dataclass
class Page:
    name: str
    kwargs: Callable = lambda w: {}
    get: dict = field(default_factory=lambda: everyone(200))
    post: dict = field(default_factory=lambda: NOT_ALLOWED)
    data: Callable = None  # a valid POST: the change a permitted user makes
    note: str = ""

    def url(self, world):
        return reverse(self.name, kwargs=self.kwargs(world))

    @property
    def id(self):
        return f"{self.name}{'-' + self.note if self.note else ''}"


def empty(w):
    return {}


def pdf(name="minutes.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 minutes of the meeting", content_type="application/pdf")


def csv_file(text, name="data.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def committee_data(w):
    return {"name": "Riverside Committee", "slug": "riverside", "mandate": "Revive the riverside.", "is_public": "on"}


def meeting_data(w):
    return {"title": "Summer session", "starts_at": "2031-06-01T17:00", "place": "Town Hall", "agenda": "1. Market"}


def membership_data(w):
    return {"role": "member", "term_start": "2025-01-01", "term_end": "2027-12-31"}


def person_data(w):
    return {"full_name": "Petra Zupan", "email": "petra@private.example.org", "phone": "+386 40 111 222"}


def recommendation_data(w):
    return {"title": "Longer opening hours", "text": "Open until eight.", "addressed_to": "businesses"}


def reply_data(w):
    return {"kind": "accepted", "received_on": TODAY, "text": "We agree."}


def organisation_data(w):
    return {"name": "Riverside Traders", "kind": "business_association", "website": "https://traders.example.org"}


def initiative_data(w, initiative=None):
    initiative = initiative or w.private
    data = {
        "title": "Homes above the shops", "slug": initiative.slug if initiative.pk else "", "summary": "Flats in empty upper floors",
        "theme": initiative.theme_id, "status": "planned", "lead_committee": w.committee_a.pk, "area": "Main Square",
        "start_on": "2025-05-01", "end_on": "2025-09-30", "is_public": "on", "version": initiative.version,
        "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0",
    }
    return data


def new_initiative_data(w):
    return {**initiative_data(w), "title": "Night market", "slug": "night-market", "version": ""}


def question_data(w):
    return {
        "section": w.surveys.section.pk, "text": "Where do you park?", "kind": "single",
        "choices-TOTAL_FORMS": "2", "choices-INITIAL_FORMS": "0",
        "choices-0-text": "Main Square", "choices-0-order": "1", "choices-1-text": "Garage", "choices-1-order": "2",
    }


def survey_data(w):
    return {"title": "Parking in the centre", "slug": "parking", "committee": w.committee_a.pk, "access": "public",
            "privacy_note": "Anonymous.", "original_language": "en"}


def answer_data(w):
    question = w.surveys.question
    return {question.field_name: question.choices.first().pk, "action": "next"}


def indicator_data(w):
    return {"original_language": "en", "name": "Benches on the square", "standard_unit": "people",
            "reporting_period": "month", "roll_up": "sum", "decimal_places": "0", "higher_is_better": "on"}


def first_measurement(w):
    return w.indicator.measurements.order_by("measured_on").first()


def photo_update(initiative):
    return initiative.updates.exclude(photo="").get().pk


def kw(**builders):
    """URL kwargs from the world: kw(slug=lambda w: w.public.slug)."""
    return lambda w: {key: builder(w) for key, builder in builders.items()}


A_SLUG = lambda w: w.committee_a.slug  # noqa: E731
B_SLUG = lambda w: w.committee_b.slug  # noqa: E731
SECRETARY_A = ("secretary_a",)
MANAGER_A = ("manager_a",)
MANAGERS = ("manager_a", "manager_b")


def unit_data(w):
    unit = w.premises.unit_a
    return {"committee": unit.committee_id, "street": "Main Street", "number": "7", "unit_name": "", "floor": "ground",
            "floor_area": "64.5", "use_class": "food_and_drink", "notes": "", **version_of(unit)}


def new_unit_data(w):
    return {**unit_data(w), "committee": w.committee_a.pk, "version": "", "status": "vacant_marketed", "status_since": TODAY}


def status_data(w):
    return {"status": "under_offer", "since": TODAY, "note": "Agent says a bakery", **version_of(w.premises.status_a)}


def base_plan_data(w):
    plan = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Main Street"},"geometry":{"type":"LineString","coordinates":[[15.11,46.35],[15.12,46.36]]}}]}'
    return {"committee": w.committee_a.pk, "credit": "Town GIS", "grid": "",
            "file": SimpleUploadedFile("plan.geojson", plan, content_type="application/geo+json")}


def business_data(w):
    return {"committee": w.committee_a.pk, "name": "Kavárna Lipa", "category": "cafe_restaurant",
            "website": "https://lipa.example", **version_of(w.businesses.business_a)}


def new_business_data(w):
    return {**business_data(w), "version": ""}


def occupancy_start_data(w):
    return {"unit": w.businesses.free_unit_a.pk, "since": TODAY, "until": ""}


def occupancy_data(w):
    return {"unit": w.businesses.unit_a.pk, "since": "2024-02-01", "until": "", **version_of(w.businesses.occupancy_a)}


def occupancy_end_data(w):
    return {"until": TODAY, **version_of(w.businesses.occupancy_a)}


BUSINESS_A = kw(business=lambda w: w.businesses.business_a.pk)
OCCUPANCY_A = kw(business=lambda w: w.businesses.business_a.pk, pk=lambda w: w.businesses.occupancy_a.pk)
def register_import_data(w):
    header = "committee,street,number,unit_name,floor,floor_area,use_class,status,status_since\n"
    return {"language": "en", "file": csv_file(header + f"{w.committee_a.slug},Mill Lane,3,,ground,40,services,occupied,{TODAY}\n")}


UNIT_A = kw(unit=lambda w: w.premises.unit_a.pk)
KEEPERS_A = ("manager_a", "secretary_a")
KEEPERS = ("manager_a", "manager_b", "secretary_a", "secretary_b")


PAGES = [
    # The portal's own pages.
    Page("portal:home"),
    Page("portal:search", note="query", kwargs=lambda w: {}),
    Page("portal:privacy"),
    Page("portal:accessibility"),
    Page("portal:my-work", get=signed_in(200), post=signed_in(405)),
    Page("portal:summary", get=staff(200), post={**staff(405)}),
    Page("portal:summary-csv", get=staff(200), post={**staff(405)}),
    Page("portal:summary-xlsx", get=staff(200), post={**staff(405)}),
    Page("login", get={**everyone(DONE), "anonymous": 200}, post=everyone(DONE),
         data=lambda w: {"username": "plain", "password": "a-long-test-password"}),
    Page("logout", get=everyone(405), post=everyone(DONE), data=empty),
    Page("password_change", get=signed_in(200), post=signed_in(DONE),
         data=lambda w: {"old_password": "a-long-test-password", "new_password1": "Another-long-pass-42",
                         "new_password2": "Another-long-pass-42"}),
    Page("password_change_done", get=signed_in(200), post=signed_in(405)),
    # A reset request is answered the same for every address; a link that is not valid says so.
    Page("password_reset", post=everyone(DONE), data=lambda w: {"email": "nobody@example.org"}),
    Page("password_reset_done", post=NOT_ALLOWED),
    Page("password_reset_confirm", kw(uidb64=lambda w: "MQ", token=lambda w: "no-such-token"), post=everyone(200),
         data=lambda w: {"new_password1": "Another-long-pass-42", "new_password2": "Another-long-pass-42"}),
    Page("password_reset_complete", post=NOT_ALLOWED),
    # Secretary B may invite, but only for her own committee: committee A is refused by the form.
    Page("staff_invite", get=only(200, "secretary_a", "secretary_b"), post={**only(DONE, "secretary_a"), "secretary_b": 200},
         data=lambda w: {"full_name": "Nina Kos", "email": "nina@example.org", "role": "Committee secretaries",
                         "committee": w.committee_a.pk}),
    # Committees: public pages.
    Page("committees:list"),
    Page("committees:recommendation-list"),
    Page("committees:detail", kw(slug=A_SLUG)),
    Page("committees:detail", kw(slug=lambda w: w.hidden.slug), get=insiders(200), post=insiders(405), note="hidden"),
    Page("committees:meeting-detail", kw(slug=A_SLUG, pk=lambda w: w.a.meeting.pk)),
    Page("committees:meeting-detail", kw(slug=lambda w: w.hidden.slug, pk=lambda w: w.hidden_meeting.pk),
         get=insiders(200), post=insiders(405), note="hidden"),
    Page("committees:meeting-detail", kw(slug=B_SLUG, pk=lambda w: w.a.meeting.pk), get=everyone(404),
         post=everyone(405), note="A's meeting under B"),
    Page("committees:recommendation-detail", kw(slug=A_SLUG, pk=lambda w: w.a.recommendation.pk)),
    Page("committees:recommendation-detail", kw(slug=A_SLUG, pk=lambda w: w.a.draft.pk), get=insiders(200),
         post=everyone(405), note="draft"),
    Page("committees:document-download", kw(slug=A_SLUG, pk=lambda w: w.a.document.pk)),
    Page("committees:document-download", kw(slug=A_SLUG, pk=lambda w: w.a.internal_document.pk),
         get=insiders(200), note="internal of A"),
    Page("committees:document-download", kw(slug=B_SLUG, pk=lambda w: w.b.internal_document.pk),
         get={**insiders(200), "plain": 200}, note="internal of B"),
    Page("committees:document-download", kw(slug=B_SLUG, pk=lambda w: w.a.internal_document.pk),
         get=everyone(404), note="A's document under B"),
    # Committees: the secretary's pages.
    Page("committees:create", get=only(200, "secretary_a", "secretary_b"), post=only(DONE, "secretary_a", "secretary_b"),
         data=committee_data),
    Page("committees:update", kw(slug=A_SLUG), get=only(200, *SECRETARY_A), post=only(DONE, *SECRETARY_A),
         data=lambda w: {**committee_data(w), "slug": w.committee_a.slug, **version_of(w.committee_a)}),
    Page("committees:membership-create", kw(slug=A_SLUG), get=only(200, *SECRETARY_A), post=only(DONE, *SECRETARY_A),
         data=lambda w: {**membership_data(w), "new_person_name": "Jana Kos", "email": "jana@example.org"}),
    Page("committees:membership-update", kw(slug=A_SLUG, pk=lambda w: w.a.membership.pk), get=only(200, *SECRETARY_A),
         post=only(DONE, *SECRETARY_A), data=lambda w: {**membership_data(w), "role": "vice_chair", **version_of(w.a.membership)}),
    Page("committees:membership-update", kw(slug=B_SLUG, pk=lambda w: w.a.membership.pk),
         get=misplaced(), post=misplaced(), data=lambda w: {**membership_data(w), "role": "vice_chair", **version_of(w.a.membership)},
         note="A's member under B"),
    Page("committees:membership-end", kw(slug=A_SLUG, pk=lambda w: w.a.membership.pk), get=only(200, *SECRETARY_A),
         post=only(DONE, *SECRETARY_A), data=lambda w: {"term_end": TODAY, **version_of(w.a.membership)}),
    Page("committees:person-update", kw(slug=A_SLUG, pk=lambda w: w.a.person.pk), get=only(200, *SECRETARY_A),
         post=only(DONE, *SECRETARY_A), data=lambda w: {**person_data(w), **version_of(w.a.person)}),
    Page("committees:person-update", kw(slug=B_SLUG, pk=lambda w: w.a.person.pk),
         get=misplaced(), post=misplaced(), data=lambda w: {**person_data(w), **version_of(w.a.person)},
         note="A's member under B"),
    # A's member sits only on A and has no sign-in account: A's secretary may erase her data.
    # The people page: staff read names; secretaries and the superuser add people and correct those
    # whose details are open to them (secretary B does not reach committee A's member).
    Page("committees:person-list", get=staff(200), post=staff(405)),
    Page("committees:person-create", get=only(200, "secretary_a", "secretary_b"),
         post=only(DONE, "secretary_a", "secretary_b"), data=person_data),
    Page("committees:person-edit", kw(pk=lambda w: w.a.person.pk), get={**only(200, *SECRETARY_A), "secretary_b": 404},
         post={**only(DONE, *SECRETARY_A), "secretary_b": 404}, data=lambda w: {**person_data(w), **version_of(w.a.person)}),
    Page("committees:person-erase", kw(slug=A_SLUG, pk=lambda w: w.a.person.pk), get=only(200, *SECRETARY_A),
         post=only(DONE, *SECRETARY_A), data=empty),
    Page("committees:person-erase", kw(slug=B_SLUG, pk=lambda w: w.a.person.pk),
         get=misplaced(), post=misplaced(), data=empty, note="A's member under B"),
    Page("committees:meeting-create", kw(slug=A_SLUG), get=only(200, *SECRETARY_A), post=only(DONE, *SECRETARY_A),
         data=meeting_data),
    Page("committees:meeting-update", kw(slug=A_SLUG, pk=lambda w: w.a.planned_meeting.pk), get=only(200, *SECRETARY_A),
         post=only(DONE, *SECRETARY_A), data=lambda w: {**meeting_data(w), **version_of(w.a.planned_meeting)}),
    Page("committees:meeting-update", kw(slug=B_SLUG, pk=lambda w: w.a.planned_meeting.pk),
         get=misplaced(), post=misplaced(), data=lambda w: {**meeting_data(w), **version_of(w.a.planned_meeting)},
         note="A's meeting under B"),
    Page("committees:meeting-record", kw(slug=A_SLUG, pk=lambda w: w.a.meeting.pk), get=only(200, *SECRETARY_A),
         post=only(DONE, *SECRETARY_A),
         data=lambda w: {"status": "held", "minutes": "Agreed.", "minutes_published": "on", **version_of(w.a.meeting)}),
    Page("committees:meeting-cancel", kw(slug=A_SLUG, pk=lambda w: w.a.planned_meeting.pk), get=only(200, *SECRETARY_A),
         post=only(DONE, *SECRETARY_A), data=lambda w: version_of(w.a.planned_meeting)),
    Page("committees:recommendation-create", kw(slug=A_SLUG), get=only(200, *SECRETARY_A), post=only(DONE, *SECRETARY_A),
         data=recommendation_data),
    Page("committees:recommendation-update", kw(slug=A_SLUG, pk=lambda w: w.a.draft.pk), get=only(200, *SECRETARY_A),
         post=only(DONE, *SECRETARY_A), data=lambda w: {**recommendation_data(w), **version_of(w.a.draft)}),
    Page("committees:recommendation-update", kw(slug=B_SLUG, pk=lambda w: w.a.draft.pk),
         get=misplaced(), post=misplaced(), data=lambda w: {**recommendation_data(w), **version_of(w.a.draft)},
         note="A's recommendation under B"),
    Page("committees:recommendation-move", kw(slug=A_SLUG, pk=lambda w: w.a.draft.pk),
         get=only(200, *SECRETARY_A), post=only(DONE, *SECRETARY_A), data=lambda w: {"status": "adopted", "on": TODAY, **version_of(w.a.draft)}),
    # A recommendation's addressees: its committee's secretary keeps them.
    Page("committees:recommendation-addressees", kw(slug=A_SLUG, pk=lambda w: w.a.recommendation.pk),
         get=only(200, *SECRETARY_A), post=only(DONE, *SECRETARY_A),
         data=lambda w: {"organisations": [w.b.organisation.pk], "sent_on": TODAY}),
    Page("committees:recommendation-addressees", kw(slug=B_SLUG, pk=lambda w: w.a.recommendation.pk),
         get=misplaced(), post=misplaced(), data=lambda w: {"organisations": [w.b.organisation.pk], "sent_on": TODAY},
         note="A's recommendation under B"),
    Page("committees:addressee-remove",
         kw(slug=A_SLUG, pk=lambda w: w.a.recommendation.pk, addressee=lambda w: w.a.silent_addressee.pk),
         get=only(405, *SECRETARY_A), post=only(DONE, *SECRETARY_A), data=empty),
    # Replies: the committee's secretary, or the account that speaks for the addressee (the mayor for A's organisation).
    Page("committees:addressee-reply",
         kw(slug=A_SLUG, pk=lambda w: w.a.recommendation.pk, addressee=lambda w: w.a.addressee.pk),
         get=only(200, *SECRETARY_A, "mayor"), post=only(DONE, *SECRETARY_A, "mayor"), data=reply_data),
    Page("committees:addressee-reply",
         kw(slug=B_SLUG, pk=lambda w: w.b.recommendation.pk, addressee=lambda w: w.b.addressee.pk),
         get=only(200, "secretary_b"), post=only(DONE, "secretary_b"), data=reply_data, note="not the mayor's organisation"),
    Page("committees:addressee-reply",
         kw(slug=B_SLUG, pk=lambda w: w.a.recommendation.pk, addressee=lambda w: w.a.addressee.pk),
         get=signed_in(404), post=signed_in(404), data=reply_data, note="A's addressee under B"),
    Page("committees:addressee-reply-correct",
         kw(slug=A_SLUG, pk=lambda w: w.a.recommendation.pk, addressee=lambda w: w.a.addressee.pk, reply=lambda w: w.a.reply.pk),
         get=only(200, *SECRETARY_A, "mayor"), post=only(DONE, *SECRETARY_A, "mayor"),
         data=lambda w: {**reply_data(w), **version_of(w.a.reply)}),
    Page("committees:addressee-reply-correct",
         kw(slug=A_SLUG, pk=lambda w: w.a.recommendation.pk, addressee=lambda w: w.a.silent_addressee.pk, reply=lambda w: w.a.reply.pk),
         get={**only(404, *SECRETARY_A, "mayor"), "mayor": 403}, post={**only(404, *SECRETARY_A, "mayor"), "mayor": 403},
         data=lambda w: {**reply_data(w), **version_of(w.a.reply)}, note="another addressee's reply"),
    # Organisations: staff read them, secretaries keep them.
    Page("committees:organisation-list", get=staff(200), post=staff(405)),
    Page("committees:organisation-create", get=only(200, "secretary_a", "secretary_b"),
         post=only(DONE, "secretary_a", "secretary_b"), data=organisation_data),
    Page("committees:organisation-update", kw(pk=lambda w: w.a.organisation.pk), get=only(200, "secretary_a", "secretary_b"),
         post=only(DONE, "secretary_a", "secretary_b"),
         data=lambda w: {**organisation_data(w), "accounts": [w.users["mayor"].pk], **version_of(w.a.organisation)}),
    Page("committees:document-create", kw(slug=A_SLUG), get=only(200, *SECRETARY_A), post=only(DONE, *SECRETARY_A),
         data=lambda w: {"title": "Workshop summary", "kind": "workshop_summary", "file": pdf()}),
    # Translation pages (core.translated): whoever may edit the item translates it.
    Page("committees:translate", kw(slug=A_SLUG, language=lambda w: "sl"), get=only(200, *SECRETARY_A),
         post=only(DONE, *SECRETARY_A), data=lambda w: {"name": "Odbor za obrežje", **version_of(w.committee_a)}),
    Page("committees:meeting-translate", kw(slug=A_SLUG, pk=lambda w: w.a.planned_meeting.pk, language=lambda w: "pl"),
         get=only(200, *SECRETARY_A), post=only(DONE, *SECRETARY_A),
         data=lambda w: {"title": "Sesja letnia", **version_of(w.a.planned_meeting)}),
    Page("committees:meeting-translate", kw(slug=B_SLUG, pk=lambda w: w.a.planned_meeting.pk, language=lambda w: "pl"),
         get=misplaced(), post=misplaced(), data=lambda w: {"title": "Sesja letnia", **version_of(w.a.planned_meeting)},
         note="A's meeting under B"),
    Page("committees:recommendation-translate", kw(slug=A_SLUG, pk=lambda w: w.a.draft.pk, language=lambda w: "fa"),
         get=only(200, *SECRETARY_A), post=only(DONE, *SECRETARY_A),
         data=lambda w: {"title": "ساعات کاری طولانی‌تر", **version_of(w.a.draft)}),
    # Initiatives.
    Page("initiatives:list"),
    Page("initiatives:export", kw(kind=lambda w: "initiatives")),
    Page("initiatives:export", kw(kind=lambda w: "updates"), note="updates"),
    Page("initiatives:export-xlsx", kw(kind=lambda w: "initiatives")),
    Page("initiatives:import", kw(kind=lambda w: "milestones"), get=only(200, *MANAGERS), post=only(200, *MANAGERS),
         data=lambda w: {"file": csv_file(f"initiative,title,due_on,done_on\n{w.private.slug},Sign leases,2026-01-01,\n")}),
    Page("initiatives:indicator-list"),
    Page("initiatives:indicator-detail", kw(slug=lambda w: w.indicator.slug), post=only(DONE, *MANAGERS),
         data=lambda w: {"measured_on": "2025-03-01", "period": "month", "value": "3120", "source": "counter"}),
    Page("initiatives:measurement-import", kw(slug=lambda w: w.indicator.slug), get=only(200, *MANAGERS),
         post=only(200, *MANAGERS), data=lambda w: {"file": csv_file("2025-03-01,5\n"), "period": "day"}),
    Page("initiatives:indicator-create", get=only(200, *MANAGERS), post=only(DONE, *MANAGERS), data=indicator_data),
    Page("initiatives:indicator-update", kw(slug=lambda w: w.indicator.slug), get=only(200, *MANAGERS),
         post=only(DONE, *MANAGERS), data=lambda w: {**indicator_data(w), "name": "Footfall", "slug": w.indicator.slug,
                                                    **version_of(w.indicator)}),
    Page("initiatives:measurement-update", kw(slug=lambda w: w.indicator.slug, pk=lambda w: first_measurement(w).pk),
         get=only(200, *MANAGERS), post=only(DONE, *MANAGERS),
         data=lambda w: {"measured_on": first_measurement(w).measured_on.isoformat(), "period": "day", "value": "7",
                         "is_excluded": "on", "excluded_reason": "counter fault", **version_of(first_measurement(w))}),
    Page("initiatives:measurement-delete", kw(slug=lambda w: w.indicator.slug, pk=lambda w: first_measurement(w).pk),
         get=only(200, *MANAGERS), post=only(DONE, *MANAGERS), data=lambda w: version_of(first_measurement(w))),
    Page("initiatives:detail", kw(slug=lambda w: w.public.slug)),
    Page("initiatives:detail", kw(slug=lambda w: w.private.slug), get=insiders(200), note="not public"),
    Page("initiatives:update-photo", kw(slug=lambda w: w.public.slug, pk=lambda w: photo_update(w.public))),
    Page("initiatives:update-photo", kw(slug=lambda w: w.private.slug, pk=lambda w: photo_update(w.private)),
         get=insiders(200), note="not public"),
    Page("initiatives:update-photo", kw(slug=lambda w: w.public.slug, pk=lambda w: photo_update(w.private)),
         get=everyone(404), note="another initiative's photo"),
    # Manager B may not make committee A the lead: the form refuses the choice.
    Page("initiatives:create", get=only(200, *MANAGERS), post={**only(DONE, *MANAGERS), "manager_b": 200},
         data=new_initiative_data),
    Page("initiatives:update", kw(slug=lambda w: w.private.slug), get=editors_of_private(200, *MANAGER_A), post=editors_of_private(DONE, *MANAGER_A),
         data=initiative_data),
    Page("initiatives:update-create", kw(slug=lambda w: w.private.slug), get=editors_of_private(200, *MANAGER_A),
         post=editors_of_private(DONE, *MANAGER_A), data=lambda w: {"date": TODAY, "text": "Two flats are let."}),
    Page("initiatives:funding", kw(slug=lambda w: w.private.slug), get=editors_of_private(200, *MANAGER_A), post=editors_of_private(DONE, *MANAGER_A),
         data=lambda w: {"funding-TOTAL_FORMS": "1", "funding-INITIAL_FORMS": "0", "funding-0-source": "eu",
                         "funding-0-planned": "850000", "funding-0-spent": "0", **version_of(w.private)}),
    Page("initiatives:targets", kw(slug=lambda w: w.private.slug), get=editors_of_private(200, *MANAGER_A), post=editors_of_private(DONE, *MANAGER_A),
         data=lambda w: {"targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "0", "targets-0-indicator": w.indicator.pk,
                         "targets-0-baseline": "3000", "targets-0-baseline_on": "2025-01-01",
                         "targets-0-target_value": "4000", "targets-0-target_on": "2026-12-31", **version_of(w.private)}),
    Page("initiatives:history", kw(slug=lambda w: w.public.slug), get=staff(200), post=signed_in(405)),
    Page("initiatives:history", kw(slug=lambda w: w.private.slug), get={**staff(200), "plain": 404},
         post=signed_in(405), note="not public"),
    Page("initiatives:translate", kw(slug=lambda w: w.private.slug, language=lambda w: "sl"),
         get=editors_of_private(200, *MANAGER_A), post=editors_of_private(DONE, *MANAGER_A),
         data=lambda w: {"title": "Stanovanja nad trgovinami", **version_of(w.private)}),
    Page("initiatives:indicator-translate", kw(slug=lambda w: w.indicator.slug, language=lambda w: "fa"),
         get=only(200, *MANAGERS), post=only(DONE, *MANAGERS), data=lambda w: {"name": "تردد عابران", **version_of(w.indicator)}),
    Page("initiatives:milestone-done", kw(slug=lambda w: w.private.slug, pk=lambda w: w.milestone.pk),
         get=editors_of_private(200, *MANAGER_A), post=editors_of_private(DONE, *MANAGER_A),
         data=lambda w: {"done_on": TODAY}),
    Page("initiatives:milestone-done", kw(slug=lambda w: w.public.slug, pk=lambda w: w.milestone.pk),
         get={**only(403, *MANAGER_A), "manager_a": 404, "superuser": 404},
         post={**only(403, *MANAGER_A), "manager_a": 404, "superuser": 404}, data=lambda w: {"done_on": TODAY},
         note="milestone under another initiative"),
    # Surveys: residents' pages.
    Page("surveys:list"),
    Page("surveys:detail", kw(slug=lambda w: w.surveys.open.slug)),
    Page("surveys:detail", kw(slug=lambda w: w.surveys.draft.slug), get=everyone(404), note="draft"),
    Page("surveys:answer", kw(slug=lambda w: w.surveys.open.slug, page=lambda w: 1), post=everyone(DONE), data=answer_data),
    Page("surveys:answer", kw(slug=lambda w: w.surveys.draft.slug, page=lambda w: 1), get=everyone(404),
         post=everyone(404), note="draft"),
    Page("surveys:invitation", kw(slug=lambda w: w.surveys.invitation.slug), post=everyone(200),
         data=lambda w: {"code": "ABCDE-23456"}),
    Page("surveys:thanks", kw(slug=lambda w: w.surveys.open.slug)),
    Page("surveys:results", kw(slug=lambda w: w.surveys.results.slug)),
    Page("surveys:results", kw(slug=lambda w: w.surveys.open.slug), get=insiders(200), note="results not public"),
    # Surveys: the builder.
    Page("surveys:manage", get=staff(200), post=staff(405)),
    Page("surveys:create", get=only(200, *MANAGERS), post={**only(DONE, *MANAGERS), "manager_b": 200},
         data=survey_data),
    Page("surveys:builder", kw(slug=lambda w: w.surveys.open.slug), get=staff(200), post=staff(405)),
    Page("surveys:update", kw(slug=lambda w: w.surveys.draft.slug), get=only(200, *MANAGER_A), post=only(DONE, *MANAGER_A),
         data=lambda w: {**survey_data(w), "slug": w.surveys.draft.slug, **version_of(w.surveys.draft)}),
    Page("surveys:copy", kw(slug=lambda w: w.surveys.open.slug), get=everyone(405), post=only(DONE, *MANAGER_A), data=empty),
    Page("surveys:publish", kw(slug=lambda w: w.surveys.draft.slug), get=everyone(405), post=only(DONE, *MANAGER_A),
         data=empty),
    Page("surveys:translate", kw(slug=lambda w: w.surveys.open.slug, language=lambda w: "sl"), get=only(200, *MANAGER_A),
         post=only(DONE, *MANAGER_A), data=lambda w: {**version_of(w.surveys.open), f"survey-{w.surveys.open.pk}-title": "Anketa"}),
    Page("surveys:preview", kw(slug=lambda w: w.surveys.draft.slug, page=lambda w: 1), get=staff(200), post=staff(200)),
    Page("surveys:section-create", kw(slug=lambda w: w.surveys.open.slug), get=only(200, *MANAGER_A),
         post=only(DONE, *MANAGER_A), data=lambda w: {"title": "About you", "order": "2"}),
    Page("surveys:section-update", kw(slug=lambda w: w.surveys.open.slug, pk=lambda w: w.surveys.section.pk),
         get=only(200, *MANAGER_A), post=only(DONE, *MANAGER_A),
         data=lambda w: {"title": "About you", "order": "1", **version_of(w.surveys.section)}),
    Page("surveys:section-delete", kw(slug=lambda w: w.surveys.draft.slug, pk=lambda w: w.surveys.draft.sections.get().pk),
         get=only(200, *MANAGER_A), post=only(DONE, *MANAGER_A), data=empty),
    Page("surveys:question-create", kw(slug=lambda w: w.surveys.open.slug), get=only(200, *MANAGER_A),
         post=only(DONE, *MANAGER_A), data=question_data),
    Page("surveys:question-update", kw(slug=lambda w: w.surveys.open.slug, pk=lambda w: w.surveys.question.pk),
         get=only(200, *MANAGER_A), post=only(DONE, *MANAGER_A),
         data=lambda w: {**question_data(w), "text": "Where do you usually park?", **version_of(w.surveys.question)}),
    Page("surveys:question-update", kw(slug=lambda w: w.surveys.draft.slug, pk=lambda w: w.surveys.question.pk),
         get={**only(404, *MANAGER_A)}, post={**only(404, *MANAGER_A)}, data=question_data,
         note="a question under another survey"),
    Page("surveys:question-delete", kw(slug=lambda w: w.surveys.draft.slug, pk=lambda w: w.surveys.draft.questions.get().pk),
         get=only(200, *MANAGER_A), post=only(DONE, *MANAGER_A), data=empty),
    Page("surveys:question-move", kw(slug=lambda w: w.surveys.open.slug, pk=lambda w: w.surveys.question.pk),
         get=everyone(405), post=only(DONE, *MANAGER_A), data=lambda w: {"direction": "down"}),
    Page("surveys:invitations", kw(slug=lambda w: w.surveys.invitation.slug), get=only(200, *MANAGER_A),
         post=only(200, *MANAGER_A), data=lambda w: {"count": "3"}),
    Page("surveys:crosstab", kw(slug=lambda w: w.surveys.results.slug), get=staff(200), post=staff(405)),
    Page("surveys:export", kw(slug=lambda w: w.surveys.open.slug), get=staff(200), post=staff(405)),
    Page("surveys:summary-export", kw(slug=lambda w: w.surveys.open.slug), get=staff(200), post=staff(405)),
    Page("surveys:export-xlsx", kw(slug=lambda w: w.surveys.open.slug), get=staff(200), post=staff(405)),
    Page("surveys:summary-export-xlsx", kw(slug=lambda w: w.surveys.open.slug), get=staff(200), post=staff(405)),
    # Premises: the staff register (staff readers read it; the keepers of a unit's committee edit it).
    Page("premises:register", get=staff(200), post=staff(405)),
    Page("premises:unit-detail", kw(pk=lambda w: w.premises.unit_a.pk), get=staff(200), post=staff(405)),
    Page("premises:base-plan", get=only(200, *KEEPERS), data=base_plan_data,
         post={**only(DONE, *KEEPERS_A), "manager_b": 200, "secretary_b": 200}),
    Page("premises:unit-create", get=only(200, *KEEPERS), data=new_unit_data,
         post={**only(DONE, *KEEPERS_A), "manager_b": 200, "secretary_b": 200}),
    Page("premises:unit-update", UNIT_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A), data=unit_data),
    Page("premises:status-create", UNIT_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A), data=status_data),
    Page("premises:status-update", kw(unit=lambda w: w.premises.unit_a.pk, pk=lambda w: w.premises.status_a.pk),
         get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A), data=status_data),
    Page("premises:status-update", kw(unit=lambda w: w.premises.unit_a.pk, pk=lambda w: w.premises.status_b.pk),
         get={**only(404, *KEEPERS_A)}, post={**only(404, *KEEPERS_A)}, data=status_data, note="another unit's status"),
    # Businesses: the public directory; staff readers read the staff pages, the keepers of a business's committee change it.
    Page("businesses:directory"),
    Page("businesses:manage", get=staff(200), post=staff(405)),
    Page("businesses:detail", kw(pk=lambda w: w.businesses.business_a.pk), get=staff(200), post=staff(405)),
    Page("businesses:create", get=only(200, *KEEPERS), data=new_business_data,
         post={**only(DONE, *KEEPERS_A), "manager_b": 200, "secretary_b": 200}),
    Page("businesses:update", BUSINESS_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A), data=business_data),
    Page("businesses:occupancy-create", BUSINESS_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A),
         data=occupancy_start_data),
    Page("businesses:occupancy-update", OCCUPANCY_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A), data=occupancy_data),
    Page("businesses:occupancy-end", OCCUPANCY_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A), data=occupancy_end_data),
    Page("businesses:occupancy-update", kw(business=lambda w: w.businesses.business_a.pk, pk=lambda w: w.businesses.occupancy_b.pk),
         get=only(404, *KEEPERS_A), post=only(404, *KEEPERS_A), data=occupancy_data, note="another business's occupancy"),
    # Premises: the public pages (figures, units to let) and the units' photos (premises/tests/test_public.py
    # tests who sees a photo; the world's units have none, so there is nothing to send to anyone).
    Page("premises:public", get=everyone(200), post=NOT_ALLOWED),
    Page("premises:available", get=everyone(200), post=NOT_ALLOWED),
    Page("premises:unit-photo", kw(pk=lambda w: w.premises.unit_a.pk), get=everyone(404), post=NOT_ALLOWED,
         note="a unit without a photo"),
]

# Premises: owners', landlords' and agents' contacts (the keepers of the unit's committee only) and the street audit.
CONTACT_A = kw(unit=lambda w: w.premises.unit_a.pk, pk=lambda w: w.premises.contact_a.pk)


def contact_data(w):
    contact = w.premises.contact_a
    return {"role": "landlord", "full_name": "Lena Kos", "organisation": "Kos Lettings", "email": "lena@private.example.org",
            "phone": "+386 40 222 333", "version": contact.version, "person_version": contact.person.version}


def audit_data(w):
    unit = w.premises.unit_a
    return {"committee": unit.committee_id, "street": unit.street, "on": TODAY, "unit": unit.pk, "status": "occupied"}


PAGES += [
    Page("premises:contact-create", UNIT_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A),
         data=lambda w: {**contact_data(w), "version": "", "person_version": ""}),
    Page("premises:contact-update", CONTACT_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A), data=contact_data),
    Page("premises:contact-remove", CONTACT_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A), data=empty),
    Page("premises:contact-erase", CONTACT_A, get=only(200, *KEEPERS_A), post=only(DONE, *KEEPERS_A), data=empty),
    Page("premises:audit", get=only(200, *KEEPERS), post=only(405, *KEEPERS)),
    Page("premises:audit-street", get=only(200, *KEEPERS), post=only(DONE, *KEEPERS_A), data=audit_data),
    # Premises: the register as a spreadsheet (staff readers export; keepers import: an upload shows its preview).
    Page("premises:register-export", kw(file_format=lambda w: "csv"), get=staff(200), post=staff(405)),
    Page("premises:register-export", kw(file_format=lambda w: "xlsx"), get=staff(200), post=staff(405), note="xlsx"),
    Page("premises:register-import", get=only(200, *KEEPERS), post=only(200, *KEEPERS), data=register_import_data),
    # Initiatives and units: the units an initiative works on and its place on the plan, chosen by its editors.
    Page("initiatives:place", kw(slug=lambda w: w.private.slug), get=editors_of_private(200, *MANAGER_A),
         post=editors_of_private(DONE, *MANAGER_A),
         data=lambda w: {"units": [w.premises.unit_a.pk], "longitude": "15.11", "latitude": "46.36", **version_of(w.private)}),
]

# Named URLs that are not the portal's pages: Django's admin, the language switch, files in development.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_NAMES = {"set_language", None}
