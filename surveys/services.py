"""Writes that span several survey models, each in one transaction."""
import copy
import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, RestrictedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.content import content_changed
from core.edits import edit_save, edit_write, lock_at_version, versioned_save
from core.translated import follow_original_language, translation_set, with_translation
from surveys.models import (
    CHOICE_HAS_ANSWERS, RESERVED_SLUGS, Answer, BrowserClaim, Choice, Invitation, Question, Response, Section, Survey,
    hash_invitation_code, submission_hour,
)
from surveys.publish_check import survey_check

# No 0/O or 1/I/L: codes are printed on paper and typed in by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class SurveyNotOpen(ValidationError):
    """The survey takes no answers now (draft, not yet open, or closed)."""


class InvitationRefused(ValidationError):
    """The invitation code is unknown, belongs to another survey, or was already used."""


class AlreadyAnswered(ValidationError):
    """This browser has already answered this one-per-browser survey."""


class PublishRefused(ValidationError):
    """The survey is not ready for residents: `problems` (surveys.publish_check.Problem) says why and
    where each is fixed."""

    def __init__(self, problems):
        super().__init__(_("The survey was not published: fix the problems listed first."))
        self.problems = problems


def invitation_find(*, survey, code):
    """The hash of a valid, unused code of this survey; raises InvitationRefused otherwise."""
    token_hash = hash_invitation_code(code)
    invitation = Invitation.objects.filter(survey=survey, token_hash=token_hash).first()
    if invitation is None:
        raise InvitationRefused(_("We do not know this code. Please check it and try again."))
    if invitation.is_used:
        raise InvitationRefused(_("This code has already been used: each code can answer the survey once."))
    return token_hash


def response_submit(*, survey, answers, language="", invitation_hash=None, browser_secret=None, now=None):
    """Store one response with all its answers, or nothing at all.

    `answers` maps a Question to a Choice, a list of Choices, a Decimal, or a text (free text, or
    the "other: please specify" of a single-choice question). The survey's row is read again in the
    transaction (`Survey.objects.open_now`): one closed or withdrawn while the resident answered
    stores nothing. On an invitation survey the code's hash is claimed with the response; on a
    one-per-browser survey, `browser_secret` (the answering browser's, SessionAnswers.claim_secret):
    a browser that has answered already gets AlreadyAnswered.
    """
    now = now or timezone.now()
    rows = [row for question, value in answers.items() for row in _answer_rows(question, value)]
    with transaction.atomic():
        if not Survey.objects.open_now(now).filter(pk=survey.pk).exists():
            raise SurveyNotOpen(_("This survey is not taking answers at the moment."))
        if survey.access == Survey.Access.INVITATION:
            _invitation_claim(survey=survey, invitation_hash=invitation_hash)
        elif survey.access == Survey.Access.ONE_PER_BROWSER and browser_secret:
            _browser_claim(survey=survey, browser_secret=browser_secret)
        response = Response.objects.create(survey=survey, submitted_at=submission_hour(now), language=language[:10])
        Answer.objects.bulk_create(Answer(response=response, **row) for row in rows)
    return response


def _invitation_claim(*, survey, invitation_hash):
    # A conditional UPDATE: of two concurrent submissions with the same code, the second waits for
    # the first's row lock, then finds it used and updates nothing. No time is written: it would
    # be the time of the response.
    claimed = Invitation.objects.filter(survey=survey, token_hash=invitation_hash or "", is_used=False).update(
        is_used=True
    )
    if not claimed:
        raise InvitationRefused(_("This code has already been used: each code can answer the survey once."))


def _browser_claim(*, survey, browser_secret):
    # The key is unique: of two submissions from one browser at once, the second waits for the
    # first's transaction, then fails on the key, and the transaction stores nothing.
    try:
        BrowserClaim.objects.create(key=BrowserClaim.key_for(survey, browser_secret), survey=survey)
    except IntegrityError:
        raise AlreadyAnswered(_("This browser has already answered this survey.")) from None


def _answer_rows(question, value):
    """The fields of each answer row for `value` (a multiple choice gives one row per option)."""
    if question.kind == Question.Kind.MULTIPLE:
        return [{"question": question, "choice": choice} for choice in value]
    if question.kind == Question.Kind.SINGLE and isinstance(value, Choice):
        return [{"question": question, "choice": value}]
    if question.kind in Question.NUMERIC_KINDS:
        if not Decimal(value).is_finite():  # forms never give one; the column would take NaN
            raise ValueError(f"Not a number to store: {value}")
        return [{"question": question, "number": value}]
    return [{"question": question, "text": value}]  # a text, or the "other" of a single choice


@transaction.atomic
def invitations_generate(*, survey, count):
    """Make `count` new single-use codes; returns the codes (only their hashes are stored)."""
    codes = set()
    while len(codes) < count:
        codes.add("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))
    Invitation.objects.bulk_create([Invitation(survey=survey, token_hash=hash_invitation_code(code)) for code in codes])
    return sorted(codes)


def format_code(code):
    return f"{code[:5]}-{code[5:]}"


def invitations_expire(*, now=None):
    """Delete the invitation codes, used or not, of every survey that closed at least
    PORTAL_INVITATION_RETENTION_DAYS days before `now`; the survey keeps how many there were, how
    many were used, and the day they went. Responses are untouched (nothing links them to a code).
    Safe to run at any time and again: a survey without codes is left alone. Returns the number deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PORTAL_INVITATION_RETENTION_DAYS)
    expired = Survey.objects.filter(closes_at__lte=cutoff, invitations__isnull=False).distinct().values_list("pk", flat=True)
    return sum(_survey_invitations_delete(survey_id, timezone.localdate(now)) for survey_id in expired)


@transaction.atomic
def _survey_invitations_delete(survey_id, today):
    Survey.objects.select_for_update().filter(pk=survey_id).first()  # two runs at once: one after the other
    invitations = Invitation.objects.filter(survey_id=survey_id)
    counts = invitations.aggregate(made=Count("pk"), used=Count("pk", filter=Q(is_used=True)))
    if counts["made"]:
        invitations.delete()
        Survey.objects.filter(pk=survey_id).update(
            invitations_deleted_on=today,
            invitations_deleted=F("invitations_deleted") + counts["made"],
            invitations_deleted_used=F("invitations_deleted_used") + counts["used"],
        )
    return counts["made"]


@transaction.atomic
def survey_create(*, by, informs=(), **fields):
    """A new survey (`fields`: Survey's fields; `informs`: initiatives) with its first page, where
    questions go until the editor adds more pages. Without a slug it gets one made from its title.
    A survey cannot be published before it has questions (PublishRefused)."""
    def save(slug, made=False):
        survey = Survey(**{**fields, "slug": slug})
        survey.full_clean(exclude=["edited_by", "slug"] if made else ["edited_by"])  # a made slug: the database checks it
        return versioned_save(survey, by=by)

    if fields.get("slug"):
        survey = save(fields["slug"])
    else:
        survey = _saved_with_free_slug(fields.get("title", ""), lambda slug: save(slug, made=True))
    survey.informs.set(informs)
    section_create(survey=survey, by=by, title=gettext("Your views"), order=1)
    if survey.is_published:
        _refuse_unless_ready(survey)
    return survey


@transaction.atomic
def survey_publish(*, survey, by, expected_version):
    """Publish `survey` if the publish check finds no problem (else PublishRefused listing them all, and
    nothing is written) and nobody saved it since `expected_version` (else core.edits.EditConflict)."""
    stored = lock_at_version(survey, expected_version)
    _refuse_unless_ready(stored)
    return edit_write(stored, by=by, is_published=True)


def _refuse_unless_ready(survey):
    problems = survey_check(survey).problems
    if problems:
        raise PublishRefused(problems)


@transaction.atomic
def survey_update(*, survey, by, expected_version, **changes):
    """Write `changes` (Survey's fields; `informs` takes initiatives) if nobody saved the survey since
    `expected_version` (else core.edits.EditConflict, and nothing is written). A new `original_language`
    is its pages', questions' and choices' too; a text translated into it swaps places with its
    translation, and one without stays as it is, now said to be in that language (nothing is lost:
    core.translated.original_language_changes). A slug left blank is made from the title. Publishing
    here passes the same check as survey_publish (PublishRefused, and nothing is written)."""
    stored = lock_at_version(survey, expected_version)
    publishing = changes.get("is_published") and not stored.is_published
    if "slug" in changes and not changes["slug"]:
        changes = {**changes, "slug": survey_slug_from(changes.get("title", stored.title), exclude=stored.pk)}
    language = changes.get("original_language", stored.original_language)
    if language != stored.original_language:
        changes = {**changes, **stored.original_language_changes(language, changes)}
        _questionnaire_language_set(stored, language)  # raising below rolls it back
    if publishing:
        _refuse_unless_ready(_with_changes(stored, changes))
    return edit_write(stored, by=by, **changes)


def _with_changes(survey, changes):
    """A copy of `survey` as `changes` would make it (its own fields; its questionnaire as stored)."""
    changed = copy.copy(survey)
    for name, value in changes.items():
        if not survey._meta.get_field(name).many_to_many:
            setattr(changed, name, value)
    return changed


def _questionnaire_language_set(survey, language):
    parts = ((Section, survey.sections.all()), (Question, survey.questions.all()),
             (Choice, Choice.objects.filter(question__survey=survey)))
    for model, rows in parts:
        rows = list(rows)
        model.objects.bulk_update(rows, [*follow_original_language(rows, language), *model.translated_fields])
    content_changed()  # bulk_update sends no signals


@transaction.atomic
def survey_translate(*, survey, by, language, expected_version, texts):
    """Write `language`'s translation of the whole survey: `texts` maps each row (the survey, its
    sections, questions and choices) to {field: text}; a blank text is no translation (readers see
    the original, marked). Checked against the survey's `expected_version`, which moves on: two
    people translating at once do not overwrite each other (core.edits.EditConflict, nothing
    written). Rows not named keep their translation."""
    stored = lock_at_version(survey, expected_version)
    for row, row_texts in texts.items():
        if isinstance(row, Survey):
            if row.pk != stored.pk:
                raise ValueError(f"{row!r} is not the survey translated")
            continue
        if _survey_id_of(row) != stored.pk:
            raise ValueError(f"{row!r} is not part of {stored!r}")
        if translation_set(row, language, row_texts):
            (versioned_save(row, by=by, update_fields=["translations"]) if hasattr(row, "version")
             else row.save(update_fields=["translations"]))
    stored.translations = with_translation(stored, language, texts.get(survey, {}))
    stored.full_clean(exclude=["edited_by"])
    return versioned_save(stored, by=by)


def _survey_id_of(row):
    return row.question.survey_id if isinstance(row, Choice) else row.survey_id


@transaction.atomic
def section_create(*, survey, by, title, description="", order=None):
    """A new page of `survey`, by default after its last one."""
    if order is None:
        order = section_next_order(survey)
    section = Section(survey=survey, title=title, description=description, order=order,
                      original_language=survey.original_language)
    section.full_clean(exclude=["edited_by", "survey"])
    return versioned_save(section, by=by)


def section_next_order(survey):
    return _next_order(survey.sections)


def section_update(*, section, by, expected_version, **changes):
    """Write `changes` (title, description, order) if nobody saved the page since `expected_version`."""
    return edit_save(instance=section, by=by, expected_version=expected_version, **changes)


@transaction.atomic
def section_delete(*, section):
    try:
        section.delete()
    except RestrictedError as error:
        raise ValidationError(
            _("This page holds questions that already have answers, so it cannot be deleted.")
        ) from error


@transaction.atomic
def question_create(*, section, by, choices=(), **fields):
    """A new question on the page `section` (at its end unless `order` is given), with its `choices`
    (see question_update) when it is a choice question."""
    question = Question(section=section, survey_id=section.survey_id)
    return _question_write(question, by=by, fields=fields, choices=choices, placed="order" in fields)


@transaction.atomic
def question_update(*, question, by, expected_version, choices=(), **fields):
    """Write `fields` (Question's fields; `show_if_choices` takes choices) and the `choices` of a choice
    question, if nobody saved the question or its choices since `expected_version` (else
    core.edits.EditConflict, and nothing is written). `choices`: one dict a choice, {"id": None for
    a new one, "text": …, "order": …, "delete": True to delete it}; choices not named stay as they are.
    A question moved to another page goes to its end (unless `order` is given). What its kind has not
    (another kind's settings, the choices of a kind without them) is cleared (Question.unfitting_fields)."""
    stored = lock_at_version(question, expected_version)
    moved = "section" in fields and fields["section"].pk != stored.section_id
    return _question_write(stored, by=by, fields=fields, choices=choices, placed="order" in fields or not moved)


def _question_write(question, *, by, fields, choices, placed):
    fields = dict(fields)
    show_if_choices = fields.pop("show_if_choices", None)
    for name, value in fields.items():
        setattr(question, name, value)
    question.survey_id = question.section.survey_id
    question.original_language = question.section.original_language  # the survey's, kept in step
    if not placed:
        question.order = question_next_order(question.section)
    for name in question.unfitting_fields():  # left from another kind: what fits is kept, the rest cleared
        setattr(question, name, Question._meta.get_field(name).get_default())
    question.full_clean(exclude=["edited_by"])
    versioned_save(question, by=by)
    if question.is_headline:  # one headline a survey: flagging this one unflags the one before
        Question.objects.filter(survey=question.survey_id, is_headline=True).exclude(pk=question.pk).update(is_headline=False)
    if show_if_choices is not None:
        question.show_if_choices.set(show_if_choices)
    if question.is_choice:
        _choices_write(question, choices)
    else:  # a kind without choices: those it had go (refused, as any deletion, if they were chosen)
        for choice in question.choices.all():
            _choice_delete(choice)
    return question


def _choices_write(question, choices):
    stored = {choice.pk: choice for choice in question.choices.all()}
    for position, row in enumerate(choices, start=1):
        values = {name: value for name, value in row.items() if name not in ("id", "delete")}
        if row.get("id") and row["id"] not in stored:
            raise ValueError(f"Choice {row['id']} is not a choice of {question}")
        choice = stored[row["id"]] if row.get("id") else Choice(
            question=question, order=position, original_language=question.original_language)
        if row.get("delete"):
            if choice.pk:
                _choice_delete(choice)
        elif choice.pk is None or any(getattr(choice, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(choice, name, value)
            choice.full_clean(exclude=["question", "copied_from"])
            choice.save()


def _choice_delete(choice):
    try:
        choice.delete()
    except RestrictedError as error:
        raise ValidationError(CHOICE_HAS_ANSWERS, params={"choice": choice.text}) from error


@transaction.atomic
def question_move(*, question, direction):
    """Swap the question with its neighbour above (direction=-1) or below (+1) in its section."""
    siblings = list(Question.objects.filter(section=question.section_id).order_by("order", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == question.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.order = position
    Question.objects.bulk_update(siblings, ["order"])
    content_changed()  # bulk_update sends no signals


def question_next_order(section):
    return _next_order(section.questions)


def _next_order(rows):
    """The place after the last of `rows` (pages of a survey, questions of a page)."""
    return (rows.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def question_delete(*, question):
    try:
        question.delete()
    except RestrictedError as error:
        raise ValidationError(
            _("“%(question)s” already has answers, so it cannot be deleted. You can still correct its wording."),
            params={"question": question.text},
        ) from error


@transaction.atomic
def survey_copy_as_wave(*, survey, by=None):
    """A new draft with the same questionnaire, informing the same initiatives, linked to `survey` as
    its previous wave; `by` is named as the author of what it makes (nobody, for a command)."""
    wave_number = 2
    base = survey
    while base.previous_wave_id:
        base = base.previous_wave
        wave_number += 1

    def save(slug):
        return versioned_save(Survey(
            title=_("%(title)s (wave %(number)s)") % {"title": base.title, "number": wave_number},
            slug=slug,
            introduction=survey.introduction,
            committee=survey.committee,
            access=survey.access,
            results_public=survey.results_public,
            publish_free_text=survey.publish_free_text,
            thank_you_text=survey.thank_you_text,
            privacy_note=survey.privacy_note,
            previous_wave=survey,
            original_language=survey.original_language,
            # The title is the wave's own ("… (wave 2)"): translated anew; the other texts are the same.
            translations={code: texts for code, given in survey.translations.items()
                          if (texts := {name: text for name, text in given.items() if name != "title"})},
        ), by=by)

    copy = _saved_with_free_slug(f"{base.slug}-wave-{wave_number}", save)
    copy.informs.set(survey.informs.all())  # the new wave informs the same initiatives
    _copy_questionnaire(survey, copy, by)
    return copy


def _copy_questionnaire(source, target, by):
    section_map, question_map, choice_map = {}, {}, {}
    for section in source.sections.all():
        section_map[section.pk] = versioned_save(
            Section(survey=target, title=section.title, description=section.description, order=section.order,
                    original_language=section.original_language, translations=section.translations), by=by
        )
    questions = list(source.questions.for_form())
    for question in questions:
        old_pk = question.pk
        copy = Question.objects.get(pk=old_pk)
        copy.pk, copy._state.adding, copy.version = None, True, 1  # a new row (Django's way of copying one)
        copy.survey, copy.section, copy.copied_from_id = target, section_map[question.section_id], old_pk
        copy.show_if_question = None
        versioned_save(copy, by=by)
        question_map[old_pk] = copy
        for choice in question.choices.all():
            choice_map[choice.pk] = Choice.objects.create(
                question=copy, text=choice.text, order=choice.order, copied_from=choice,
                original_language=choice.original_language, translations=choice.translations,
            )
    for question in questions:
        if question.show_if_question_id:
            copy = question_map[question.pk]
            copy.show_if_question = question_map[question.show_if_question_id]
            versioned_save(copy, by=by, update_fields=["show_if_question"])
            copy.show_if_choices.set([choice_map[choice.pk] for choice in question.show_if_choices.all()])


def survey_slug_from(title, exclude=None):
    """A survey's address made from its title, in the title's own letters ("Šalek" gives "šalek"):
    the slug field allows Unicode, so Slovenian, Polish and Persian titles keep theirs."""
    return _unique_slug(title, exclude=exclude)


SLUG_ATTEMPTS = 5


def _saved_with_free_slug(wanted, save):
    """`save(slug)` a new survey, `slug` made from `wanted` (survey_slug_from). Another survey may take
    that slug between the choice and the save (two surveys with the same title created at the same
    moment): then it is saved with the next free one, up to SLUG_ATTEMPTS times."""
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        slug = survey_slug_from(wanted)
        try:
            with transaction.atomic():
                return save(slug)
        except IntegrityError:
            if attempt == SLUG_ATTEMPTS or not Survey.objects.filter(slug=slug).exists():
                raise


def _unique_slug(wanted, exclude=None):
    """`wanted` as a slug no other survey has, with -2, -3… added where needed; never a reserved one."""
    slug, counter = slugify(wanted, allow_unicode=True)[:190].strip("-") or "survey", 2
    taken = Survey.objects.exclude(pk=exclude).filter(slug__startswith=slug).values_list("slug", flat=True)
    taken = {*taken, *RESERVED_SLUGS}
    candidate = slug
    while candidate in taken:
        candidate, counter = f"{slug}-{counter}", counter + 1
    return candidate
