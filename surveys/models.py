"""Surveys: the questionnaire (survey, sections, questions, choices), the anonymous responses and
their answers, and single-use invitation codes.

A response carries no IP address and no user: anonymity is a property of the schema. Nothing
stored joins a response to an invitation code, a browser or a moment either: a response keeps
only the hour it came in, responses and answers are numbered at random (no order of submission),
and a code keeps only whether it was used. A question or choice that has answers cannot be
deleted (RESTRICT), while deleting a whole survey takes its responses with it.
"""
import datetime
import hashlib
import operator
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Floor, Random
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from core import reading
from core.models import EditedBy
from core.translated import Shown, Translated, shown
from core.roles import is_staff_reader


def open_conditions(now):
    """The one statement of "the survey is open": published, opened at or before `now`, and closing
    after it. Survey.objects.open_now() filters by it and Survey.status_at checks a survey against it."""
    return {"is_published": True, "opens_at__lte": now, "closes_at__gt": now}


def closed_conditions(now):
    """A published survey that is past: it closed at or before `now` (the other side of open_conditions)."""
    return {"is_published": True, "closes_at__lte": now}


# What makes a survey's results public: published, and its results released.
PUBLIC_RESULTS = {"is_published": True, "results_public": True}


COMPARISONS = {"exact": operator.eq, "lte": operator.le, "gt": operator.gt}


def meets(row, conditions):
    """Whether `row` meets `conditions` (field lookups as a QuerySet's filter takes them) as the database
    would judge it: a missing value meets none."""
    for lookup, wanted in conditions.items():
        name, _sep, comparison = lookup.partition("__")
        value = getattr(row, name)
        if value is None or not COMPARISONS[comparison or "exact"](value, wanted):
            return False
    return True


class SurveyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_now(self, now=None):
        return self.filter(**open_conditions(now or timezone.now()))

    def informing(self, initiative_slug):
        """The published surveys that inform the initiative: its page shows their headline results
        (surveys.templatetags.survey_tags) and is cached under a key of their responses."""
        return self.published().filter(informs__slug=initiative_slug)

    def closed(self, now=None):
        return self.filter(**closed_conditions(now or timezone.now()))

    def with_public_results(self):
        return self.filter(**PUBLIC_RESULTS)

    def listed_publicly(self, now=None):
        """What /surveys/ lists: open surveys, and closed ones whose results are published."""
        now = now or timezone.now()
        return (
            self.filter(Q(**open_conditions(now)) | (Q(**closed_conditions(now)) & Q(**PUBLIC_RESULTS)))
            .select_related("committee")
            .order_by("-closes_at")
        )

    def visible_to(self, user):
        """Published surveys for everybody; drafts too for the staff who read surveys."""
        if is_staff_reader(user):
            return self
        return self.published()

    def for_staff_list(self):
        return self.select_related("committee", "previous_wave").annotate(response_count=models.Count("responses"))


# Survey addresses the staff pages use (surveys/urls.py): no survey may take them.
RESERVED_SLUGS = {"manage"}


class Survey(Translated, EditedBy):
    """A questionnaire, written in its `original_language` and translatable (core.translated): its
    sections, questions and choices share that language (surveys.services keeps them in step), and
    it is open to residents in every language all of them can be read in (`answer_languages`)."""

    translated_fields = ("title", "introduction", "thank_you_text", "privacy_note")

    class Access(models.TextChoices):
        PUBLIC = "public", _("anyone with the link")
        ONE_PER_BROWSER = "browser", _("one response per browser")
        INVITATION = "invitation", _("invitation codes only")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey status", "draft")
        SCHEDULED = "scheduled", _("not open yet")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    introduction = models.TextField(_("introduction"), blank=True)
    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("owner committee"), on_delete=models.PROTECT, related_name="surveys"
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Until it is published the survey is a draft; then the dates decide whether it is open."),
    )
    access = models.CharField(_("access"), max_length=16, choices=Access.choices, default=Access.PUBLIC)
    results_public = models.BooleanField(_("results public"), default=False)
    publish_free_text = models.BooleanField(
        _("publish free-text answers"),
        default=False,
        help_text=_("Show written answers on the public results page (only when the results are public)."),
    )
    thank_you_text = models.TextField(_("thank-you text"), blank=True)
    privacy_note = models.TextField(
        _("privacy note"),
        blank=True,
        help_text=_("Leave it blank for the portal's standard note, which every reader sees in her own language."),
    )
    informs = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("initiatives it informs"),
        related_name="surveys",
        blank=True,
    )
    previous_wave = models.ForeignKey(
        "self",
        verbose_name=_("previous wave"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_waves",
    )
    # What is left of the invitation codes once they were deleted (surveys.services.invitations_expire).
    invitations_deleted_on = models.DateField(_("invitation codes deleted on"), null=True, blank=True, editable=False)
    invitations_deleted = models.PositiveIntegerField(_("invitation codes deleted"), default=0, editable=False)
    invitations_deleted_used = models.PositiveIntegerField(_("used invitation codes deleted"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "title"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_it_opens",
                violation_error_message=_("The survey must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(opens_at__isnull=False, closes_at__isnull=False),
                name="survey_published_has_dates",
                violation_error_message=_("A published survey needs both an opening and a closing time."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:detail", kwargs={"slug": self.slug})

    def status_at(self, now):
        if not self.is_published:
            return self.Status.DRAFT
        if meets(self, open_conditions(now)):
            return self.Status.OPEN
        return self.Status.CLOSED if meets(self, closed_conditions(now)) else self.Status.SCHEDULED

    @property
    def status(self):
        return self.status_at(timezone.now())

    def get_status_display(self):
        return self.Status(self.status).label

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def results_are_public(self):
        return meets(self, PUBLIC_RESULTS)

    def invitation_counts(self):
        """(codes made, codes used), the deleted ones included: one query."""
        counts = self.invitations.aggregate(made=models.Count("pk"), used=models.Count("pk", filter=Q(is_used=True)))
        return counts["made"] + self.invitations_deleted, counts["used"] + self.invitations_deleted_used

    @property
    def invitations_expire_on(self):
        """The day its invitation codes are deleted (by the daily surveys.services.invitations_expire)."""
        if self.closes_at is None:
            return None
        return timezone.localdate(self.closes_at + datetime.timedelta(days=settings.PORTAL_INVITATION_RETENTION_DAYS))


class Section(Translated, EditedBy):
    """A page of the survey form (in its survey's original language)."""

    translated_fields = ("title", "description")

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


def page_key(section, order=None):
    """Where a page stands in the survey: pages go by order, then by when they were made."""
    return (section.order if order is None else order, section.pk)


# Questions as a resident meets them: page by page (pages by order, then by when they were made), then
# by their order on the page.
QUESTIONNAIRE_ORDER = ["section__order", "section_id", "order", "pk"]


class QuestionQuerySet(models.QuerySet):
    def for_form(self):
        """Everything a form page or the results page needs, in a fixed number of queries."""
        return self.select_related("section", "show_if_question").prefetch_related("choices", "show_if_choices")

    def headline_candidates(self):
        """Questions a headline can be taken from, the flagged one of each survey first, then the
        unconditional ones in questionnaire order: the first row per survey is its headline (the
        initiative pages and the mayor's summary both take it from here)."""
        return self.filter(
            Q(is_headline=True) | Q(show_if_question__isnull=True),
            kind__in=Question.HEADLINE_KINDS,
        ).order_by("survey_id", "-is_headline", *QUESTIONNAIRE_ORDER)

    def with_answer_flag(self):
        return self.annotate(has_answers=Exists(Answer.objects.filter(question=OuterRef("pk"))))


class Question(Translated, EditedBy):
    translated_fields = ("text", "help_text", "low_label", "high_label")

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        YES_NO = "yes_no", _("yes / no")
        SCALE = "scale_1_5", _("scale 1–5")
        RATING = "rating_0_10", _("rating 0–10")
        NUMBER = "number", _("number")
        SHORT_TEXT = "short_text", _("short text")
        LONG_TEXT = "long_text", _("long text")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
    NUMERIC_KINDS = (Kind.YES_NO, Kind.SCALE, Kind.RATING, Kind.NUMBER)
    SCALE_KINDS = (Kind.YES_NO, Kind.SCALE, Kind.RATING)
    TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
    HEADLINE_KINDS = (*CHOICE_KINDS, *SCALE_KINDS)  # what a headline result can be shown of
    # The settings only some kinds have (the rest every kind has; choices: CHOICE_KINDS; is_headline: HEADLINE_KINDS).
    KIND_FIELDS = {
        Kind.SINGLE: ("allow_other",),
        Kind.MULTIPLE: ("min_choices", "max_choices"),
        Kind.SCALE: ("low_label", "high_label"),
        Kind.RATING: ("low_label", "high_label"),
        Kind.NUMBER: ("min_value", "max_value"),
    }
    KIND_SPECIFIC_FIELDS = ("allow_other", "min_choices", "max_choices", "min_value", "max_value", "low_label",
                            "high_label", "is_headline")

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SINGLE)
    required = models.BooleanField(_("required"), default=False)
    allow_other = models.BooleanField(
        _("offer “other: please specify”"), default=False, help_text=_("Single choice only.")
    )
    min_choices = models.PositiveSmallIntegerField(_("minimum selections"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("maximum selections"), null=True, blank=True)
    min_value = models.DecimalField(_("minimum number"), max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum number"), max_digits=12, decimal_places=2, null=True, blank=True)
    low_label = models.CharField(_("label of the lowest value"), max_length=80, blank=True)
    high_label = models.CharField(_("label of the highest value"), max_length=80, blank=True)
    is_headline = models.BooleanField(
        _("show as a headline result"),
        default=False,
        help_text=_(
            "Shown on the initiative pages and in the mayor's summary as what residents said. "
            "Without one, the first choice or scale question is shown."
        ),
    )
    show_if_question = models.ForeignKey(
        "self",
        verbose_name=_("show only if this earlier question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependent_questions",
    )
    show_if_choices = models.ManyToManyField(
        "Choice", verbose_name=_("was answered with one of"), blank=True, related_name="shows_questions"
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies", editable=False
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = QUESTIONNAIRE_ORDER
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_choices__isnull=True) | Q(max_choices__isnull=True) | Q(max_choices__gte=F("min_choices")),
                name="question_max_choices_not_below_min",
                violation_error_message=_("The maximum number of selections cannot be below the minimum."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(max_value__gte=F("min_value")),
                name="question_max_value_not_below_min",
                violation_error_message=_("The maximum number cannot be below the minimum."),
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def field_name(self):
        return f"q{self.pk}"

    @property
    def is_choice(self):
        return self.kind in self.CHOICE_KINDS

    @property
    def is_text(self):
        return self.kind in self.TEXT_KINDS

    @property
    def is_conditional(self):
        return self.show_if_question_id is not None

    @classmethod
    def kinds_with(cls, name):
        """The kinds that have the setting `name` (every kind, for a setting not in KIND_SPECIFIC_FIELDS)."""
        if name == "is_headline":
            return cls.HEADLINE_KINDS
        if name not in cls.KIND_SPECIFIC_FIELDS:
            return tuple(cls.Kind)
        return tuple(kind for kind, names in cls.KIND_FIELDS.items() if name in names)

    def unfitting_fields(self):
        """The settings that hold something but that a question of its kind does not have (left over
        from another kind): surveys.services clears them, and the builder says so."""
        return self.unfitting_fields_for(self.kind)

    def unfitting_fields_for(self, kind):
        """The settings of this question that hold something a question of `kind` does not have."""
        return [name for name in self.KIND_SPECIFIC_FIELDS
                if kind not in self.kinds_with(name) and getattr(self, name) not in (None, "", False)]

    def scale_values(self):
        """The (value, label) pairs a yes/no, scale or rating question offers."""
        if self.kind == self.Kind.YES_NO:
            return [(1, _("Yes")), (0, _("No"))]
        low, high = (1, 5) if self.kind == self.Kind.SCALE else (0, 10)
        labels = {low: shown(self, "low_label"), high: shown(self, "high_label")}
        return [(value, scale_label(value, labels.get(value))) for value in range(low, high + 1)]


def scale_label(value, label):
    """"1 – very dissatisfied": a scale value with its label (a core.translated.Shown, whose language
    the whole text then carries), or the value alone."""
    if not label:
        return reading.number(value)
    return Shown(f"{reading.number(value)} – {label}", label.language, label.missing)


# A choice with answers cannot be deleted (Answer.choice is RESTRICT): what the editor is told.
CHOICE_HAS_ANSWERS = _(
    "“%(choice)s” has already been chosen by respondents, so it cannot be deleted. You can still correct its wording."
)


class Choice(Translated):
    translated_fields = ("text",)

    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies", editable=False
    )

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text


def questionnaire_items(survey, sections, questions):
    """Every row of `survey` residents read, in the order they meet them: the survey, each page,
    then each question with its choices (`questions` with their choices prefetched). What decides
    the languages it can be answered in (core.translated.complete_languages) and what its
    translation page shows."""
    items = [survey, *sections]
    for question in questions:
        items += [question, *question.choices.all()]
    return items


# Response ids have 15 digits: random, so their order is not the order of submission, and short
# enough that a spreadsheet opening the CSV export keeps every digit.
RESPONSE_IDS = (10**14, 10**15)


def new_response_id():
    return RESPONSE_IDS[0] + secrets.randbelow(RESPONSE_IDS[1] - RESPONSE_IDS[0])


def new_answer_id():
    """Answers are numbered at random too: a sequence would order their responses."""
    return 1 + secrets.randbelow(2**63 - 1)


def _random_in_database(low, span):
    """The database's own random id, for rows inserted by SQL that names no id (bulk loads, the
    benchmarks): no order either, from a weaker generator than `secrets`, which the portal uses."""
    return Cast(Floor(Random() * Value(span)) + Value(low), models.BigIntegerField())


def submission_hour(moment=None):
    """The start of the local hour of `moment` (now): all a response keeps of when it came, so that
    neither the time a code was used nor a proxy's access log can be matched to it."""
    return timezone.localtime(moment or timezone.now()).replace(minute=0, second=0, microsecond=0)


class ResponseQuerySet(models.QuerySet):
    def fingerprint(self):
        """(count, sum of ids): changes whenever a response is added or deleted (the ids are random,
        so a deletion and an addition that leave both the same are as likely as guessing an id)."""
        state = self.aggregate(count=models.Count("pk"), ids=models.Sum("pk"))
        return state["count"], int(state["ids"] or 0)


class Response(models.Model):
    """One resident's submitted answers. Deliberately no IP address, no user, no exact time and no
    serial number."""

    id = models.BigIntegerField(
        primary_key=True, default=new_response_id, editable=False,
        db_default=_random_in_database(RESPONSE_IDS[0], float(RESPONSE_IDS[1] - RESPONSE_IDS[0])),
    )
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField(
        _("submitted at"), default=submission_hour, help_text=_("The hour only, not the exact time.")
    )
    language = models.CharField(_("language"), max_length=10, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "pk"]  # random ids: no order of submission
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            # The results ask the count and id sum of a survey's responses before and in this hour
            # (surveys.figures): answered from this index alone.
            models.Index(fields=["survey", "submitted_at"], include=["id"], name="response_survey_time"),
            # The results ask a survey's response count and id sum on every read: answered from this
            # index alone (ResponseQuerySet.fingerprint).
            models.Index(fields=["survey", "id"], name="response_survey_id"),
        ]

    def __str__(self):
        return _("Response %(number)s to %(survey)s") % {"number": self.pk, "survey": self.survey_id}


class Answer(models.Model):
    """One value: a chosen option (one row per selected option of a multiple-choice question, so
    counting per option is a plain GROUP BY), a number (also yes/no, scales, ratings) or a text
    (also the "other: please specify" of a single-choice question, with no choice)."""

    id = models.BigIntegerField(
        primary_key=True, default=new_answer_id, editable=False, db_default=_random_in_database(1, 9.2e18)
    )
    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers")
    # RESTRICT: a question or choice with answers cannot be deleted on its own, but deleting the
    # whole survey (which cascades to the responses too) still works.
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.RESTRICT, related_name="answers")
    choice = models.ForeignKey(
        Choice, verbose_name=_("choice"), null=True, blank=True, on_delete=models.RESTRICT, related_name="answers"
    )
    number = models.DecimalField(_("number"), max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["response", "question", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "choice"], name="answer_question_choice"),
            models.Index(fields=["question", "number"], name="answer_question_number"),
        ]

    def __str__(self):
        if self.choice_id:
            return str(self.choice)
        return str(self.number) if self.number is not None else self.text


def hash_invitation_code(code):
    normalised = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalised.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use code. Only its hash is stored: a database leak does not leak usable codes. It
    keeps whether it was used, never when: that moment would name its response."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(_("code hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_used = models.BooleanField(_("used"), default=False)

    class Meta:
        ordering = ["survey", "created_at", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return _("Invitation %(number)s") % {"number": self.pk}


class BrowserClaim(models.Model):
    """One browser has answered a one-per-browser survey. The key is a hash of the survey and a
    random secret kept in that browser's session while it answers, and unique, so that of two
    submissions from one browser at once only the first stores its response. Nothing else is kept:
    no time, no serial number, nothing that leads to the response or from one survey's claim to
    another's; and the secret leaves the session with the answers, so no browser leads to its claim."""

    key = models.CharField(_("key"), max_length=64, primary_key=True, editable=False)
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["survey", "key"]
        verbose_name = _("answered browser")
        verbose_name_plural = _("answered browsers")

    def __str__(self):
        return _("A browser that answered %(survey)s") % {"survey": self.survey_id}

    @staticmethod
    def key_for(survey, browser_secret):
        return hashlib.sha256(f"{survey.pk}:{browser_secret}".encode()).hexdigest()
