import pytest

from surveys.models import Question
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

K = Question.Kind


@pytest.fixture
def survey(db):
    """Two pages: age (single, required) and reasons (multiple, 1–2) on page 1; on page 2 a
    question shown only to the under-30s, a 1–5 scale, a number 0–100 and a long text."""
    survey = SurveyFactory(title="Vision of the centre", slug="vision")
    first = SectionFactory(survey=survey, title="You", order=1)
    second = SectionFactory(survey=survey, title="The centre", order=2)
    age = QuestionFactory(section=first, text="How old are you?", kind=K.SINGLE, required=True, options=["Under 30", "30 or over"], order=1)
    QuestionFactory(
        section=first, text="Why do you come?", kind=K.MULTIPLE, min_choices=1, max_choices=2,
        options=["Shopping", "Cafés", "Events"], order=2,
    )
    young = QuestionFactory(section=second, text="What would young people like?", kind=K.SHORT_TEXT, order=1)
    young.show_if_question = age
    young.save()
    young.show_if_choices.set(age.choices.filter(text="Under 30"))
    QuestionFactory(section=second, text="How satisfied are you?", kind=K.SCALE, required=True, low_label="not at all", high_label="very", order=2)
    QuestionFactory(section=second, text="How much do you spend?", kind=K.NUMBER, min_value=0, max_value=100, order=3)
    QuestionFactory(section=second, text="Anything else?", kind=K.LONG_TEXT, order=4)
    return survey


@pytest.fixture
def questions(survey):
    """The survey's questions by their text."""
    return {question.text: question for question in survey.questions.for_form()}


def choice(question, text):
    return question.choices.get(text=text)
