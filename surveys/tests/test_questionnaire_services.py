"""The questionnaire's writes (surveys.services), called with plain values as the views, the demo
and a command call them: what is stored, the version check, the last editor, and nothing half-stored."""
import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import RequestFactory

from core.edits import EditConflict
from surveys import services
from surveys.admin import QuestionAdmin, SurveyAdmin
from surveys.models import Answer, Choice, Question, Response, Section, Survey
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

pytestmark = pytest.mark.django_db
K = Question.Kind


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", first_name="Maja", last_name="Novak")


def texts(question):
    return [(choice.text, choice.order) for choice in question.choices.order_by("order", "pk")]


def test_a_new_survey_is_stored_with_its_first_page_and_names_its_editor(editor):
    committee = SurveyFactory().committee
    survey = services.survey_create(
        by=editor, title="Parking", slug="parking", committee=committee, introduction="Where do you park?"
    )
    survey.refresh_from_db()
    assert (survey.title, survey.is_published, survey.edited_by, survey.version) == ("Parking", False, editor, 1)
    assert [(page.title, page.order, page.edited_by) for page in survey.sections.all()] == [("Your views", 1, editor)]


def test_a_survey_that_breaks_a_rule_is_not_stored_and_neither_is_its_page(editor):
    committee = SurveyFactory().committee
    with pytest.raises(ValidationError):
        services.survey_create(by=editor, title="Parking", slug="parking", committee=committee, is_published=True)
    assert not Survey.objects.filter(slug="parking").exists() and not Section.objects.filter(survey__slug="parking").exists()


def test_a_survey_update_from_an_older_version_is_refused_and_writes_nothing(editor):
    survey = SurveyFactory(title="Parking")
    saved = services.survey_update(survey=survey, by=editor, expected_version=survey.version, title="Parking in the centre")
    assert (saved.version, saved.edited_by) == (survey.version + 1, editor)
    with pytest.raises(EditConflict) as conflict:
        services.survey_update(survey=survey, by=editor, expected_version=survey.version, title="Cars")
    assert conflict.value.stored.title == "Parking in the centre"
    assert Survey.objects.get(pk=survey.pk).title == "Parking in the centre"


def test_a_new_page_goes_after_the_last_one_and_its_update_checks_the_version(editor):
    survey = SurveyFactory()
    SectionFactory(survey=survey, order=4)
    page = services.section_create(survey=survey, by=editor, title="More", description="")
    assert (page.order, page.edited_by) == (5, editor)
    services.section_update(section=page, by=editor, expected_version=page.version, title="Even more")
    with pytest.raises(EditConflict):
        services.section_update(section=page, by=editor, expected_version=page.version, title="Stale")
    assert Section.objects.get(pk=page.pk).title == "Even more"


def test_a_new_question_goes_to_the_end_of_its_page_with_its_choices(editor):
    section = SectionFactory()
    QuestionFactory(section=section, order=7)
    question = services.question_create(
        section=section, by=editor, text="How do you come?", kind=K.SINGLE,
        choices=[{"text": "On foot", "order": 1}, {"text": "By bus", "order": 2}],
    )
    question.refresh_from_db()
    assert (question.order, question.survey, question.edited_by, question.version) == (8, section.survey, editor, 1)
    assert texts(question) == [("On foot", 1), ("By bus", 2)]


def test_a_question_update_adds_changes_and_removes_choices_and_names_its_editor(editor):
    question = QuestionFactory(text="How do you come?", options=["On foot", "By bus", "By car"])
    foot, bus, car = question.choices.order_by("order")
    saved = services.question_update(
        question=question, by=editor, expected_version=question.version, text="How do you usually come?",
        choices=[
            {"id": foot.pk, "text": "On foot", "order": 1, "delete": False},
            {"id": bus.pk, "text": "By bus or train", "order": 2, "delete": False},
            {"id": car.pk, "text": "By car", "order": 3, "delete": True},
            {"id": None, "text": "By bike", "order": 4, "delete": False},
        ],
    )
    stored = Question.objects.get(pk=question.pk)
    assert (stored.text, stored.version, stored.edited_by) == ("How do you usually come?", saved.version, editor)
    assert stored.version == question.version + 1
    assert texts(stored) == [("On foot", 1), ("By bus or train", 2), ("By bike", 4)]


def test_a_question_update_from_an_older_version_writes_neither_question_nor_choices(editor):
    question = QuestionFactory(text="How do you come?", options=["On foot"])
    services.question_update(question=question, by=editor, expected_version=question.version, text="Someone else's")
    with pytest.raises(EditConflict):
        services.question_update(
            question=question, by=editor, expected_version=question.version, text="Mine",
            choices=[{"id": None, "text": "By bus", "order": 2}],
        )
    stored = Question.objects.get(pk=question.pk)
    assert stored.text == "Someone else's" and texts(stored) == [("On foot", 1)]


def test_a_refused_choice_deletion_leaves_the_question_and_its_other_choices_as_they_were(editor):
    question = QuestionFactory(text="How do you come?", options=["On foot", "By bus"])
    foot, bus = question.choices.order_by("order")
    Answer.objects.create(response=Response.objects.create(survey=question.survey), question=question, choice=foot)
    with pytest.raises(ValidationError, match="already been chosen"):
        services.question_update(
            question=question, by=editor, expected_version=question.version, text="Changed",
            choices=[
                {"id": bus.pk, "text": "By train", "order": 2},
                {"id": foot.pk, "text": "On foot", "order": 1, "delete": True},
            ],
        )
    stored = Question.objects.get(pk=question.pk)
    assert (stored.text, stored.version) == ("How do you come?", question.version)
    assert texts(stored) == [("On foot", 1), ("By bus", 2)]


def test_a_choice_of_another_question_is_refused(editor):
    question, other = QuestionFactory(options=["Yes"]), QuestionFactory(options=["No"])
    with pytest.raises(ValueError):
        services.question_update(
            question=question, by=editor, expected_version=question.version,
            choices=[{"id": other.choices.get().pk, "text": "Taken", "order": 1}],
        )
    assert other.choices.get().text == "No"


def test_a_question_moved_to_another_page_goes_to_its_end_and_a_headline_unflags_the_one_before(editor):
    survey = SurveyFactory()
    first, second = SectionFactory(survey=survey, order=1), SectionFactory(survey=survey, order=2)
    before = QuestionFactory(section=second, order=3, is_headline=True)
    question = QuestionFactory(section=first, order=1)
    services.question_update(
        question=question, by=editor, expected_version=question.version, section=second, is_headline=True
    )
    question.refresh_from_db()
    before.refresh_from_db()
    assert (question.section, question.order, question.is_headline, before.is_headline) == (second, 4, True, False)


def test_a_copied_wave_names_who_copied_it_and_starts_its_versions_afresh(editor, survey):
    for _edit in range(3):
        Question.objects.filter(survey=survey).update(version=F("version") + 1)
    wave = services.survey_copy_as_wave(survey=survey, by=editor)
    rows = [wave, *wave.sections.all(), *wave.questions.all()]
    assert {row.edited_by for row in rows} == {editor}
    assert {row.version for row in rows if not getattr(row, "is_conditional", False)} == {1}


def test_the_admin_saves_a_survey_its_pages_and_a_question_as_their_editor(django_user_model):
    superuser = django_user_model.objects.create_superuser("root")
    request = RequestFactory().post("/")
    request.user = superuser
    survey = SurveyFactory()
    survey.title = "Renamed"
    SurveyAdmin(Survey, admin.site).save_model(request, survey, form=None, change=True)
    question = QuestionFactory(section=SectionFactory(survey=survey))
    question.text = "Reworded?"
    QuestionAdmin(Question, admin.site).save_model(request, question, form=None, change=True)
    stored = [Survey.objects.get(pk=survey.pk), Question.objects.get(pk=question.pk)]
    assert [(row.edited_by, row.version) for row in stored] == [(superuser, 2), (superuser, 2)]
    assert not Choice.objects.exists()
