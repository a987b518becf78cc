"""The question form: as many choice rows as needed in one save (a "More rows" button without
JavaScript), only the settings of the chosen kind, and a change of kind that keeps what fits and says
what does not."""
import pytest
from django.urls import reverse

from core.roles import MANAGERS
from core.tests.edits import version_of
from surveys.models import Question
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory
from surveys.tests.test_builder import question_data, shown_settings

pytestmark = pytest.mark.django_db
K = Question.Kind


@pytest.fixture
def survey(db):
    survey = SurveyFactory(title="Parking", slug="parking", is_published=False)
    SectionFactory(survey=survey, title="You", order=1)
    return survey


@pytest.fixture
def manager(client, make_user, survey):
    client.force_login(make_user("manager", role=MANAGERS, committees=[survey.committee]))
    return client


def choice_rows(html):
    return html.count("data-choice-row>") - 1  # less the empty row's template


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_six_choices_are_one_save_after_more_rows_without_javascript(manager, survey):
    section = survey.sections.get()
    url = reverse("surveys:question-create", kwargs={"slug": "parking"}) + f"?section={section.pk}"
    assert choice_rows(manager.get(url).content.decode()) == 4
    typed = question_data(section, "How do you come?", "single", choices=["On foot", "Bike", "Bus", "Car"], required="on")
    more = manager.post(url, {**typed, "action": "more-rows"})
    html = more.content.decode()
    assert more.status_code == 200 and choice_rows(html) == 7 and not survey.questions.exists()
    assert 'value="How do you come?"' in html and 'value="Car"' in html and "is-invalid" not in html
    six = question_data(section, "How do you come?", "single", required="on",
                        choices=["On foot", "Bike", "Bus", "Car", "Train", "Scooter"])
    six = {**six, **{f"choices-{index}-order": "" for index in range(6)}}  # left blank: the rows' order
    saved = manager.post(url, six)
    question = survey.questions.get()
    assert saved.status_code == 302 and question.required
    assert [(choice.text, choice.order) for choice in question.choices.all()] == [
        ("On foot", 1), ("Bike", 2), ("Bus", 3), ("Car", 4), ("Train", 5), ("Scooter", 6),
    ]


def test_the_form_shows_only_the_settings_of_the_chosen_kind_and_change_kind_works_without_javascript(manager, survey):
    section = survey.sections.get()
    url = reverse("surveys:question-create", kwargs={"slug": "parking"}) + f"?section={section.pk}"
    single = shown_settings(manager.get(url).content.decode())
    assert {"text", "kind", "required", "allow_other", "is_headline"} <= single
    assert not single & {"min_choices", "min_value", "low_label"}
    changed = manager.post(url, {**question_data(section, "", "number"), "help_text": "In euros", "action": "change-kind"})
    html = changed.content.decode()
    number = shown_settings(html)
    assert {"text", "min_value", "max_value"} <= number and not number & {"allow_other", "min_choices", "is_headline"}
    assert '<fieldset class="mb-3" id="choices" data-kinds="single multiple" hidden>' in html
    assert 'value="In euros"' in html and "is-invalid" not in html and not survey.questions.exists()


def test_changing_kind_keeps_what_fits_and_says_what_does_not(manager, survey):
    question = QuestionFactory(section=survey.sections.get(), text="How do you come?", kind=K.SINGLE, required=True,
                               allow_other=True, options=["On foot", "Bike", "Car"])
    url = reverse("surveys:question-update", kwargs={"slug": "parking", "pk": question.pk})
    existing = [(choice.pk, choice.text, False) for choice in question.choices.all()]
    multiple = manager.post(url, question_data(
        question.section, "How do you come?", "multiple", existing=existing, required="on", min_choices="1",
        **version_of(question)), follow=True)
    question.refresh_from_db()
    assert (question.kind, question.required, question.allow_other, question.min_choices) == (K.MULTIPLE, True, False, 1)
    assert [choice.text for choice in question.choices.all()] == ["On foot", "Bike", "Car"]
    assert "Offer “other: please specify” does not apply to a multiple choice question and was cleared." in messages_of(multiple)

    number = manager.post(url, question_data(
        question.section, "How far do you come (km)?", "number", existing=existing, required="on", max_value="50",
        **version_of(question)), follow=True)
    question.refresh_from_db()
    assert (question.kind, question.text, question.required, question.max_value) == (K.NUMBER, "How far do you come (km)?", True, 50)
    assert question.min_choices is None and not question.choices.exists()
    assert messages_of(number)[1:] == [
        "The 3 choices were removed because a number question has none.",
        "Minimum selections does not apply to a number question and was cleared.",
    ]


def test_changing_a_headline_question_to_a_kind_without_headlines_is_no_headline_error(manager, survey):
    question = QuestionFactory(section=survey.sections.get(), text="Happy?", kind=K.YES_NO, is_headline=True)
    url = reverse("surveys:question-update", kwargs={"slug": "parking", "pk": question.pk})
    form = manager.get(url).content.decode()
    assert "is_headline" in shown_settings(form)
    # The browser posts the box still ticked (now hidden and disabled, so it is not posted; or without
    # the script, posted as it was): neither is an error.
    response = manager.post(url, question_data(question.section, "Why?", "short_text", is_headline="on",
                                               **version_of(question)), follow=True)
    question.refresh_from_db()
    assert (question.kind, question.is_headline) == (K.SHORT_TEXT, False)
    assert "It is no longer the headline result: a short text question cannot be one." in messages_of(response)
    assert response.redirect_chain  # saved: no error sent the form back


def test_the_settings_a_kind_change_cleared_are_listed_as_the_reader_s_language_writes_a_list():
    from django.utils import translation
    from surveys.forms import kind_change_notes
    before = Question(pk=1, kind=Question.Kind.NUMBER, min_value=1, max_value=9)
    after = Question(pk=1, kind=Question.Kind.SHORT_TEXT)
    with translation.override("fa"):
        (note,) = kind_change_notes(before, after, 0)
    assert "، " in note and ", " not in note


def test_more_rows_on_a_saved_question_keeps_every_row_as_typed_and_the_next_save_takes_them(manager, survey):
    question = QuestionFactory(section=survey.sections.get(), text="How do you come?", kind=K.SINGLE,
                               options=["On foot", "Bike", "Car"])
    url = reverse("surveys:question-update", kwargs={"slug": "parking", "pk": question.pk})
    foot, bike, car = question.choices.all()
    typed = question_data(question.section, "How do you come here?", "single", choices=["Bus"],
                          existing=[(foot.pk, "On foot", False), (bike.pk, "Bicycle", False), (car.pk, "Car", True)],
                          **version_of(question))
    more = manager.post(url, {**typed, "action": "more-rows"})
    html = more.content.decode()
    assert more.status_code == 200 and choice_rows(html) == 7 and "is-invalid" not in html
    assert 'value="How do you come here?"' in html and 'value="Bicycle"' in html and 'value="Bus"' in html
    assert 'name="choices-2-DELETE" class="checkboxinput form-check-input" id="id_choices-2-DELETE" checked' in html
    assert 'name="choices-TOTAL_FORMS" value="7"' in html and 'name="choices-INITIAL_FORMS" value="3"' in html
    question.refresh_from_db()
    assert question.text == "How do you come?" and question.choices.count() == 3  # nothing saved yet
    saved = manager.post(url, {**typed, "choices-TOTAL_FORMS": 5, "choices-4-text": "Train"})
    assert saved.status_code == 302
    assert [choice.text for choice in question.choices.all()] == ["On foot", "Bicycle", "Bus", "Train"]


def test_the_questions_a_move_would_break_are_listed_as_the_reader_s_language_writes_a_list():
    from django.utils import translation
    from surveys.forms import broken_condition_error
    with translation.override("fa"):
        (message,) = broken_condition_error([Question(text="Bus?"), Question(text="Bike?")]).messages
    assert "“Bus?”، “Bike?”" in message
