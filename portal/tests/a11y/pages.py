"""Every page type of the portal, built from the demo town: the public pages a resident reads,
and the staff pages the demo superuser (who may do everything) works on. The accessibility,
language and small-screen tests all walk these lists; test_page_list checks they cover the
URL resolver."""
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from committees.models import AddresseeReply, Committee, Meeting, Membership, Organisation, Recommendation
from initiatives.models import Indicator, Initiative, Measurement, Milestone
from premises.models import Unit, UnitContact
from surveys.models import Question, Section, Survey

# URL names that are not HTML pages to look at: downloads, exports and POST-only actions.
NOT_PAGES = {
    "portal:summary-csv", "portal:summary-xlsx", "committees:document-download", "initiatives:update-photo",
    "initiatives:export", "initiatives:export-xlsx", "committees:addressee-remove",
    "surveys:export", "surveys:summary-export", "surveys:export-xlsx", "surveys:summary-export-xlsx", "surveys:copy", "surveys:publish", "surveys:question-move", "logout", "set_language",
    "surveys:invitation",  # a POST target; the code form itself is on surveys:detail
    "premises:unit-photo",  # an image, shown on premises:available
}


def public_pages():
    """(URL name, URL) of every public page type, as a resident sees them."""
    committee = Committee.objects.get(slug="city-marketing-committee")
    meeting = Meeting.objects.filter(committee=committee, status="held").order_by("pk").first()
    recommendation = Recommendation.objects.filter(committee=committee).exclude(status="draft").order_by("pk").first()
    initiative = Initiative.objects.get(slug="pop-up-shops")
    indicator = Indicator.objects.get(slug="footfall")
    survey = Survey.objects.get(slug="vision-of-the-centre")
    closed = Survey.objects.get(slug="vision-of-the-centre-2024")
    pages = [
        ("portal:home", reverse("portal:home")),
        ("portal:search", reverse("portal:search") + "?q=shops"),
        ("portal:privacy", reverse("portal:privacy")),
        ("portal:accessibility", reverse("portal:accessibility")),
        ("login", reverse("login")),
        ("password_reset", reverse("password_reset")),
        ("password_reset_done", reverse("password_reset_done")),
        ("password_reset_confirm", reverse("password_reset_confirm", args=["MQ", "no-such-token"])),
        ("password_reset_complete", reverse("password_reset_complete")),
        ("committees:list", reverse("committees:list")),
        ("committees:detail", committee.get_absolute_url()),
        ("committees:meeting-detail", reverse("committees:meeting-detail", args=[committee.slug, meeting.pk])),
        ("committees:recommendation-list", reverse("committees:recommendation-list")),
        ("committees:recommendation-detail",
         reverse("committees:recommendation-detail", args=[committee.slug, recommendation.pk])),
        ("initiatives:list", reverse("initiatives:list")),
        ("initiatives:detail", initiative.get_absolute_url()),
        ("initiatives:indicator-list", reverse("initiatives:indicator-list")),
        ("initiatives:indicator-detail", indicator.get_absolute_url()),
        ("surveys:list", reverse("surveys:list")),
        ("surveys:detail", reverse("surveys:detail", args=[survey.slug])),
        ("surveys:answer", reverse("surveys:answer", args=[survey.slug, 1])),
        ("surveys:thanks", reverse("surveys:thanks", args=[survey.slug])),
        ("surveys:results", reverse("surveys:results", args=[closed.slug])),
        ("404", "/initiatives/no-such-initiative/"),
    ]
    pages += [
        ("businesses:directory", reverse("businesses:directory")),
        ("premises:public", reverse("premises:public")),
        ("premises:available", reverse("premises:available")),
    ]
    return pages


def staff_pages():
    """(URL name, URL) of every staff page type, as the demo superuser sees them."""
    committee = Committee.objects.get(slug="city-marketing-committee")
    slug = committee.slug
    meeting = Meeting.objects.filter(committee=committee, status="planned").order_by("pk").first()
    membership = Membership.objects.filter(committee=committee).order_by("pk").first()
    recommendation = Recommendation.objects.filter(committee=committee).order_by("pk").first()
    reply = AddresseeReply.objects.filter(addressee__recommendation__committee=committee).order_by("pk").first()
    addressee = reply.addressee
    organisation = Organisation.objects.get(name="Municipality of Riverbend")
    initiative = Initiative.objects.get(slug="pop-up-shops").slug
    survey = Survey.objects.get(slug="vision-of-the-centre").slug
    section = Section.objects.filter(survey__slug=survey).order_by("pk").first()
    question = Question.objects.filter(section=section).order_by("pk").first()
    unit = Unit.objects.filter(committee=committee, statuses__isnull=False).order_by("pk").first()
    measurement = Measurement.objects.filter(indicator__slug="footfall", computed_from="").order_by("pk").first()
    named = [
        ("portal:summary", []), ("portal:my-work", []), ("password_change", []), ("password_change_done", []),
        ("staff_invite", []),
        ("committees:create", []), ("committees:update", [slug]),
        ("committees:membership-create", [slug]), ("committees:membership-update", [slug, membership.pk]),
        ("committees:membership-end", [slug, membership.pk]),
        ("committees:person-update", [slug, membership.person_id]),
        ("committees:person-list", []), ("committees:person-create", []),
        ("committees:person-edit", [membership.person_id]),
        ("committees:meeting-create", [slug]), ("committees:meeting-update", [slug, meeting.pk]),
        ("committees:meeting-record", [slug, meeting.pk]), ("committees:meeting-cancel", [slug, meeting.pk]),
        ("committees:recommendation-create", [slug]),
        ("committees:recommendation-update", [slug, recommendation.pk]),
        ("committees:recommendation-move", [slug, recommendation.pk]),
        ("committees:document-create", [slug]),
        ("committees:organisation-list", []), ("committees:organisation-create", []),
        ("committees:organisation-update", [organisation.pk]),
        ("committees:recommendation-addressees", [slug, addressee.recommendation_id]),
        ("committees:addressee-reply", [slug, addressee.recommendation_id, addressee.pk]),
        ("committees:addressee-reply-correct", [slug, addressee.recommendation_id, addressee.pk, reply.pk]),
        ("initiatives:create", []), ("initiatives:update", [initiative]), ("initiatives:update-create", [initiative]),
        ("initiatives:funding", [initiative]), ("initiatives:targets", [initiative]), ("initiatives:history", [initiative]),
        ("initiatives:import", ["initiatives"]), ("initiatives:measurement-import", ["footfall"]),
        ("initiatives:indicator-create", []), ("initiatives:indicator-update", ["footfall"]),
        ("initiatives:measurement-update", ["footfall", measurement.pk]),
        ("initiatives:measurement-delete", ["footfall", measurement.pk]),
        ("initiatives:milestone-done", [initiative, Milestone.objects.filter(initiative__slug=initiative).order_by("pk").first().pk]),
        ("surveys:manage", []), ("surveys:create", []), ("surveys:builder", [survey]), ("surveys:update", [survey]),
        ("surveys:translate", [survey, "pl"]),
        ("surveys:preview", [survey, 1]), ("surveys:section-create", [survey]),
        ("surveys:section-update", [survey, section.pk]), ("surveys:section-delete", [survey, section.pk]),
        ("surveys:question-create", [survey]), ("surveys:question-update", [survey, question.pk]),
        ("surveys:question-delete", [survey, question.pk]), ("surveys:invitations", ["doing-business-in-the-centre"]),
        ("premises:register", []), ("premises:unit-detail", [unit.pk]), ("premises:unit-create", []),
        ("premises:base-plan", []),
        ("premises:unit-update", [unit.pk]), ("premises:status-create", [unit.pk]),
        ("premises:status-update", [unit.pk, unit.statuses.order_by("pk").first().pk]),
        # The register as a spreadsheet: the import page (its preview: test_import_preview.py).
        ("premises:register-import", []),
        # Initiatives and units (the pop-up shops name three units of the demo register).
        ("initiatives:place", [initiative]),
    ]
    contact = UnitContact.objects.filter(unit__committee=committee).order_by("pk").first()
    named += [
        ("premises:contact-create", [contact.unit_id]), ("premises:contact-update", [contact.unit_id, contact.pk]),
        ("premises:contact-remove", [contact.unit_id, contact.pk]), ("premises:contact-erase", [contact.unit_id, contact.pk]),
        ("premises:audit", []),
    ]
    street = "?" + urlencode({"committee": committee.pk, "street": unit.street, "on": timezone.localdate().isoformat()})
    crossed = Question.objects.filter(survey__slug=survey, kind__in=["single", "multiple", "yes_no", "scale_1_5", "rating_0_10"])
    rows, columns = crossed.order_by("section__order", "order", "pk").values_list("pk", flat=True)[:2]
    named += business_pages(committee)
    return [(name, reverse(name, args=args)) for name, args in named] + [
        ("surveys:crosstab", reverse("surveys:crosstab", args=[survey]) + f"?rows={rows}&columns={columns}"),
        ("premises:audit-street", reverse("premises:audit-street") + street),
    ]


def business_pages(committee):
    """(URL name, args) of the staff pages of the businesses, on a demo business trading today."""
    from premises.models import Occupancy

    occupancy = Occupancy.objects.on().filter(business__committee=committee).order_by("pk").first()
    business = occupancy.business_id
    return [
        ("businesses:manage", []), ("businesses:create", []), ("businesses:detail", [business]),
        ("businesses:update", [business]), ("businesses:occupancy-create", [business]),
        ("businesses:occupancy-update", [business, occupancy.pk]), ("businesses:occupancy-end", [business, occupancy.pk]),
    ]
