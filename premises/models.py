"""The premises register: commercial units of the town centre, each unit's status over time, and the
businesses that occupy them.

A unit's status is a row per change, dated: the status on any day is the latest row on or before it
(premises.vacancy reads the register that way). Correcting a status edits its row; the row's history
(django-simple-history) keeps what it said before. Owners, landlords and letting agents are
UnitContact rows linking a committees.Person to the unit (personal data, seen only by the keeping
committee's managers and secretaries: premises.contacts).
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from simple_history.models import HistoricalRecords

from core import reading
from core.files import private_storage
from core.models import EditedBy, EditVersion

AREA = {"max_digits": 8, "decimal_places": 1}
COORDINATE = {"max_digits": 12, "decimal_places": 7}


class Floor(models.TextChoices):
    BASEMENT = "basement", _("basement")
    GROUND = "ground", _("ground floor")
    UPPER = "upper", _("upper floor")


class UseClass(models.TextChoices):
    COMPARISON_RETAIL = "comparison_retail", _("comparison retail")
    CONVENIENCE_RETAIL = "convenience_retail", _("convenience retail")
    FOOD_AND_DRINK = "food_and_drink", _("food and drink")
    LEISURE_AND_CULTURE = "leisure_and_culture", _("leisure and culture")
    SERVICES = "services", _("services")
    OFFICES = "offices", _("offices")
    OTHER = "other", pgettext_lazy("use class", "other")


class Status(models.TextChoices):
    """What a unit is on a date. Which of these count as empty or available is premises.vacancy's."""

    OCCUPIED = "occupied", _("occupied")
    VACANT_MARKETED = "vacant_marketed", _("vacant and marketed")
    VACANT_NO_BOARD = "vacant_no_board", _("vacant, no agent board")
    UNDER_OFFER = "under_offer", _("under offer")
    REFURBISHMENT = "refurbishment", _("being refurbished")
    NOT_IN_USE = "not_in_use", _("not in commercial use")


def latest_status(on, field="status"):
    """The unit's latest status row on or before `on` (as a subquery on a unit's `pk`): its `field`."""
    rows = UnitStatus.objects.filter(unit=OuterRef("pk"), since__lte=on).order_by("-since", "-pk")
    return Subquery(rows.values(field)[:1])


class UnitQuerySet(models.QuerySet):
    def with_status_on(self, on=None):
        """Each unit's status on `on` (today if not given) and the date it took it: `status_now`, `status_since`
        (None for a unit with no status recorded by then)."""
        on = on or timezone.localdate()
        return self.annotate(status_now=latest_status(on), status_since=latest_status(on, "since"))

    def in_street_order(self):
        return self.order_by("street", "number_order", "number", "unit_name", "floor", "pk")

    def for_register(self, on=None):
        """What the register's list shows: the keeping committee and each unit's status on `on`."""
        return self.select_related("committee").with_status_on(on).in_street_order()


class Unit(EditVersion):
    """A commercial unit of the centre, kept in the register of one committee."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="units",
        help_text=_("The committee that keeps this unit in its register."),
    )
    street = models.CharField(_("street"), max_length=120)
    number = models.CharField(pgettext_lazy("address", "number"), max_length=20, help_text=_("The house number, as on the building: 12, 12a."))
    # The leading digits of `number`, so that 9 comes before 10 on a street (set by clean()).
    number_order = models.PositiveIntegerField(default=0, editable=False)
    unit_name = models.CharField(pgettext_lazy("premises", "unit"), max_length=40, blank=True, help_text=_("Which unit in the building, if it has several."))
    floor = models.CharField(_("floor"), max_length=16, choices=Floor.choices, default=Floor.GROUND)
    floor_area = models.DecimalField(_("floor area (m²)"), null=True, blank=True, **AREA)
    use_class = models.CharField(_("use class"), max_length=32, choices=UseClass.choices, default=UseClass.OTHER)
    asking_rent = models.DecimalField(
        _("asking rent per month"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Optional: the rent asked while the unit is to let, per month, in the portal's currency."),
    )
    # In the private store (core.files): sent only by premises.public_views, for units on the public pages.
    photo = models.ImageField(_("photo"), upload_to="premises/units/", storage=private_storage, blank=True)
    photo_description = models.CharField(
        _("what the photo shows"), max_length=200, blank=True,
        help_text=_("A short description for people who cannot see the photo, e.g. “Shop front with two windows”."),
    )
    notes = models.TextField(_("notes"), blank=True)
    # A point on the town plan as GeoJSON writes it: longitude, latitude (WGS 84), in plain fields.
    longitude = models.DecimalField(_("longitude"), null=True, blank=True, **COORDINATE)
    latitude = models.DecimalField(_("latitude"), null=True, blank=True, **COORDINATE)
    publish_address = models.BooleanField(
        _("publish the address"), default=True,
        help_text=_("Untick if the owner has not agreed to the unit's address being shown on public pages."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()
    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["street", "number_order", "number", "unit_name", "pk"]
        verbose_name = pgettext_lazy("premises", "unit")
        verbose_name_plural = pgettext_lazy("premises", "units")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "street", "number", "unit_name", "floor"],
                name="unit_one_per_address_and_floor",
                violation_error_message=_("The register already has a unit at this address on this floor."),
            ),
            models.CheckConstraint(
                condition=Q(floor_area__isnull=True) | Q(floor_area__gt=0),
                name="unit_floor_area_positive",
                violation_error_message=_("The floor area must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(asking_rent__isnull=True) | Q(asking_rent__gt=0),
                name="unit_asking_rent_positive",
                violation_error_message=_("The asking rent must be more than zero, or left empty."),
            ),
            models.CheckConstraint(
                condition=(Q(longitude__isnull=True) & Q(latitude__isnull=True))
                | (Q(longitude__gte=-180) & Q(longitude__lte=180) & Q(latitude__gte=-90) & Q(latitude__lte=90)),
                name="unit_location_both_and_on_earth",
                violation_error_message=_("Give both longitude (−180 to 180) and latitude (−90 to 90), or neither."),
            ),
        ]

    def __str__(self):
        address = f"{self.street} {self.number}"
        return f"{address}, {self.unit_name}" if self.unit_name else address

    def get_absolute_url(self):
        return reverse("premises:unit-detail", args=[self.pk])

    def clean(self):
        self.street, self.number, self.unit_name = self.street.strip(), self.number.strip(), self.unit_name.strip()
        digits = ""
        for character in self.number:
            if not character.isdigit():
                break
            digits += character
        self.number_order = int(digits) if digits.isascii() and digits else 0
        # A unit and the businesses trading in it are kept by one committee (Occupancy.clean): moving the
        # unit to another register would list it on the public directory under the other's rules.
        if self.pk and self.committee_id and self.occupancies.exclude(business__committee_id=self.committee_id).exists():
            raise ValidationError({"committee": _(
                "Businesses kept by another committee have occupancies of this unit: it stays with the committee that keeps them.")})


class UnitStatusQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-since", "-pk")


class UnitStatus(EditVersion):
    """From `since` on, the unit is `status` (until its next status row)."""

    unit = models.ForeignKey(Unit, verbose_name=pgettext_lazy("premises", "unit"), on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    since = models.DateField(_("since"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # The street audit that recorded (or last corrected) this status, if one did (premises.audit).
    audit = models.ForeignKey(
        "StreetAudit", verbose_name=_("street audit"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="statuses",
    )

    history = HistoricalRecords()
    objects = UnitStatusQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "-since", "-pk"]
        verbose_name = _("unit status")
        verbose_name_plural = _("unit statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "since"], name="unit_status_one_per_day",
                violation_error_message=_("This unit already has a status recorded on that date; correct that one instead."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "since"], name="unit_status_by_date")]

    def __str__(self):
        return f"{self.unit}: {self.get_status_display()} ({self.since})"

    def clean(self):
        if self.since and self.since > timezone.localdate():
            raise ValidationError({"since": _("A status is recorded as found: its date cannot be in the future.")})


class BusinessCategory(models.TextChoices):
    FASHION = "fashion", _("fashion and clothing")
    FOOD_SHOP = "food_shop", _("food shop")
    CAFE_RESTAURANT = "cafe_restaurant", _("café or restaurant")
    BAR = "bar", _("bar or pub")
    HEALTH_BEAUTY = "health_beauty", _("health and beauty")
    HOME_GIFTS = "home_gifts", _("home and gifts")
    BOOKS_LEISURE = "books_leisure", _("books, music and leisure")
    PERSONAL_SERVICES = "personal_services", _("personal services")
    PROFESSIONAL_SERVICES = "professional_services", _("professional services")
    CULTURE = "culture", _("culture and community")
    OTHER = "other", pgettext_lazy("business category", "other")


class Business(EditVersion):
    """A business of the centre (later listed publicly at /businesses/): where it trades are its occupancies."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="businesses",
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=32, choices=BusinessCategory.choices, default=BusinessCategory.OTHER)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("business")
        verbose_name_plural = _("businesses")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("businesses:detail", args=[self.pk])

    def clean(self):
        """A business and the units it trades in are kept by one committee (Occupancy.clean)."""
        if self.pk and self.committee_id and self.occupancies.exclude(unit__committee_id=self.committee_id).exists():
            raise ValidationError({"committee": _(
                "This business has occupancies of units another committee keeps: it stays with the committee that keeps them.")})


class OccupancyQuerySet(models.QuerySet):
    def on(self, day=None):
        """The occupancies running on `day` (today if not given)."""
        day = day or timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gte=day), since__lte=day)


class Occupancy(EditVersion):
    """A business occupies a unit from `since` until `until` (its last day; open while it is still there)."""

    business = models.ForeignKey(Business, verbose_name=_("business"), on_delete=models.CASCADE, related_name="occupancies")
    unit = models.ForeignKey(Unit, verbose_name=pgettext_lazy("premises", "unit"), on_delete=models.CASCADE, related_name="occupancies")
    since = models.DateField(_("from"))
    until = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()
    objects = OccupancyQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "-since", "-pk"]
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="occupancy_ends_after_it_starts",
                violation_error_message=_("An occupancy cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.business} – {self.unit}"

    def clean(self):
        """The unit is one of the business's committee's, and no other occupancy of it runs on any of
        these days (a unit has one occupier at a time; the service locks the unit while it checks)."""
        if not (self.unit_id and self.business_id and self.since) or (self.until and self.until < self.since):
            return  # the fields' own errors (and the constraint's) say what is wrong
        if self.unit.committee_id != self.business.committee_id:
            raise ValidationError({"unit": _("Choose a unit of the register that keeps this business.")})
        overlapping = self.overlapping().select_related("business").first()
        if overlapping is not None:
            raise ValidationError(overlap_message(overlapping))

    def overlapping(self):
        """The other occupancies of the unit that run on one of this one's days."""
        others = Occupancy.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk)
        others = others.filter(Q(until__isnull=True) | Q(until__gte=self.since))
        return others.filter(since__lte=self.until) if self.until else others


def overlap_message(other):
    """Why an occupancy is refused: `other` runs on some of its days."""
    date = reading.date
    if other.until:
        return _("%(business)s occupies this unit from %(since)s to %(until)s: the dates overlap. Correct that "
                 "occupancy, or choose other dates.") % {"business": other.business, "since": date(other.since), "until": date(other.until)}
    return _("%(business)s occupies this unit since %(since)s: the dates overlap. End that occupancy first "
             "(its last day), or choose other dates.") % {"business": other.business, "since": date(other.since)}


class BasePlan(EditVersion):
    """The base plan of a committee's part of the centre: its streets and areas as GeoJSON (longitude,
    latitude; read and checked by premises.plan), uploaded by staff with the credit line its source asks for."""

    committee = models.OneToOneField(
        "committees.Committee", verbose_name=_("kept by"), on_delete=models.CASCADE, related_name="base_plan",
    )
    geojson = models.TextField(_("plan (GeoJSON)"))
    credit = models.CharField(_("credit line"), max_length=300)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("base plan")
        verbose_name_plural = _("base plans")

    def __str__(self):
        return str(self.committee)


class ContactRole(models.TextChoices):
    OWNER = "owner", _("owner")
    LANDLORD = "landlord", _("landlord")
    LETTING_AGENT = "letting_agent", _("letting agent")


class UnitContactQuerySet(models.QuerySet):
    def readable(self):
        """The contacts a keeper reads, with their person, by role: never those whose personal data
        was erased (the daily run deletes what is left of them, premises.contacts)."""
        return self.filter(person__erased_on__isnull=True).select_related("person").order_by("role", "person__full_name", "pk")


class UnitContact(EditedBy):
    """The owner, landlord or letting agent of a unit: a committees.Person (name, private e-mail and
    phone; erased by committees.services.person_erase, the portal's one erasure path) linked to the unit
    with a role, and the firm they are reached through if any. Seen and kept only by the keepers of the
    unit's committee (premises.rules.can_see_contacts). Like Person it keeps no change history, so an
    erasure leaves no earlier copy of the details behind (premises.contacts)."""

    unit = models.ForeignKey(Unit, verbose_name=pgettext_lazy("premises", "unit"), on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey("committees.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="unit_contacts")
    role = models.CharField(_("role"), max_length=20, choices=ContactRole.choices)
    organisation = models.CharField(
        _("firm"), max_length=200, blank=True,
        help_text=_("The company or agency, if the contact is reached through one (for example a letting agency)."),
    )

    objects = UnitContactQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "role", "pk"]
        verbose_name = _("contact of a unit")
        verbose_name_plural = _("contacts of units")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "person", "role"], name="unit_contact_once_per_role",
                violation_error_message=_("This contact already has this role for this unit."),
            ),
        ]

    def __str__(self):
        return f"{self.unit}: {self.get_role_display()}"


class StreetAudit(models.Model):
    """A walk along a street of a committee's register on a day, checking each unit's status
    (premises.audit): who walked it last that day, and the statuses it recorded (UnitStatus.audit)."""

    committee = models.ForeignKey("committees.Committee", verbose_name=_("kept by"), on_delete=models.CASCADE, related_name="street_audits")
    street = models.CharField(_("street"), max_length=120)
    on = models.DateField(_("audit date"))
    walked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("walked by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    last_saved_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        ordering = ["-on", "street", "pk"]
        verbose_name = _("street audit")
        verbose_name_plural = _("street audits")
        constraints = [
            models.UniqueConstraint(fields=["committee", "street", "on"], name="street_audit_one_per_day"),
        ]

    def __str__(self):
        return f"{self.street} ({self.on})"
