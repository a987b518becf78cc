"""Staff forms of the survey builder, and the resident's invitation-code form."""
from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _, ngettext

from committees.models import Committee
from committees.rules import member_committee_ids
from initiatives.models import Initiative
from core import reading
from core.edit_forms import EditVersionForm, VersionedModelForm
from core.more_rows import TypedRowsFormSet
from core.number_input import NumberField, TypedNumbersModelForm
from core.translated import translation_form_class
from core.roles import is_manager
from surveys.models import (
    CHOICE_HAS_ANSWERS, RESERVED_SLUGS, Choice, Question, Section, Survey, page_key, questionnaire_items,
)

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyForm(VersionedModelForm):
    class Meta:
        model = Survey
        fields = [
            "original_language", "title", "slug", "committee", "introduction", "opens_at", "closes_at", "is_published", "access",
            "results_public", "publish_free_text", "thank_you_text", "privacy_note", "informs",
        ]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "thank_you_text": forms.Textarea(attrs={"rows": 3}),
            "privacy_note": forms.Textarea(attrs={"rows": 3}),
            "informs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = Committee.objects.all()
        if not user.is_superuser:
            committees = committees.filter(pk__in=member_committee_ids(user))
        self.fields["committee"].queryset = committees
        self.fields["informs"].queryset = self._linkable_initiatives(user)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The survey's web address. Left blank, it is made from the title.")
        if not self.instance.pk:
            del self.fields["is_published"]  # a new survey has no questions yet: it is published from its builder

    def _linkable_initiatives(self, user):
        """Initiatives the user may edit (initiatives.rules.can_edit_initiative as a query: superusers
        all, managers those their committees lead), those led by the survey's owner committee, and
        those it already informs (so saving does not silently drop them). Anything else posted is
        refused as an invalid choice."""
        if user.is_superuser:
            return Initiative.objects.order_by("title")
        allowed = Q(lead_committee__in=member_committee_ids(user)) if is_manager(user) else Q(pk__in=[])
        if self.instance.pk:
            allowed |= Q(lead_committee=self.instance.committee_id) | Q(pk__in=self.instance.informs.values("pk"))
        return Initiative.objects.filter(allowed).order_by("title")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved; please choose another."))
        return slug


def broken_condition_error(dependents):
    """The error for a move that would put a question's controlling question on its page or later."""
    return forms.ValidationError(
        _(
            "This move would break a condition: %(questions)s is shown only after the answer to a question "
            "on an earlier page. Move that question too, or change its condition first."
        ),
        params={"questions": reading.listed(f"“{question.text}”" for question in dependents)},
    )


class SectionForm(VersionedModelForm):
    class Meta:
        model = Section
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_order(self):
        """A page's new place must keep every condition pointing at an earlier page."""
        order, section = self.cleaned_data["order"], self.instance
        if not section.pk:
            return order
        here = page_key(section, order)
        shown_later = Question.objects.filter(show_if_question__section=section).exclude(section=section).select_related("section")
        shown_here = (
            Question.objects.filter(section=section, show_if_question__isnull=False)
            .exclude(show_if_question__section=section)
            .select_related("show_if_question__section")
        )
        broken = [q for q in shown_later if page_key(q.section) <= here]
        broken += [q for q in shown_here if page_key(q.show_if_question.section) >= here]
        if broken:
            raise broken_condition_error(broken)
        return order


class QuestionForm(VersionedModelForm):
    class Meta:
        model = Question
        fields = [
            "section", "text", "help_text", "kind", "required", "allow_other", "min_choices", "max_choices",
            "min_value", "max_value", "low_label", "high_label", "is_headline", "show_if_question",
            "show_if_choices",
        ]
        widgets = {"show_if_choices": forms.CheckboxSelectMultiple}

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = self._chosen_kind()
        for name in Question.KIND_SPECIFIC_FIELDS:
            # Another kind's setting is not taken from what is posted: the page hides it (surveys.services
            # clears what is left of it).
            self.fields[name].disabled = self.kind not in Question.kinds_with(name)
        self.fields["kind"].help_text = _("The page shows the settings of the kind chosen.")
        self.fields["section"].queryset = survey.sections.all()
        controlling = survey.questions.filter(kind__in=Question.CHOICE_KINDS).select_related("section")
        if self.instance.pk:
            controlling = controlling.exclude(pk=self.instance.pk)
        self.fields["show_if_question"].queryset = controlling
        self.fields["show_if_choices"].queryset = Choice.objects.filter(question__survey=survey).select_related("question")
        self.fields["show_if_choices"].label_from_instance = lambda choice: f"{choice.question.text}: {choice.text}"
        self.has_answers = bool(self.instance.pk and self.instance.answers.exists())

    def clean(self):
        cleaned = super().clean()
        if self.has_answers and cleaned.get("kind") != self.instance.kind:
            self.add_error("kind", _("This question already has answers: its kind can no longer change."))
        controlling, choices = cleaned.get("show_if_question"), cleaned.get("show_if_choices")
        section = cleaned.get("section")
        if section and self.instance.pk:
            dependents = self.instance.dependent_questions.select_related("section")
            broken = [question for question in dependents if page_key(question.section) <= page_key(section)]
            if broken:
                self.add_error("section", broken_condition_error(broken))
        if controlling and section and page_key(controlling.section) >= page_key(section):
            self.add_error(
                "show_if_question",
                _("Choose a question on an earlier page: what is shown is decided when the resident moves on."),
            )
        if controlling and not choices:
            self.add_error("show_if_choices", _("Choose the answers that show this question."))
        if choices and (not controlling or any(choice.question_id != controlling.pk for choice in choices)):
            self.add_error("show_if_choices", _("Choose answers of the question selected above."))
        return cleaned

    def _chosen_kind(self):
        """The kind as posted (a kind changed on the page), else as stored."""
        posted = self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        return posted if posted in Question.Kind.values else self.instance.kind

    @property
    def is_choice(self):
        return self.kind in Question.CHOICE_KINDS

    def rows(self):
        """(bound field, the kinds it belongs to as "single multiple" or "" for all, shown now) a visible
        field: the page shows those of the chosen kind, and its script follows a change of kind at once."""
        return [
            (field, " ".join(Question.kinds_with(field.name)) if field.name in Question.KIND_SPECIFIC_FIELDS else "",
             not field.field.disabled)
            for field in self.visible_fields()
        ]


def kind_change_notes(before, after, choices_before):
    """What did not carry over when `before` (the question as stored, with `choices_before` choices)
    became `after` (as saved): one sentence each."""
    if not before.pk or before.kind == after.kind:
        return []
    kind = after.get_kind_display()
    notes = []
    if choices_before and not after.is_choice:
        notes.append(ngettext(
            "The %(count)s choice was removed because a %(kind)s question has none.",
            "The %(count)s choices were removed because a %(kind)s question has none.", choices_before,
        ) % {"count": reading.number(choices_before), "kind": kind})
    if before.is_headline and not after.is_headline:
        notes.append(_("It is no longer the headline result: a %(kind)s question cannot be one.") % {"kind": kind})
    cleared = [name for name in before.unfitting_fields_for(after.kind) if name != "is_headline"]
    if cleared:
        names = reading.listed(capfirst(Question._meta.get_field(name).verbose_name) for name in cleared)
        notes.append(ngettext(
            "%(settings)s does not apply to a %(kind)s question and was cleared.",
            "%(settings)s do not apply to a %(kind)s question and were cleared.", len(cleared),
        ) % {"settings": names, "kind": kind})
    return notes


class ChoiceBaseFormSet(TypedRowsFormSet, forms.BaseInlineFormSet):
    """The choices of a question; "More rows" and "Change kind" show them again as typed (as_typed)."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.answers.exists():
                raise forms.ValidationError(CHOICE_HAS_ANSWERS, params={"choice": form.instance.text})

    def choices(self):
        """The choices as typed, for surveys.services.question_create/update: {"id", "text", "order",
        "delete"} a row, the untouched empty rows left out."""
        rows = []
        for form in self.forms:
            row, choice = form.cleaned_data, form.cleaned_data.get("id")
            if row and (choice or not row.get("DELETE")):
                rows.append({
                    "id": choice.pk if choice else None, "text": row.get("text", ""),
                    "order": row.get("order") if row.get("order") is not None else len(rows) + 1,
                    "delete": bool(row.get("DELETE")),
                })
        return rows


class ChoiceForm(TypedNumbersModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False  # left blank: the row's place among the rows
        self.fields["order"].help_text = ""


ChoiceFormSet = forms.inlineformset_factory(
    Question, Choice, form=ChoiceForm, formset=ChoiceBaseFormSet, fields=["text", "order"], extra=4,
    can_delete=True,
)


class InvitationGenerateForm(forms.Form):
    count = NumberField(label=_("How many codes"), whole=True, min_value=1, max_value=2000, initial=50)
    file_format = forms.ChoiceField(
        label=_("Download as"), choices=[("csv", "CSV"), ("xlsx", _("Excel (.xlsx)"))], initial="csv",
        widget=forms.RadioSelect, required=False,
    )


class InvitationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your invitation code"),
        max_length=40,
        help_text=_("It is printed on your invitation, for example ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )



class SurveyTranslationForm:
    """One language's translation of a whole survey on one page: a part per row (the survey, each
    page, each question, each choice), each text with its original beside it, and the survey's
    version, which the save is checked against (surveys.services.survey_translate)."""

    def __init__(self, data=None, *, survey, sections, questions, language):
        self.survey, self.language = survey, language
        self.version = EditVersionForm(data, instance=survey)
        TranslationForm = translation_form_class()
        self.parts, self.groups = [], []  # groups: (heading, parts): the survey, each page, each question with its choices
        pages = {section.pk: number for number, section in enumerate(sections, start=1)}
        for item in questionnaire_items(survey, sections, questions):
            form = TranslationForm(data, instance=item, language=language, prefix=_part_prefix(item))
            if not form.fields.keys() - {"version"}:
                continue
            self.parts.append(form)
            if isinstance(item, Choice):
                form.fields["text"].label = _("Answer option")
                self.groups[-1][1].append(form)
            else:
                self.groups.append((_part_heading(item, pages), [form]))

    def is_valid(self):
        return all([self.version.is_valid(), *(part.is_valid() for part in self.parts)])

    @property
    def expected_version(self):
        return self.version.expected_version

    @property
    def errors(self):
        return [part for part in self.parts if part.errors]

    def texts(self):
        """{row: {field: text}}: what surveys.services.survey_translate takes."""
        return {part.instance: part.texts() for part in self.parts}


def _part_heading(item, pages):
    if isinstance(item, Survey):
        return _("The survey")
    if isinstance(item, Section):
        return _("Page %(number)s") % {"number": pages[item.pk]}
    return _("Question on page %(number)s") % {"number": pages[item.section_id]}


def _part_prefix(item):
    return f"{type(item).__name__.lower()}-{item.pk}"
