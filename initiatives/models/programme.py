"""The programme: themes, initiatives, their money, milestones, progress updates and status changes."""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from initiatives.vocabulary import translated
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from core.files import validate_upload_size
from core.files import decoded_photo, private_storage
from core.models import EditVersion
from core.translated import Translated, shown
from core.roles import is_staff_reader

PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Paths under /initiatives/ that are pages, so no initiative may take them as its slug.
RESERVED_SLUGS = {"new", "indicators", "import", "export", "milestones", "updates"}
MONEY = {"max_digits": 14, "decimal_places": 2}


def validate_image_content(upload):
    """The extension alone proves nothing, nor do the first bytes: the whole image must decode."""
    decoded_photo(upload)


def validate_not_reserved(slug):
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is used by a page of the site; choose another."), params={"slug": slug})


def photo_upload_to(update, filename):
    suffix = filename.rsplit(".", 1)[-1].lower()
    return f"initiatives/{timezone.now():%Y/%m}/{timezone.now():%d%H%M%S%f}.{suffix}"


class Theme(models.Model):
    """A theme of the programme; the list is seeded by a migration and extended in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the reader's language (see initiatives.vocabulary)."""
        return translated(self.name)


class InitiativeHistory(HistoricalRecords):
    """Also records partner changes made from an organisation's side (`organisation.initiatives.add(…)`),
    which simple-history's m2m support does not handle (it raises; upstream issue #1048): each
    initiative concerned gets its record, as if changed from its own side."""

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not reverse:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        related = getattr(instance, self.cls._meta.get_field(attr).remote_field.get_accessor_name())
        if action == "pre_clear":
            instance._initiatives_before_clear = set(related.values_list("pk", flat=True))
        elif action in ("post_add", "post_remove", "post_clear"):
            ids = pk_set if action != "post_clear" else instance.__dict__.pop("_initiatives_before_clear", set())
            for initiative in self.cls.objects.filter(pk__in=ids):
                super().m2m_changed(initiative, action, attr, pk_set, False, **kwargs)
        return None


def _per_initiative(rows, aggregate, default=0):
    """A correlated subquery aggregating the `rows` of each initiative (no join that multiplies rows)."""
    rows = rows.filter(initiative=OuterRef("pk")).order_by().values("initiative")
    default = default if hasattr(default, "resolve_expression") else Value(default)
    return Coalesce(Subquery(rows.annotate(result=aggregate).values("result")), default)


# Initiatives that need attention, as the mayor's summary lists them and the initiative list filters
# them: under way (planned, in progress or on hold) and late (an overdue milestone, or past the end
# date) or over budget (spent more than planned). Both need the figures of with_figures().
UNDER_WAY_STATUSES = ("planned", "in_progress", "on_hold")
OVER_BUDGET = Q(spent_total__gt=F("planned_total"))


def late_on(day):
    """An initiative (annotated with_figures(day)) with an overdue milestone or past its end date on `day`."""
    return Q(overdue_milestone_count__gt=0) | Q(end_on__lt=day)


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Staff readers (managers, secretaries, mayors, superusers) also see non-public initiatives."""
        return self if is_staff_reader(user) else self.public()

    def in_progress(self):
        return self.filter(status=Initiative.Status.IN_PROGRESS)

    def under_way(self):
        return self.filter(status__in=UNDER_WAY_STATUSES)

    def mark_changed(self):
        """Move the edit version on, for changes that do not save the initiative row (its milestones)."""
        return self.update(version=F("version") + 1)

    def with_figures(self, on=None):
        """Milestone counts, overdue count, budget totals and progress, all computed by the database.

        Progress is the hand-set value when a manager set one; otherwise the share of milestones
        done, rounded to a whole percent; with no milestones it is 100 for a completed initiative
        and 0 for any other.
        """
        on = on or timezone.localdate()
        money = models.DecimalField(**MONEY)
        return self.annotate(
            milestone_count=_per_initiative(Milestone.objects.all(), models.Count("pk")),
            milestones_done=_per_initiative(Milestone.objects.done(), models.Count("pk")),
            overdue_milestone_count=_per_initiative(Milestone.objects.overdue(on), models.Count("pk")),
            planned_total=_per_initiative(FundingLine.objects.all(), Sum("planned"), default=Value(0, money)),
            spent_total=_per_initiative(FundingLine.objects.all(), Sum("spent"), default=Value(0, money)),
        ).annotate(
            progress=Case(
                When(progress_override__isnull=False, then=F("progress_override")),
                When(milestone_count=0, status=Initiative.Status.COMPLETED, then=Value(100)),
                When(milestone_count=0, then=Value(0)),
                default=(F("milestones_done") * 200 + F("milestone_count")) / (F("milestone_count") * 2),
                output_field=models.IntegerField(),
            )
        )

    def for_list(self):
        return self.with_figures().select_related("theme", "lead_committee")

    def for_detail(self):
        return self.with_figures().select_related("theme", "lead_committee", "responsible_manager")


class Initiative(Translated, EditVersion):  # the version: see core.models.EditVersion
    translated_fields = ("title", "summary", "description")

    class Status(models.TextChoices):
        IDEA = "idea", pgettext_lazy("initiative status", "idea")
        PLANNED = "planned", pgettext_lazy("initiative status", "planned")
        IN_PROGRESS = "in_progress", pgettext_lazy("initiative status", "in progress")
        COMPLETED = "completed", pgettext_lazy("initiative status", "completed")
        ON_HOLD = "on_hold", pgettext_lazy("initiative status", "on hold")
        CANCELLED = "cancelled", pgettext_lazy("initiative status", "cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, validators=[validate_not_reserved])
    summary = models.CharField(_("summary"), max_length=300, help_text=_("One or two sentences for the list."))
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="initiatives")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IDEA)
    lead_committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("lead committee"), on_delete=models.PROTECT, related_name="initiatives"
    )
    responsible_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_initiatives",
    )
    partners = models.ManyToManyField(
        "committees.Organisation", verbose_name=_("partner organisations"), blank=True, related_name="initiatives"
    )
    area = models.CharField(
        _("area of the centre"), max_length=100, blank=True, help_text=_("For example “Main Square” or “Old Town”.")
    )
    # The units of the premises register the initiative works on (the pop-up shop programme fills
    # units X and Y). Initiatives stand on premises: the register never imports this side.
    units = models.ManyToManyField(
        "premises.Unit", verbose_name=_("units it works on"), blank=True, related_name="initiatives"
    )
    # Where the initiative is on the town plan, as GeoJSON writes a point: longitude, latitude (WGS 84).
    longitude = models.DecimalField(_("longitude"), null=True, blank=True, max_digits=12, decimal_places=7)
    latitude = models.DecimalField(_("latitude"), null=True, blank=True, max_digits=12, decimal_places=7)
    start_on = models.DateField(_("start date"), null=True, blank=True)
    end_on = models.DateField(_("end date"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    progress_override = models.PositiveSmallIntegerField(
        _("progress set by hand (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leave empty to compute progress from the milestones done."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Partners are kept with each record (simple-history's m2m support), so adding or removing a
    # partner is a record of its own: the initiative's history says who did it and when.
    history = InitiativeHistory(excluded_fields=["updated_at"], m2m_fields=[partners, units])
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(start_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="initiative_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(progress_override__isnull=True) | Q(progress_override__lte=100),
                name="initiative_progress_at_most_100",
            ),
            models.CheckConstraint(
                # Both not-null tests are needed: a range test on a missing value is NULL, which a CHECK lets pass.
                condition=(Q(longitude__isnull=True) & Q(latitude__isnull=True))
                | (Q(longitude__isnull=False) & Q(latitude__isnull=False)
                   & Q(longitude__gte=-180) & Q(longitude__lte=180) & Q(latitude__gte=-90) & Q(latitude__lte=90)),
                name="initiative_location_both_and_on_earth",
                violation_error_message=_("Give both longitude (−180 to 180) and latitude (−90 to 90), or neither."),
            ),
        ]

    def __str__(self):
        return shown(self, "title")  # in the reader's language (core.translated)

    def get_absolute_url(self):
        return reverse("initiatives:detail", kwargs={"slug": self.slug})


class FundingLineQuerySet(models.QuerySet):
    def with_shares(self):
        """Each line's share of its initiative's planned budget, in percent (null when nothing is planned)."""
        initiative_total = Window(Sum("planned"), partition_by=[F("initiative_id")])
        share = F("planned") * Value(Decimal(100)) / NullIf(initiative_total, Value(Decimal(0)))
        return self.annotate(planned_share=models.ExpressionWrapper(share, output_field=models.DecimalField()))


class FundingLine(models.Model):
    """Planned and spent money of one initiative from one funding source."""

    class Source(models.TextChoices):
        MUNICIPAL = "municipal", _("municipal budget")
        NATIONAL = "national", _("national programme")
        EU = "eu", _("EU fund")
        PRIVATE = "private", _("private")
        OTHER = "other", pgettext_lazy("funding source", "other")

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="funding_lines"
    )
    source = models.CharField(_("funding source"), max_length=16, choices=Source.choices)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("For example the programme or call."))
    planned = models.DecimalField(pgettext_lazy("budget", "planned"), validators=[MinValueValidator(0)], default=0, **MONEY)
    spent = models.DecimalField(_("spent to date"), validators=[MinValueValidator(0)], default=0, **MONEY)

    history = HistoricalRecords()
    objects = FundingLineQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "source"]
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "source"],
                name="funding_line_one_per_source",
                violation_error_message=_("Each funding source appears once per initiative."),
            ),
            models.CheckConstraint(condition=Q(planned__gte=0) & Q(spent__gte=0), name="funding_line_not_negative"),
        ]

    def __str__(self):
        return f"{self.initiative} – {self.get_source_display()}"


class InitiativeVersionStamp(models.Model):
    """Kept with each record of a milestone: the initiative's edit version the change moved it to, so
    that an edit form opened at version N can say which milestone changes it has not seen (those
    stamped above N; see initiatives.history.changes_since). Filled from the value the service that
    writes the milestone hands on (initiatives.services._stamp); empty on records from before it
    was kept."""

    initiative_version = models.PositiveIntegerField(_("version"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class MilestoneQuerySet(models.QuerySet):
    def done(self):
        return self.filter(done_on__isnull=False)

    def overdue(self, on=None):
        """Due before `on` (today if not given) and not done: Milestone.is_overdue, for many rows."""
        return self.filter(done_on__isnull=True, due_on__lt=on or timezone.localdate())


class Milestone(Translated):
    translated_fields = ("title",)

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords(bases=[InitiativeVersionStamp])
    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return shown(self, "title")  # in the reader's language (core.translated)

    @property
    def is_done(self):
        return self.done_on is not None

    def is_overdue(self, on=None):
        """Overdue: the due date has passed and it is not done (MilestoneQuerySet.overdue in SQL)."""
        return self.done_on is None and self.due_on < (on or timezone.localdate())

    def clean(self):
        super().clean()
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("A milestone cannot be done on a day still to come.")})


def _stamp_initiative_version(sender, instance, history_instance, **kwargs):
    # simple-history's documented way to fill a field its historical model has and the model has
    # not; the value is handed on by initiatives.services, through which milestones are written.
    history_instance.initiative_version = getattr(instance, "_initiative_version", None)


pre_create_historical_record.connect(_stamp_initiative_version, sender=Milestone.history.model)


class ProgressUpdate(Translated):
    """A dated note on the initiative's public timeline."""

    translated_fields = ("text",)

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL
    )
    photo = models.FileField(
        _("photo"),
        upload_to=photo_upload_to,
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS), validate_upload_size, validate_image_content],
        help_text=_("JPEG, PNG or WebP."),
    )
    photo_description = models.CharField(
        _("photo description"), max_length=200, blank=True, help_text=_("What the photo shows, for people who cannot see it.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.initiative} – {self.date}"

    @property
    def photo_url(self):
        """The photo's address: a view that checks who may see the initiative (the file has no public one)."""
        return reverse("initiatives:update-photo", kwargs={"slug": self.initiative.slug, "pk": self.pk})

    def clean(self):
        super().clean()
        if self.photo and not self.photo_description:
            raise ValidationError({"photo_description": _("Describe the photo for people who cannot see it.")})


class StatusChange(models.Model):
    """A change of an initiative's status, written by the service that changes it."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from status"), max_length=16, choices=Initiative.Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=16, choices=Initiative.Status.choices)
    changed_on = models.DateField(_("changed on"), default=timezone.localdate)
    changed_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-changed_on", "-changed_at"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.initiative}: {self.from_status or '–'} → {self.to_status}"
