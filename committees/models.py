"""Committees: organisations, people, committees, memberships, meetings, recommendations, documents."""
import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from core import reading
from core.files import private_storage, validate_upload_size
from core.models import EditedBy
from core.translated import Translated, shown
from core.roles import is_secretary, is_staff_reader

DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "csv", "png", "jpg", "jpeg"]


def document_upload_to(document, filename):
    # Our own name on disk: the uploaded name is kept only as a display suffix.
    suffix = Path(filename).suffix.lower()
    return f"documents/{timezone.now():%Y/%m}/{timezone.now():%d%H%M%S%f}{suffix}"


class Organisation(models.Model):
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

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


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
            "overdue_recommendations": self.recommendations.overdue(on).with_committee(),
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

    def with_committee(self):
        return self.select_related("committee", "meeting")

    def awaiting_reply(self):
        return self.filter(status=Recommendation.Status.SENT, reply_received_on__isnull=True)

    def overdue(self, on=None):
        return self.awaiting_reply().filter(response_due_on__lt=on or timezone.localdate())


class Recommendation(Translated, EditedBy):
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
    addressed_to = models.CharField(_("addressed to"), max_length=32, choices=Addressee.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    response_due_on = models.DateField(_("reply due by"), null=True, blank=True)
    reply_received_on = models.DateField(_("reply received on"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
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
        Status.SENT: [Status.ACCEPTED, Status.IMPLEMENTED, Status.REJECTED],
        Status.ACCEPTED: [Status.IMPLEMENTED, Status.REJECTED],
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
        return bool(
            self.status == self.Status.SENT
            and self.reply_received_on is None
            and self.response_due_on
            and self.response_due_on < timezone.localdate()
        )


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
