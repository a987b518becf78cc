"""Answering a survey page by page: the form of one page, which questions a resident sees
(conditional display, decided on the server from the answers given so far), and the partial
answers kept in the session until the final submit writes them in one transaction."""
import secrets
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _, ngettext

from core import reading
from core.content import content_version
from core.number_input import NumberField
from core.release import release
from core.translated import shown
from surveys.models import Question, Section, Survey

OTHER = "other"
BROWSER_SECRET_KEY = "surveys:browser"
QUESTION_TEMPLATE = "surveys/includes/question_field.html"
# Questionnaires and their blank markup live in the shared cache under the content version, which
# every edit moves on: a key never goes stale, this only lets unused versions leave the cache.
PLAN_CACHE_SECONDS = 60 * 60
# Questionnaires and blank markups each process keeps beside the shared cache (0: none).
KEPT_IN_PROCESS = 256


class SurveyPlan:
    """A survey's sections and questions (loaded once per content version, in the shared cache)
    and the visibility rules between them.

    A plan is shared by the requests of a process (and kept in the shared cache), so it is only ever
    read: its questions and choices must not be changed, and forms build their own fields from it
    on every request, so nothing one resident does reaches the next."""

    def __init__(self, survey_pk, version):
        self.version = version
        self.sections = list(Section.objects.filter(survey_id=survey_pk))
        questions = list(Question.objects.filter(survey_id=survey_pk).for_form())
        self.questions_by_id = {question.pk: question for question in questions}
        self.questions_by_section = {section.pk: [] for section in self.sections}
        for question in questions:
            self.questions_by_section[question.section_id].append(question)

    @classmethod
    def of(cls, survey):
        """The plan of `survey` as it is now: any edit of a questionnaire moves the content version
        on in the same transaction (core.content), and the version is read before the plan."""
        version = content_version()
        return _shared(f"plan:{survey.pk}", version, lambda: cls(survey.pk, version))

    @classmethod
    def published(cls, slug):
        """(survey, plan) of the published survey with this `slug` as it is now, for residents: an
        answer page reads only the content version and the cache. Whether the survey is open is
        the caller's to ask (`survey.status`): it depends on the clock, which no key follows.
        Raises Survey.DoesNotExist (and keeps nothing) when there is none."""
        version = content_version()

        def load():
            survey = Survey.objects.published().get(slug=slug)
            return survey, cls(survey.pk, version)

        return _shared(f"published:{slug}", version, load)

    @property
    def page_count(self):
        return len(self.sections)

    def is_visible(self, question, stored):
        """Shown unless it depends on an earlier answer that was not given (or not shown itself)."""
        if not question.show_if_question_id:
            return True
        controlling = self.questions_by_id.get(question.show_if_question_id)
        if controlling is None or not self.is_visible(controlling, stored):
            return False
        given = stored.get(controlling.field_name)
        given = set(given) if isinstance(given, list) else {given}
        return bool(given & {str(choice.pk) for choice in question.show_if_choices.all()})

    def visible_questions(self, page, stored):
        section = self.sections[page - 1]
        return [q for q in self.questions_by_section[section.pk] if self.is_visible(q, stored)]

    def next_page(self, page, stored, step=1):
        """The next (or previous, step=-1) page that has something to answer; None past either end."""
        page += step
        while 1 <= page <= self.page_count:
            if self.visible_questions(page, stored):
                return page
            page += step
        return None

    @staticmethod
    def untouched(questions, stored):
        """Nothing is stored yet for any of these questions."""
        return not any(
            question.field_name in stored or f"{question.field_name}_other" in stored for question in questions
        )

    def blank_markup(self, questions):
        """The questions' fields as everybody sees them before answering them (nothing chosen or
        typed, no error): the same for every visitor, so rendered once per language and version and
        shared. No token and no nonce is part of it: the form tag and the page are rendered anew."""
        name = f"blank:{'-'.join(str(question.pk) for question in questions)}:{get_language()}"
        return mark_safe(_shared(name, self.version, lambda: self._render_blank(questions)))

    @staticmethod
    def _render_blank(questions):
        template = get_template(QUESTION_TEMPLATE)
        rows = AnswerPageForm(questions).question_fields()
        return "".join(template.render({"question": question, "field": field, "other": other}) for question, field, other in rows)

    def first_invalid_page(self, stored, checked=None):
        """Re-check every page at the final submit: returns (page, None) or (None, answers).

        `checked` ({page: valid form}) are pages this request has validated already with the
        answers now stored: not checked again while they still show the same questions."""
        answers = {}
        for page in range(1, self.page_count + 1):
            questions = self.visible_questions(page, stored)
            if not questions:
                continue
            form = (checked or {}).get(page)
            if form is None or form.questions != questions:
                form = AnswerPageForm.from_session(questions, stored, bound=True)
                if not form.is_valid():
                    return page, None
            answers.update(form.answer_values())
        return None, answers


class Options(BaseChoiceIterator):
    """(value, label) pairs as the fields below write them, already in Django's normal form: given
    as a choice iterator, the field and its widget take them as they are instead of checking every
    pair again (twice per field, for every field of every page validated at the final submit)."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


def _choice_field(question):
    options = [(str(choice.pk), shown(choice, "text")) for choice in question.choices.all()]
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(choices=Options(options), widget=forms.CheckboxSelectMultiple)
    if question.allow_other:
        options.append((OTHER, _("Other (please specify)")))
    return forms.ChoiceField(choices=Options(options), widget=forms.RadioSelect)


def _value_field(question):
    if question.kind in Question.SCALE_KINDS:
        options = [(str(value), label) for value, label in question.scale_values()]
        return forms.TypedChoiceField(choices=Options(options), coerce=Decimal, widget=forms.RadioSelect)
    if question.kind == Question.Kind.NUMBER:
        return NumberField(min_value=question.min_value, max_value=question.max_value, max_digits=12, decimal_places=2)
    if question.kind == Question.Kind.LONG_TEXT:
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    return forms.CharField(max_length=300)


def answer_limits(question):
    """What a number or a multiple choice allows, said before it is answered, in the reader's words
    and digits: "A number from 0 to 100.", "Choose at least 2 options."; "" where nothing is limited."""
    if question.kind == Question.Kind.NUMBER:
        low, high = (None if value is None else reading.number(value, "-2") for value in (question.min_value, question.max_value))
        if low is not None and high is not None:
            return _("A number from %(low)s to %(high)s.") % {"low": low, "high": high}
        if low is not None:
            return _("A number of at least %(low)s.") % {"low": low}
        return _("A number of at most %(high)s.") % {"high": high} if high is not None else ""
    if question.kind != Question.Kind.MULTIPLE:
        return ""
    low, high = question.min_choices or None, question.max_choices
    if low and high:
        if low == high:
            return ngettext("Choose %(count)s option.", "Choose %(count)s options.", high) % {"count": reading.number(high)}
        return ngettext("Choose from %(low)s to %(high)s option.", "Choose from %(low)s to %(high)s options.", high) % {
            "low": reading.number(low), "high": reading.number(high)}
    if low:
        return ngettext("Choose at least %(count)s option.", "Choose at least %(count)s options.", low) % {"count": reading.number(low)}
    if high:
        return ngettext("Choose up to %(counter)s option.", "Choose up to %(counter)s options.", high) % {"counter": reading.number(high)}
    return ""


def build_field(question):
    field = _choice_field(question) if question.is_choice else _value_field(question)
    field.label = shown(question, "text")  # in the reader's language, else the original (core.translated)
    field.help_text = shown(question, "help_text")
    field.limits = answer_limits(question)
    field.required = question.required
    field.question = question
    return field


class AnswerPageForm(forms.Form):
    """The questions of one page. Field names are "q<question id>" (plus "q<id>_other")."""

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.field_name] = build_field(question)
            if question.kind == Question.Kind.SINGLE and question.allow_other:
                self.fields[f"{question.field_name}_other"] = forms.CharField(
                    label=_("Other, please specify"), required=False, max_length=300
                )

    @classmethod
    def from_session(cls, questions, stored, *, bound=False):
        """The form with the answers the session keeps (SessionAnswers), as initial values or, `bound`,
        as data to check again. Numbers are kept in their plain form ("1500.5", kept_values) and read
        as such, whatever the language of the page now (on a Slovenian page "1.500" is ambiguous)."""
        values = dict(stored)
        for question in questions:
            if question.kind == Question.Kind.NUMBER and values.get(question.field_name):
                values[question.field_name] = Decimal(values[question.field_name])
        return cls(questions, data=values) if bound else cls(questions, initial=values)

    def question_fields(self):
        """(question, bound field, bound "other" field or None) per question, ready to render."""
        self._describe_fields()
        rows = []
        for question in self.questions:
            other = f"{question.field_name}_other"
            rows.append((question, self[question.field_name], self[other] if other in self.fields else None))
        return rows

    def _describe_fields(self):
        # Text inputs point at their help, limits and error text; choice groups do it on their
        # fieldset (the template reads the field's `described_by`).
        for question in self.questions:
            field = self.fields[question.field_name]
            invalid = self.is_bound and question.field_name in self.errors
            named = [("help", question.help_text), ("limits", field.limits), ("error", invalid)]
            field.described_by = " ".join(f"{question.field_name}-{part}" for part, present in named if present)
            if isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                field.widget.attrs["class"] = "form-check-input"
                continue
            field.widget.attrs["class"] = "form-control"
            if invalid:
                field.widget.attrs.update({"aria-invalid": "true", "class": "form-control is-invalid"})
            if field.described_by:
                field.widget.attrs["aria-describedby"] = field.described_by

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            self._check_selection_count(question, cleaned.get(question.field_name))
            if cleaned.get(question.field_name) == OTHER and not cleaned.get(f"{question.field_name}_other", "").strip():
                self.add_error(f"{question.field_name}_other", _("Please say what “other” means for you."))
        return cleaned

    def _check_selection_count(self, question, selected):
        if question.kind != Question.Kind.MULTIPLE or not selected:
            return
        if question.min_choices and len(selected) < question.min_choices:
            self.add_error(question.field_name, ngettext(
                "Choose at least %(count)s option.", "Choose at least %(count)s options.", question.min_choices
            ) % {"count": reading.number(question.min_choices)})
        if question.max_choices and len(selected) > question.max_choices:
            self.add_error(question.field_name, ngettext(
                "Choose at most %(count)s option.", "Choose at most %(count)s options.", question.max_choices
            ) % {"count": reading.number(question.max_choices)})

    def kept_values(self):
        """What the session keeps of this page, whether or not the page as a whole is valid (going
        back keeps what was typed): each field that passed its own checks, as typed but trimmed,
        without a repeated option, a number in its plain form. A field with an error is left out,
        so nothing a visitor posts reaches the session unchecked or unbounded."""
        kept = {}
        for name, field in self.fields.items():
            if name in self.errors:  # validates the page first
                continue
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if isinstance(field, NumberField):
                value = "" if self.cleaned_data.get(name) is None else str(self.cleaned_data[name])
            elif isinstance(value, list):
                value = list(dict.fromkeys(value))
            elif isinstance(value, str):
                value = value.strip()
            kept[name] = value
        return kept

    def answer_values(self):
        """{question: value} for the service: a Choice, "other" text, a list of Choices, a Decimal or a text."""
        values = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if value in (None, "", []):
                continue
            choices = {str(choice.pk): choice for choice in question.choices.all()}
            if question.kind == Question.Kind.MULTIPLE:
                value = [choices[pk] for pk in value]
            elif question.kind == Question.Kind.SINGLE:
                value = self.cleaned_data[f"{question.field_name}_other"].strip() if value == OTHER else choices[value]
            values[question] = value
        return values


def readable_answers(plan, stored):
    """(question, answer as the resident reads it) of the answers `stored` (as SessionAnswers keeps
    them) to the questions `plan` shows with them, in questionnaire order: what a page that could
    not store them shows, so nothing given is lost from sight."""
    rows = []
    for page in range(1, plan.page_count + 1):
        for question in plan.visible_questions(page, stored):
            text = _readable(question, stored.get(question.field_name), stored.get(f"{question.field_name}_other", ""))
            if text:
                rows.append((question, text))
    return rows


def _readable(question, value, other):
    if value in (None, "", []):
        return ""
    choices = {str(choice.pk): shown(choice, "text") for choice in question.choices.all()}
    if question.kind == Question.Kind.MULTIPLE:
        return reading.listed(choices[pk] for pk in value if pk in choices)
    if question.kind == Question.Kind.SINGLE:
        return other if value == OTHER else choices.get(value, "")
    if question.kind in Question.SCALE_KINDS:
        return str(dict((str(number), label) for number, label in question.scale_values()).get(value, ""))
    if question.kind == Question.Kind.NUMBER:
        return reading.number(Decimal(value))
    return value


def _shared(name, version, load):
    """What `load()` gives for `name` at this content version, from the shared cache (the release is
    part of the key: servers running other code never read each other's objects), and the process's
    copy of it under the same key. The key holds the content version, read from the database on
    every request, so an edit made on any server is seen at the next request here too, with no
    timer; the copy saves unpickling the questionnaire on every page (1.67x the first answer page's
    throughput, bench/README.md). Shared between requests, it is only ever read (see SurveyPlan)."""
    if settings.DEBUG:
        return load()  # development: an edited template or question shows at once, as pages do (PAGE_CACHE_SECONDS)
    key = f"surveys:{release()}:{version}:{name}"
    kept = _in_process.get(key)
    if kept is None:
        kept = cache.get(key)
        if kept is None:
            kept = load()
            cache.set(key, kept, PLAN_CACHE_SECONDS)
        if len(_in_process) >= KEPT_IN_PROCESS:
            _in_process.clear()  # older versions go; the shared cache still holds what is current
        if KEPT_IN_PROCESS:
            _in_process[key] = kept
    return kept


# {key: object} of _shared, in this process.
_in_process = {}


# Where the claim's secret was, once this browser's response is stored: a marker, not a secret.
ANSWERED = "answered"


class SessionAnswers:
    """The answers given so far, kept in the session (never in the database) until submit."""

    def __init__(self, session, survey, preview=False):
        self.session = session
        self.key = f"surveys:{'preview' if preview else 'answers'}:{survey.pk}"
        self.claim_key = f"{self.key}:claim"

    def load(self):
        return dict(self.session.get(self.key, {}))

    def update(self, page_field_names, values):
        stored = self.load()
        for name in page_field_names:
            stored.pop(name, None)
        stored.update(values)
        self.session[self.key] = stored

    def claim_secret(self):
        """A random value for this browser's claim on the survey (BrowserClaim), made with the form
        at the latest, so that every submit from this browser shares it. Once the response is stored
        it gives way to a marker that is no secret (`mark_answered`): nothing left in the session
        leads to the claim, nor so to the response."""
        secret = self.session.get(self.claim_key)
        if not secret:
            secret = self.session[self.claim_key] = secrets.token_urlsafe(32)
        return secret

    def has_answered(self):
        return self.session.get(self.claim_key) == ANSWERED

    def mark_answered(self):
        """The answers go; the claim's secret is replaced by a marker, so that a submit still under
        way from this browser (a double click, a second tab) is told it answered, instead of making a
        new secret and a second response."""
        self.session.pop(self.key, None)
        self.session[self.claim_key] = ANSWERED

    def clear(self):
        self.session.pop(self.key, None)
        self.session.pop(self.claim_key, None)


def browser_secret(session):
    """A random value that stands for this browser, kept in its session (made on first use): what
    the submission limit counts by, hashed into a cache key for a minute; never stored."""
    secret = session.get(BROWSER_SECRET_KEY)
    if not secret:
        secret = session[BROWSER_SECRET_KEY] = secrets.token_urlsafe(32)
    return secret
