"""Committees: organisations, people, committees, memberships, meetings, recommendations, documents."""
import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from core import reading
from core.files import private_storage, validate_upload_size
from core.models import EditedBy, EditVersion
from core.translated import Translated, shown
from core.roles import is_secretary, is_staff_reader

DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "csv", "png", "jpg", "jpeg"]


def document_upload_to(document, filename):
    # Our own name on disk: the uploaded name is kept only as a display suffix.
    suffix = Path(filename).suffix.lower()
    return f"documents/{timezone.now():%Y/%m}/{timezone.now():%d%H%M%S%f}{suffix}"


class Organisation(EditVersion):
    """An organisation members represent and recommendations are sent to. Secretaries keep the list
    (committees.services.organisation_create / organisation_update), each change in its history."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        MINISTRY = "ministry", _("ministry")
        PUBLIC_AGENCY = "public_agency", _("public agency")
        CHAMBER = "chamber", _("chamber")
        BUSINESS_ASSOCIATION = "business_association", _("business association")
        BUSINESS = "business", _("business")
        NGO = "ngo", _("NGO")
        OTHER = "other", pgettext_lazy("kind of organisation", "other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("committees:organisation-update", kwargs={"pk": self.pk})


class OrganisationAccount(models.Model):
    """The link of a staff account to the organisation it speaks for: a mayor's account to her
    municipality. One organisation per account (a mayor answers for one municipality), any number of
    accounts per organisation (the mayor and her deputy). Through it the account records the
    organisation's replies to recommendations (committees.rules.can_record_reply) and sees what awaits
    its reply in "my work". Kept by the superuser or a secretary on the organisation's page
    (committees.services.organisation_accounts_set), each change in its history."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), on_delete=models.CASCADE,
        related_name="organisation_link",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="accounts"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("account of an organisation")
        verbose_name_plural = _("accounts of organisations")

    def __str__(self):
        return f"{self.user} – {self.organisation}"


def organisation_id_of(user):
    """The id of the organisation the user's account speaks for (OrganisationAccount), or None; one
    query, cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_portal_organisation_id"):
        user._portal_organisation_id = (
            OrganisationAccount.objects.filter(user=user).values_list("organisation_id", flat=True).first()
        )
    return user._portal_organisation_id


class PersonQuerySet(models.QuerySet):
    """Who may see what of a person. Each rule is stated here once; views, forms, templates and the
    committee page's links all ask these methods (the admin is for superusers only)."""

    def not_erased(self):
        return self.filter(erased_on__isnull=True)

    def contact_details_open_to(self, user, on=None):
        """The people whose e-mail and phone the user may see and correct.

        A secretary reaches the people who sit TODAY (the term covers `on`) on a committee she
        keeps today; an appointed term that has not started does not count, nor a membership she
        made herself for someone she did not enter (adding an existing person reveals nothing). The one exception is a
        person she entered herself: while that person has not yet begun a term anywhere (the
        membership is being set up), she keeps seeing what she typed. From the first day of any
        term the creator link is ignored and only the first rule applies. Superusers reach everyone.
        """
        people = self.not_erased()
        if getattr(user, "is_superuser", False):
            return people
        if not is_secretary(user):
            return people.none()
        on = on or timezone.localdate()
        sitting = Membership.objects.current(on).filter(committee_id__in=member_committee_ids(user))
        # Seating someone already known opens nothing to the one who seated them: else anyone the
        # picker offers could be added for a day and their details read.
        sitting = sitting.exclude(Q(added_by=user) & ~Q(person__created_by=user))
        started = Membership.objects.filter(term_start__lte=on)
        return people.filter(
            Q(pk__in=sitting.values("person_id"))
            | (Q(created_by=user) & ~Q(pk__in=started.values("person_id")))
        )

    def offered_to(self, user):
        """The people a secretary may pick when adding a member: names only, in name order.

        Those listed (past, present or appointed) on a public committee, whose names residents
        read anyway, and those on a committee the user sits on today. Someone known only from a
        non-public committee the user does not sit on is not offered, so the list never tells of
        that membership; such a person is entered as new."""
        people = self.not_erased().order_by("full_name", "pk")
        if getattr(user, "is_superuser", False):
            return people
        listed = Membership.objects.filter(Q(committee__is_public=True) | Q(committee_id__in=member_committee_ids(user)))
        return people.filter(pk__in=listed.values("person_id"))

    def listed_for(self, user):
        """The people on the staff people page, by name: superusers see everyone; a secretary those
        with a term (past, present or appointed) on a committee she keeps, and anyone whose details
        are open to her (contact_details_open_to: someone she entered who has no term yet); managers
        and mayors everyone with a term on a committee, as the committees' pages list them to staff.
        Never the erased."""
        people = self.not_erased().order_by("full_name", "pk")
        if getattr(user, "is_superuser", False):
            return people
        if is_secretary(user):
            on_kept = Membership.objects.filter(committee_id__in=member_committee_ids(user)).values("person_id")
            return people.filter(Q(pk__in=on_kept) | Q(pk__in=self.model.objects.contact_details_open_to(user).values("pk")))
        if is_staff_reader(user):
            return people.filter(pk__in=Membership.objects.values("person_id"))
        return people.none()

    def for_people_page(self, user):
        """listed_for(user), each with `contact_details_open` (may the user see and correct them?),
        `current_memberships` (with their committees) and the linked account, in three queries."""
        current = Membership.objects.current().select_related("committee").order_by("committee__name", "pk")
        return (
            self.listed_for(user)
            .annotate(contact_details_open=models.Exists(self.model.objects.contact_details_open_to(user).filter(pk=OuterRef("pk"))))
            .select_related("user")
            .prefetch_related(models.Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        )

    def expected_at(self, meeting):
        """Whose attendance the meeting's record asks for, by name: its committee's members on the
        day, and anyone recorded at it already."""
        people = Q(memberships__in=meeting.memberships_of_the_day()) | Q(attendances__meeting=meeting)
        return self.filter(people).distinct().order_by("full_name")

    def erasable_by(self, user):
        """The people whose personal data the user may erase (`committees.services.person_erase`).

        Superusers: anyone. A secretary: people without a sign-in account (accounts are the
        administrators') whose every term, past, present or appointed, is on committees she keeps
        today, so she cannot erase anyone another committee still needs."""
        people = self.not_erased()
        if getattr(user, "is_superuser", False):
            return people
        if not is_secretary(user):
            return people.none()
        kept = member_committee_ids(user)
        elsewhere = Membership.objects.exclude(committee_id__in=kept).values("person_id")
        on_kept = Membership.objects.filter(committee_id__in=kept).values("person_id")
        return people.filter(user__isnull=True, pk__in=on_kept).exclude(pk__in=elsewhere)


class Person(EditedBy):
    """Someone who sits on a committee. Contact details are private: never on public pages.

    Once erased (`committees.services.person_erase`) the row stays only so that the committee's
    records keep their shape; it holds no name, contact or account and reads "a former member".
    """

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email (private)"), blank=True)
    phone = models.CharField(_("phone (private)"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    # Who typed the details in: they keep seeing them until the person begins a term
    # (see PersonQuerySet.contact_details_open_to).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    erased_on = models.DateField(_("personal data erased on"), null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name if self.erased_on is None else str(FORMER_MEMBER)


# What the committee's records say in place of an erased person's name.
FORMER_MEMBER = _("a former member")


def _visible_to(queryset, user, committee_field):
    """Staff readers see everything; others what is public (the queryset's `public_q`) plus what
    belongs to their own committees."""
    if is_staff_reader(user):
        return queryset
    return queryset.filter(queryset.public_q() | Q(**{f"{committee_field}__in": member_committee_ids(user)}))


class CommitteeQuerySet(models.QuerySet):
    @staticmethod
    def public_q():
        return Q(is_public=True)

    def public(self):
        return self.filter(self.public_q())

    def visible_to(self, user):
        return _visible_to(self, user, "pk")

    def with_member(self, person):
        """The committees the person has a term on, past, current or appointed."""
        return self.filter(pk__in=Membership.objects.filter(person=person).values("committee_id"))

    def with_current_member_count(self, on=None):
        on = on or timezone.localdate()
        return self.annotate(
            current_member_count=models.Count(
                "memberships", filter=Membership.current_q(on, prefix="memberships__"), distinct=True
            )
        )


class Committee(Translated, EditedBy):
    translated_fields = ("name", "mandate")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    mandate = models.TextField(_("mandate"), blank=True)
    appointed_by = models.CharField(_("appointed by"), max_length=200, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    # The committee's own office, shown on public pages (premises to let): never a person's private details.
    enquiry_email = models.EmailField(
        _("public enquiry e-mail"), blank=True,
        help_text=_("Shown on public pages (premises to let) for enquiries: an office address, not a person's private one."),
    )
    enquiry_phone = models.CharField(
        _("public enquiry phone"), max_length=40, blank=True, help_text=_("Shown on public pages beside the e-mail."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self):
        return shown(self, "name")  # in the reader's language (core.translated)

    def get_absolute_url(self):
        return reverse("committees:detail", kwargs={"slug": self.slug})

    def staff_alerts(self, on=None):
        """What needs the secretary's attention: terms ending within 60 days, overdue replies, missing minutes."""
        on = on or timezone.localdate()
        return {
            "ending_terms": self.memberships.ending_within(60, on).with_people().order_by("term_end"),
            "overdue_replies": RecommendationAddressee.objects.filter(recommendation__committee=self)
            .overdue(on).with_recommendation().in_due_order(),
            "meetings_without_minutes": self.meetings.held_without_minutes().select_related("committee"),
        }


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        return self.filter(Membership.current_q(on or timezone.localdate()))

    def past(self, on=None):
        return self.filter(term_end__lt=on or timezone.localdate())

    def upcoming(self, on=None):
        """Appointed members whose term has not started yet."""
        return self.filter(term_start__gt=on or timezone.localdate())

    def ending_within(self, days, on=None):
        on = on or timezone.localdate()
        return self.current(on).filter(term_end__lte=on + datetime.timedelta(days=days))

    def with_people(self):
        return self.select_related("person", "organisation", "committee")

    def with_person_rights(self, user):
        """Marks each row with what the user may do with its person: `contact_details_open` and
        `person_erasable` (the rules of PersonQuerySet), without a query per row."""
        def rule(people):
            return models.Exists(people.filter(pk=OuterRef("person_id")))

        return self.annotate(
            contact_details_open=rule(Person.objects.contact_details_open_to(user)),
            person_erasable=rule(Person.objects.erasable_by(user)),
        )

    def in_role_order(self):
        """Chair first, then vice-chair, secretary, members, experts, observers; by name within a role."""
        order = models.Case(
            *[models.When(role=role, then=position) for position, role in enumerate(Membership.Role.values)],
            output_field=models.IntegerField(),
        )
        return self.with_people().annotate(role_order=order).order_by("role_order", "person__full_name", "pk")


class Membership(EditedBy):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice-chair")
        SECRETARY = "secretary", _("secretary")
        MEMBER = "member", _("member")
        EXTERNAL_EXPERT = "external_expert", _("external expert")
        OBSERVER = "observer", _("observer")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("represents"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.MEMBER)
    is_volunteer = models.BooleanField(_("volunteer"), default=False)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True, help_text=_("Leave empty for an open term."))
    appointment_reference = models.CharField(
        _("appointed by decision"), max_length=200, blank=True, help_text=_("For example the mayor's decision number.")
    )
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Who seated the person through the staff pages: it opens no contact details to them."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "role", "person__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="membership_term_end_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} ({self.committee})"

    @staticmethod
    def current_q(on, prefix=""):
        """The condition "the term covers the day `on`", optionally across a relation."""
        return Q(**{f"{prefix}term_start__lte": on}) & (
            Q(**{f"{prefix}term_end__isnull": True}) | Q(**{f"{prefix}term_end__gte": on})
        )

    def clean(self):
        # The database constraint says the same; this puts the message next to the field.
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})


def member_committee_ids(user):
    """Ids of the committees the user is a current member of (one query, cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_portal_member_committee_ids"):
        user._portal_member_committee_ids = frozenset(
            Membership.objects.current(timezone.localdate())
            .filter(person__user=user)
            .values_list("committee_id", flat=True)
        )
    return user._portal_member_committee_ids


class MeetingQuerySet(models.QuerySet):
    @staticmethod
    def public_q():
        return Q(committee__is_public=True)

    def of_public_committees(self):
        return self.filter(self.public_q())

    def visible_to(self, user):
        return _visible_to(self, user, "committee_id")

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now(), status=Meeting.Status.PLANNED).order_by("starts_at")

    def future(self):
        """Every meeting still to come, cancelled ones too (residents should know)."""
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")

    def held_without_minutes(self):
        return self.filter(status=Meeting.Status.HELD, minutes="")

    @staticmethod
    def minutes_readable_q(user):
        """The meetings whose minutes `user` may read, as a Q (None: all of them): published minutes of a
        held meeting, and, as `committees.rules.can_read_internal` says, unpublished ones for staff
        readers and the committee's own members (Meeting.public_minutes is the resident's side)."""
        if is_staff_reader(user):
            return None
        published = Q(status=Meeting.Status.HELD, minutes_published=True)
        return published | Q(committee_id__in=member_committee_ids(user))


class Meeting(Translated, EditedBy):
    translated_fields = ("title", "agenda", "minutes")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting status", "planned")
        HELD = "held", pgettext_lazy("meeting status", "held")
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "cancelled")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published = models.BooleanField(
        _("minutes published"), default=False, help_text=_("Show the minutes on the public page once the meeting is held.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    attendees = models.ManyToManyField(
        Person, verbose_name=_("attendees"), through="Attendance", related_name="meetings_attended", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        """The title in the reader's language (core.translated), else the date."""
        return shown(self, "title") or _("Meeting of %(date)s") % {"date": reading.date(timezone.localtime(self.starts_at).date())}

    def get_absolute_url(self):
        return reverse("committees:meeting-detail", kwargs={"slug": self.committee.slug, "pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.HELD and self.starts_at and self.starts_at > timezone.now():
            errors["status"] = _("A meeting that has not started yet cannot be marked as held.")
        if self.minutes_published and not self.minutes.strip():
            errors["minutes_published"] = _("Write the minutes before publishing them.")
        if errors:
            raise ValidationError(errors)

    def memberships_of_the_day(self):
        """The committee's members on the day of the meeting: those expected to attend."""
        return self.committee.memberships.current(timezone.localtime(self.starts_at).date())

    @property
    def public_minutes(self):
        """The minutes a resident may read: only once the meeting is held and they are published."""
        if self.status == self.Status.HELD and self.minutes_published:
            return self.minutes
        return ""


class Attendance(models.Model):
    class Presence(models.TextChoices):
        PRESENT = "present", _("present")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="attendances")
    presence = models.CharField(_("presence"), max_length=16, choices=Presence.choices, default=Presence.PRESENT)

    class Meta:
        ordering = ["meeting", "person__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting")]

    def __str__(self):
        return f"{self.person} – {self.get_presence_display()}"


class RecommendationQuerySet(models.QuerySet):
    @staticmethod
    def public_q():
        """Drafts are the committee's own until adopted."""
        return Q(committee__is_public=True) & ~Q(status=Recommendation.Status.DRAFT)

    def public(self):
        return self.filter(self.public_q())

    def visible_to(self, user):
        return _visible_to(self, user, "committee_id")

    def with_committee(self, on=None):
        """With the committee and meeting, and each recommendation's count of addressees, of those
        whose reply is overdue on `on` (today) and of those that implemented it: `addressee_count`,
        `overdue_addressee_count`, `implemented_addressee_count`."""
        addressees = RecommendationAddressee.objects.filter(recommendation=OuterRef("pk"))
        return self.select_related("committee", "meeting").annotate(
            addressee_count=_count_of(addressees),
            overdue_addressee_count=_count_of(addressees.overdue(on)),
            implemented_addressee_count=_count_of(addressees.filter(status=RecommendationAddressee.Status.IMPLEMENTED)),
        )

    def awaiting_reply(self):
        """Sent recommendations with at least one addressee still owing its final reply."""
        return self.filter(pk__in=RecommendationAddressee.objects.awaiting_reply().values("recommendation_id"))

    def overdue(self, on=None):
        """Recommendations with at least one addressee whose reply is overdue on `on` (today)."""
        return self.filter(pk__in=RecommendationAddressee.objects.overdue(on).values("recommendation_id"))


def _count_of(rows):
    """A correlated subquery counting `rows` (already filtered on OuterRef), 0 when there are none."""
    counted = rows.order_by().values("recommendation_id").annotate(count=models.Count("pk")).values("count")
    return Coalesce(models.Subquery(counted), 0)


class Recommendation(Translated, EditedBy):
    """A recommendation of a committee, sent to one or more addressees (RecommendationAddressee).

    Its status has two halves. The committee takes the first steps itself (recommendation_move):
    draft → adopted → sent. From then on the status follows the addressees' final replies, and the
    services keep it so after every reply (`outcome`, the one place of this rule):
    - "implemented" only when every addressee has implemented it (on the day the last one did);
    - "accepted" once any addressee accepted or implemented it, and not all of them implemented it
      (the pages then say how many of them implemented it: `implemented_addressee_count`);
    - "rejected" only when every addressee rejected it;
    - else still "sent".
    Each addressee's own status and replies say the rest, and are what the public page shows.
    """

    translated_fields = ("title", "text")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("recommendation status", "draft")
        ADOPTED = "adopted", _("adopted")
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        IMPLEMENTED = "implemented", _("implemented")
        REJECTED = "rejected", _("rejected")

    class Addressee(models.TextChoices):
        MAYORS = "mayors", _("mayors")
        STATE_INSTITUTIONS = "state_institutions", _("state institutions")
        MUNICIPAL_ADMINISTRATION = "municipal_administration", _("municipal administration")
        BUSINESSES = "businesses", pgettext_lazy("addressed to", "businesses")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="recommendations"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("adopted at meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    title = models.CharField(_("title"), max_length=250)
    text = models.TextField(_("text"))
    # Whom it is written for, as residents filter recommendations; the organisations it is sent to,
    # each with its own reply, are its addressees (RecommendationAddressee).
    addressed_to = models.CharField(_("addressed to"), max_length=32, choices=Addressee.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    response_due_on = models.DateField(
        _("reply due by"), null=True, blank=True, help_text=_("The deadline each addressee is given, unless set otherwise.")
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    rejected_on = models.DateField(_("rejected on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["-adopted_on", "-created_at"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return shown(self, "title")  # in the reader's language (core.translated)

    def get_absolute_url(self):
        return reverse("committees:recommendation-detail", kwargs={"slug": self.committee.slug, "pk": self.pk})

    # Which status may follow which; the service records the date that goes with each step.
    NEXT_STATUSES = {
        Status.DRAFT: [Status.ADOPTED],
        Status.ADOPTED: [Status.SENT],
        # Past sending, the addressees' replies move it (Recommendation.outcome).
        Status.SENT: [],
        Status.ACCEPTED: [],
        Status.IMPLEMENTED: [],
        Status.REJECTED: [],
    }

    def next_statuses(self):
        return self.NEXT_STATUSES[self.Status(self.status)]

    # The date field each status records, in the order the steps are taken (the dates of earlier
    # steps are kept).
    STATUS_DATE_FIELD = {
        Status.ADOPTED: "adopted_on",
        Status.SENT: "sent_on",
        Status.ACCEPTED: "accepted_on",
        Status.IMPLEMENTED: "implemented_on",
        Status.REJECTED: "rejected_on",
    }
    STEP_DATE_FIELDS = list(STATUS_DATE_FIELD.values())
    # A step's date may not come before the dates of these earlier steps (nearest first).
    EARLIER_STEPS = {
        "sent_on": ["adopted_on"],
        "accepted_on": ["sent_on", "adopted_on"],
        "implemented_on": ["accepted_on", "sent_on", "adopted_on"],
        "rejected_on": ["accepted_on", "sent_on", "adopted_on"],
    }
    TOO_EARLY = {
        "adopted_on": _("This date cannot be before the day the recommendation was adopted (%(date)s)."),
        "sent_on": _("This date cannot be before the day the recommendation was sent (%(date)s)."),
        "accepted_on": _("This date cannot be before the day the recommendation was accepted (%(date)s)."),
    }

    def steps(self):
        """The steps taken so far, as (label, date) pairs in order: the recommendation's timeline."""
        return [
            (self._meta.get_field(field).verbose_name, getattr(self, field))
            for field in self.STEP_DATE_FIELDS
            if getattr(self, field)
        ]

    def clean(self):
        super().clean()
        errors = {}
        for later, earlier_fields in self.EARLIER_STEPS.items():
            day = getattr(self, later)
            for earlier in earlier_fields:
                earlier_day = getattr(self, earlier)
                if day and earlier_day and day < earlier_day:
                    errors[later] = ValidationError(
                        self.TOO_EARLY[earlier], params={"date": reading.date(earlier_day)}
                    )
                    break
        if self.implemented_on and self.rejected_on:
            errors.setdefault(
                "rejected_on", _("A recommendation that was implemented cannot also have been rejected.")
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self):
        """At least one addressee's reply is overdue (the count comes with `with_committee()`)."""
        return bool(self.overdue_count)

    @property
    def partly_implemented(self):
        """Some addressees implemented it, not all (so its status is not "implemented": `outcome`);
        the counts come with `with_committee()`."""
        implemented = getattr(self, "implemented_addressee_count", 0)
        return 0 < implemented < getattr(self, "addressee_count", 0)

    @property
    def overdue_count(self):
        count = getattr(self, "overdue_addressee_count", None)
        return self.addressees.overdue().count() if count is None else count

    @classmethod
    def outcome(cls, addressees):
        """The status and step dates a sent recommendation has from its addressees' final replies:
        {"status": …, "accepted_on": …, "implemented_on": …, "rejected_on": …}. `addressees`: each
        with `status` and `decided` ({final kind: earliest date of a final reply of that kind})."""
        Reply = RecommendationAddressee.Status
        earliest = {
            kind: min((row.decided[kind] for row in addressees if kind in row.decided), default=None)
            for kind in (Reply.ACCEPTED, Reply.IMPLEMENTED, Reply.REJECTED)
        }
        statuses = {row.status for row in addressees}
        outcome = {"status": cls.Status.SENT, "accepted_on": None, "implemented_on": None, "rejected_on": None}
        if statuses == {Reply.IMPLEMENTED}:
            latest = max(row.decided[Reply.IMPLEMENTED] for row in addressees)
            outcome.update(status=cls.Status.IMPLEMENTED, implemented_on=latest)
        elif statuses & {Reply.ACCEPTED, Reply.IMPLEMENTED}:
            outcome["status"] = cls.Status.ACCEPTED
        elif statuses == {Reply.REJECTED}:
            latest = max(row.decided[Reply.REJECTED] for row in addressees)
            outcome.update(status=cls.Status.REJECTED, rejected_on=latest)
        if outcome["status"] in (cls.Status.ACCEPTED, cls.Status.IMPLEMENTED):
            accepted = [day for day in (earliest[Reply.ACCEPTED], earliest[Reply.IMPLEMENTED]) if day]
            outcome["accepted_on"] = min(accepted) if accepted else None
        return outcome


class AddresseeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(recommendation__in=Recommendation.objects.visible_to(user))

    def sent(self):
        return self.filter(sent_on__isnull=False).exclude(
            recommendation__status__in=[Recommendation.Status.DRAFT, Recommendation.Status.ADOPTED]
        )

    def awaiting_reply(self):
        """Addressees of a sent recommendation that owe their final reply (none yet, or only an
        interim one)."""
        return self.sent().filter(status__in=RecommendationAddressee.OPEN_STATUSES)

    def overdue(self, on=None):
        """Addressees whose final reply was due before `on` (today) and has not come. An interim reply
        ("we will consider it") does not answer the recommendation: it stays overdue, and the lists
        show the interim reply's date beside it."""
        return self.awaiting_reply().filter(response_due_on__lt=on or timezone.localdate())

    def of_committees(self, committee_ids):
        return self.filter(recommendation__committee_id__in=committee_ids)

    def addressed_to_organisation(self, organisation_id):
        return self.filter(organisation_id=organisation_id)

    def with_recommendation(self):
        return self.select_related("recommendation__committee", "organisation")

    def in_due_order(self):
        return self.order_by(F("response_due_on").asc(nulls_last=True), "recommendation__title", "organisation__name")


class RecommendationAddressee(EditVersion):
    """An organisation a recommendation was sent to, with its own dates, replies and status.

    Its replies are AddresseeReply rows, interim and final, in the order they came. Its status is
    kept by the services from them (`status_from`): the latest final reply decides (accepted,
    implemented, rejected); without one, an interim reply makes it "interim reply"; else it awaits
    its reply."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("awaiting reply")
        INTERIM = "interim", _("interim reply")
        ACCEPTED = "accepted", _("accepted")
        IMPLEMENTED = "implemented", _("implemented")
        REJECTED = "rejected", _("rejected")

    OPEN_STATUSES = [Status.AWAITING, Status.INTERIM]

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="addressees"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="recommendations_received"
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    response_due_on = models.DateField(_("reply due by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.AWAITING, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AddresseeQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "organisation__name"]
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "organisation"], name="addressee_once_per_recommendation",
                violation_error_message=_("The recommendation is already addressed to this organisation."),
            ),
        ]
        # "Due before it was sent" is refused in clean(), not by a constraint: recommendations entered
        # before the addressees existed may hold such dates, and the migration keeps them as they were.

    def __str__(self):
        return f"{self.organisation} – {self.recommendation}"

    def get_absolute_url(self):
        return f"{self.recommendation.get_absolute_url()}#addressee-{self.pk}"

    def clean(self):
        super().clean()
        if self.sent_on and self.response_due_on and self.response_due_on < self.sent_on:
            raise ValidationError({"response_due_on": _("The reply cannot be due before the recommendation is sent.")})

    @property
    def is_overdue(self):
        return bool(
            self.status in self.OPEN_STATUSES and self.sent_on and self.response_due_on
            and self.response_due_on < timezone.localdate()
        )

    @classmethod
    def status_from(cls, replies):
        """The status `replies` (in the order they came) give: the latest final one decides."""
        final = [reply for reply in replies if reply.kind != AddresseeReply.Kind.INTERIM]
        if final:
            return cls.Status(final[-1].kind)
        return cls.Status.INTERIM if replies else cls.Status.AWAITING

    @property
    def decided(self):
        """{final kind: the earliest day a final reply of that kind came} (Recommendation.outcome)."""
        days = {}
        for reply in self.replies.all():
            if reply.kind != AddresseeReply.Kind.INTERIM:
                days[reply.kind] = min(days.get(reply.kind, reply.received_on), reply.received_on)
        return days


class AddresseeReply(EditVersion):
    """One reply of an addressee: an interim one ("we will consider it") or a final one. Corrections
    are kept in its history (committees.services.addressee_reply_correct)."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("interim reply (for example “we will consider it”)")
        ACCEPTED = "accepted", _("accepted")
        IMPLEMENTED = "implemented", _("implemented")
        REJECTED = "rejected", _("rejected")

    addressee = models.ForeignKey(
        RecommendationAddressee, verbose_name=_("addressee"), on_delete=models.CASCADE, related_name="replies"
    )
    received_on = models.DateField(_("reply received on"))
    kind = models.CharField(_("kind of reply"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("reply"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self):
        return f"{self.get_kind_display()} ({reading.date(self.received_on)})" if self.received_on else str(self.get_kind_display())

    def clean(self):
        super().clean()
        sent_on = self.addressee.sent_on if self.addressee_id else None
        if self.received_on and sent_on is None and self.addressee_id:
            raise ValidationError(_("The recommendation has not been sent to this addressee yet."))
        if self.received_on and sent_on and self.received_on < sent_on:
            raise ValidationError({"received_on": ValidationError(
                _("A reply cannot come before the recommendation was sent (%(date)s)."),
                params={"date": reading.date(sent_on)},
            )})
        if self.received_on and self.received_on > timezone.localdate():
            raise ValidationError({"received_on": _("A reply cannot be dated in the future.")})


class DocumentQuerySet(models.QuerySet):
    @staticmethod
    def public_q():
        return Q(is_public=True, committee__is_public=True)

    def public(self):
        return self.filter(self.public_q())

    def visible_to(self, user):
        return _visible_to(self, user, "committee_id")


class Document(Translated):
    translated_fields = ("title", "description")

    class Kind(models.TextChoices):
        HANDBOOK = "handbook", _("handbook")
        WORKSHOP_SUMMARY = "workshop_summary", _("workshop summary")
        PRESENTATION = "presentation", _("presentation")
        DECISION = "decision", _("decision")
        OTHER = "other", pgettext_lazy("kind of document", "other")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="documents"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the document is about, in a few sentences: the site search finds its words.")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        storage=private_storage,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_upload_size],
    )
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return shown(self, "title")  # in the reader's language (core.translated)

    def get_absolute_url(self):
        return reverse("committees:document-download", kwargs={"slug": self.committee.slug, "pk": self.pk})

    @property
    def extension(self):
        return Path(self.file.name).suffix.lstrip(".").lower()

    @property
    def download_name(self):
        """A safe file name for the download: the title, never the uploader's original name."""
        return f"{slugify(self.title) or 'document'}.{self.extension}"
