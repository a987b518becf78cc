"""The one check a survey passes before residents see it: every problem that would stop a resident
from finishing it (or show her a half-translated survey), each with where to fix it. The builder
lists them while the survey is written and surveys.services refuses to publish while there are any."""
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _, ngettext

from core import reading
from core.translated import language_states, missing_fields
from surveys.models import Question, page_key, questionnaire_items


@dataclass(frozen=True)
class Problem:
    message: str
    url: str  # the page where it is fixed, with the place on it (#anchor)


@dataclass(frozen=True)
class SurveyCheck:
    problems: list  # of Problem, in the order the editor meets them
    languages: list  # of core.translated.LanguageState: which languages residents can answer in

    @property
    def ready(self):
        return not self.problems


def survey_check(survey, sections=None, questions=None):
    """Check `survey` as it would be published. `sections` and `questions` (with their choices and
    show_if_choices prefetched) may be given when the caller has them already."""
    if sections is None:
        sections = list(survey.sections.all())
    if questions is None:
        questions = list(survey.questions.prefetch_related("choices", "show_if_choices"))
    items = questionnaire_items(survey, sections, questions)
    languages = language_states(items)
    questionnaire = Questionnaire(survey, sections, questions)
    problems = [*_date_problems(survey), *questionnaire.problems(), *_language_problems(survey, items, languages)]
    return SurveyCheck(problems, languages)


def _date_problems(survey):
    if survey.opens_at and survey.closes_at:
        return []
    url = reverse("surveys:update", kwargs={"slug": survey.slug}) + "#id_opens_at"
    return [Problem(_("A published survey needs both an opening and a closing time."), url)]


class Questionnaire:
    """The pages and questions of one survey, read for what residents could not get through."""

    def __init__(self, survey, sections, questions):
        self.survey, self.sections, self.questions = survey, sections, questions
        self.by_pk = {question.pk: question for question in questions}
        self.place = {section.pk: page_key(section) for section in sections}
        self.page_number = {section.pk: number for number, section in enumerate(sections, start=1)}

    def problems(self):
        if not self.questions:
            return [Problem(_("This survey has no questions yet."), self._add_question_url())]
        problems = []
        for section in self.sections:
            problems += self._page_problems(section)
            for question in self.questions:
                if question.section_id == section.pk:
                    problems += self._question_problems(question)
        return problems

    def _add_question_url(self):
        if not self.sections:
            return reverse("surveys:section-create", kwargs={"slug": self.survey.slug})
        return reverse("surveys:question-create", kwargs={"slug": self.survey.slug}) + f"?section={self.sections[0].pk}"

    def _page_problems(self, section):
        on_page = [question for question in self.questions if question.section_id == section.pk]
        names = {"number": reading.number(self.page_number[section.pk]), "title": section.title}
        url = reverse("surveys:builder", kwargs={"slug": self.survey.slug}) + f"#section-{section.pk}"
        if not on_page:
            return [Problem(_("Page %(number)s “%(title)s” has no questions.") % names, url)]
        if all(self.never_shown(question) for question in on_page):
            return [Problem(_(
                "Page %(number)s “%(title)s” can never be shown: each of its questions is shown only after an "
                "answer residents cannot give."
            ) % names, url)]
        return []

    def _question_problems(self, question):
        url = reverse("surveys:question-update", kwargs={"slug": self.survey.slug, "pk": question.pk})
        controlling = self.by_pk.get(question.show_if_question_id)
        names = {
            "question": question.text, "number": reading.number(self.page_number[question.section_id]),
            "other": controlling.text if controlling else "", "minimum": reading.number(question.min_choices or 0),
            "count": reading.number(len(question.choices.all())),
        }
        found = [*self._choice_problems(question), *self._range_problems(question)]
        condition = self.condition_problem(question)
        if condition:
            found.append((condition, "id_show_if_question"))
        return [Problem(message % names, f"{url}#{anchor}") for message, anchor in found]

    @staticmethod
    def _choice_problems(question):
        if not question.is_choice:
            return []
        count = len(question.choices.all())
        offered = count + (1 if question.kind == Question.Kind.SINGLE and question.allow_other else 0)
        if offered == 0:
            return [(_("“%(question)s” (page %(number)s) has no choices to choose from."), "choices")]
        found = []
        if question.kind == Question.Kind.SINGLE and offered == 1:
            found.append((_("“%(question)s” (page %(number)s) offers only one choice: add at least one more."), "choices"))
        if question.kind == Question.Kind.MULTIPLE and question.min_choices and question.min_choices > count:
            found.append((ngettext(
                "“%(question)s” (page %(number)s) asks for at least %(minimum)s selections but offers %(count)s choice.",
                "“%(question)s” (page %(number)s) asks for at least %(minimum)s selections but offers %(count)s choices.",
                count,
            ), "id_min_choices"))
        return found

    @staticmethod
    def _range_problems(question):
        found = []
        if question.min_choices is not None and question.max_choices is not None and question.min_choices > question.max_choices:
            found.append((
                _("“%(question)s” (page %(number)s) asks for a minimum number of selections above its maximum."),
                "id_min_choices",
            ))
        if question.min_value is not None and question.max_value is not None and question.min_value > question.max_value:
            found.append((_("“%(question)s” (page %(number)s) has a minimum number above its maximum."), "id_min_value"))
        return found

    def condition_problem(self, question):
        """Why the condition of `question` can never be met (a message naming %(question)s, %(number)s
        and %(other)s, its controlling question), or None."""
        if not question.show_if_question_id:
            return None
        controlling = self.by_pk.get(question.show_if_question_id)
        if controlling is None:
            return _("“%(question)s” (page %(number)s) is shown only after an answer to a question that is not in this survey.")
        if controlling.pk == question.pk:
            return _("“%(question)s” (page %(number)s) is shown only after an answer to itself.")
        if self.place[controlling.section_id] >= self.place[question.section_id]:
            return _("“%(question)s” (page %(number)s) is shown only after an answer to “%(other)s”, which is not on an earlier page.")
        if not controlling.is_choice:
            return _(
                "“%(question)s” (page %(number)s) is shown only after certain choices of “%(other)s”, which no longer has choices."
            )
        if not [choice for choice in question.show_if_choices.all() if choice.question_id == controlling.pk]:
            return _(
                "“%(question)s” (page %(number)s) is shown only after answers to “%(other)s” that no longer exist: "
                "choose the answers that show it."
            )
        return None

    def never_shown(self, question, seen=()):
        """A conditional question whose condition cannot be met, or depends on a question never shown."""
        if not question.show_if_question_id:
            return False
        if self.condition_problem(question) or question.pk in seen:
            return True
        return self.never_shown(self.by_pk[question.show_if_question_id], (*seen, question.pk))


def _language_problems(survey, items, languages):
    """A translation begun but not finished: residents reading it cannot answer in it."""
    problems = []
    for state in languages:
        if state.original or state.complete or not any((item.translations or {}).get(state.code) for item in items):
            continue
        url = reverse("surveys:translate", kwargs={"slug": survey.slug, "language": state.code})
        first = next(item for item in items if missing_fields(item, state.code))
        anchor = f"#id_{type(first).__name__.lower()}-{first.pk}-{missing_fields(first, state.code)[0]}"
        problems.append(Problem(ngettext(
            "The %(language)s translation is not finished: %(count)s text is still to translate. Residents reading "
            "%(language)s can answer in it only once it is.",
            "The %(language)s translation is not finished: %(count)s texts are still to translate. Residents reading "
            "%(language)s can answer in it only once it is.",
            state.missing,
        ) % {"language": state.name, "count": reading.number(state.missing)}, url + anchor))
    return problems

