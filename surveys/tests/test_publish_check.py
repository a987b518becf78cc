"""The publish check lists every problem that would stop a resident finishing a survey, each with a link to
where it is fixed, and publishing is refused while there are any."""
import pytest
from django.urls import reverse

from core.tests.edits import version_of
from surveys import services
from surveys.models import Choice, Question, Survey
from surveys.publish_check import survey_check
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

pytestmark = pytest.mark.django_db
K = Question.Kind


@pytest.fixture
def draft(db):
    """A draft with dates and one good page: a required single choice of two options."""
    survey = SurveyFactory(title="Parking", slug="parking", is_published=False)
    page = SectionFactory(survey=survey, title="You", order=1)
    QuestionFactory(section=page, text="Do you drive?", kind=K.SINGLE, required=True, options=["Yes", "No"], order=1)
    return survey


def problems(survey):
    return [(problem.message, problem.url) for problem in survey_check(Survey.objects.get(pk=survey.pk)).problems]


def edit_url(question, anchor):
    return reverse("surveys:question-update", kwargs={"slug": question.survey.slug, "pk": question.pk}) + anchor


def test_a_survey_with_good_questions_has_no_problems_and_is_published(draft, make_user):
    assert problems(draft) == []
    published = services.survey_publish(survey=draft, by=make_user("m"), expected_version=draft.version)
    assert Survey.objects.get(pk=published.pk).is_published


def test_a_survey_without_questions_is_a_problem(make_user):
    survey = SurveyFactory(slug="empty", is_published=False)
    page = SectionFactory(survey=survey)
    url = reverse("surveys:question-create", kwargs={"slug": "empty"}) + f"?section={page.pk}"
    assert problems(survey) == [("This survey has no questions yet.", url)]


def test_a_required_choice_question_without_choices_is_a_problem(draft):
    question = QuestionFactory(section=draft.sections.get(), text="Where do you park?", kind=K.SINGLE, required=True)
    assert problems(draft) == [("“Where do you park?” (page 1) has no choices to choose from.", edit_url(question, "#choices"))]


def test_a_single_choice_with_one_option_is_a_problem_but_an_other_field_makes_two(draft):
    question = QuestionFactory(section=draft.sections.get(), text="Where?", kind=K.SINGLE, options=["Garage"])
    assert problems(draft) == [("“Where?” (page 1) offers only one choice: add at least one more.", edit_url(question, "#choices"))]
    Question.objects.filter(pk=question.pk).update(allow_other=True)
    assert problems(draft) == []


def test_choose_at_least_more_than_the_choices_offered_is_a_problem(draft):
    question = QuestionFactory(section=draft.sections.get(), text="Why?", kind=K.MULTIPLE, min_choices=4, options=["A", "B"])
    assert problems(draft) == [
        ("“Why?” (page 1) asks for at least 4 selections but offers 2 choices.", edit_url(question, "#id_min_choices")),
    ]


def test_a_minimum_above_the_maximum_is_a_problem(draft):
    """The database refuses such a row; the check still names it for a questionnaire read as it will be."""
    page = draft.sections.get()
    questions = list(draft.questions.prefetch_related("choices", "show_if_choices"))
    number = Question(pk=10**9, survey=draft, section=page, text="How far?", kind=K.NUMBER, min_value=50, max_value=10)
    many = Question(pk=10**9 + 1, survey=draft, section=page, text="Which?", kind=K.MULTIPLE, min_choices=3, max_choices=2)
    found = survey_check(draft, [page], [*questions, number, many]).problems
    assert [problem.message for problem in found] == [
        "“How far?” (page 1) has a minimum number above its maximum.",
        "“Which?” (page 1) has no choices to choose from.",
        "“Which?” (page 1) asks for a minimum number of selections above its maximum.",
    ]
    assert found[0].url.endswith(f"/questions/{10**9}/edit/#id_min_value")
    assert found[2].url.endswith(f"/questions/{10**9 + 1}/edit/#id_min_choices")


def test_a_condition_on_a_question_whose_kind_no_longer_has_choices_is_a_problem(draft):
    driving = draft.questions.get()
    second = SectionFactory(survey=draft, title="Parking", order=2)
    where = QuestionFactory(section=second, text="Where do you park?", kind=K.SHORT_TEXT)
    where.show_if_question = driving
    where.save()
    where.show_if_choices.set(driving.choices.filter(text="Yes"))
    services.question_update(question=driving, by=None, expected_version=driving.version, kind=K.NUMBER)
    assert not driving.choices.exists()
    assert [message for message, _url in problems(draft)][1:] == [
        "“Where do you park?” (page 2) is shown only after certain choices of “Do you drive?”, which no longer has choices.",
    ]


def test_a_condition_on_a_removed_choice_is_a_problem_and_its_page_can_never_show(draft):
    driving = draft.questions.get()
    second = SectionFactory(survey=draft, title="Parking", order=2)
    where = QuestionFactory(section=second, text="Where do you park?", kind=K.SHORT_TEXT)
    services.question_update(question=where, by=None, expected_version=where.version, show_if_question=driving,
                             show_if_choices=[driving.choices.get(text="Yes")])
    assert problems(draft) == []
    Choice.objects.create(question=driving, text="Sometimes", order=3)
    Choice.objects.filter(text="Yes").delete()
    builder = reverse("surveys:builder", kwargs={"slug": "parking"})
    assert problems(draft) == [
        ("Page 2 “Parking” can never be shown: each of its questions is shown only after an answer residents cannot give.",
         f"{builder}#section-{second.pk}"),
        ("“Where do you park?” (page 2) is shown only after answers to “Do you drive?” that no longer exist: "
         "choose the answers that show it.", edit_url(where, "#id_show_if_question")),
    ]


def test_a_condition_on_a_later_question_or_on_itself_is_a_problem(draft):
    driving = draft.questions.get()
    later = QuestionFactory(section=draft.sections.get(), text="Car or bike?", kind=K.SINGLE, options=["Car", "Bike"], order=2)
    Question.objects.filter(pk=driving.pk).update(show_if_question=later)
    driving.show_if_choices.set(later.choices.all())
    Question.objects.filter(pk=later.pk).update(show_if_question=later)
    later.show_if_choices.set(later.choices.all())
    assert [message for message, _url in problems(draft)] == [
        "Page 1 “You” can never be shown: each of its questions is shown only after an answer residents cannot give.",
        "“Do you drive?” (page 1) is shown only after an answer to “Car or bike?”, which is not on an earlier page.",
        "“Car or bike?” (page 1) is shown only after an answer to itself.",
    ]


def test_an_empty_page_is_a_problem(draft):
    empty = SectionFactory(survey=draft, title="Thanks", order=2)
    builder = reverse("surveys:builder", kwargs={"slug": "parking"})
    assert problems(draft) == [("Page 2 “Thanks” has no questions.", f"{builder}#section-{empty.pk}")]


def test_a_survey_without_dates_is_a_problem(draft):
    Survey.objects.filter(pk=draft.pk).update(opens_at=None, closes_at=None)
    url = reverse("surveys:update", kwargs={"slug": "parking"}) + "#id_opens_at"
    assert problems(draft) == [("A published survey needs both an opening and a closing time.", url)]


def test_a_translation_begun_but_not_finished_is_a_problem_and_one_not_begun_is_not(draft, make_user):
    manager = make_user("translator")
    assert problems(draft) == []
    services.survey_translate(survey=draft, by=manager, language="sl", expected_version=draft.version,
                              texts={draft: {"title": "Parkiranje"}})
    question = draft.questions.get()
    url = reverse("surveys:translate", kwargs={"slug": "parking", "language": "sl"})
    found = problems(draft)
    assert found == [(
        "The Slovenian translation is not finished: 5 texts are still to translate. Residents reading Slovenian can "
        "answer in it only once it is.", f"{url}#id_survey-{draft.pk}-introduction",
    )]
    check = survey_check(Survey.objects.get(pk=draft.pk))
    states = {state.code: state.missing for state in check.languages}
    assert states["sl"] == 5 and states["pl"] == states["sl"] + 1 and question.text == "Do you drive?"


def test_publishing_is_refused_through_the_builder_with_every_problem_listed_and_linked(client, make_user, draft):
    from core.roles import MANAGERS

    client.force_login(make_user("manager", role=MANAGERS, committees=[draft.committee]))
    page = draft.sections.get()
    bare = QuestionFactory(section=page, text="Where do you park?", kind=K.SINGLE, required=True, order=2)
    greedy = QuestionFactory(section=page, text="Why?", kind=K.MULTIPLE, min_choices=4, options=["A", "B"], order=3)
    empty = SectionFactory(survey=draft, title="Thanks", order=2)
    response = client.post(reverse("surveys:publish", kwargs={"slug": "parking"}), follow=True)
    html = response.content.decode()
    assert "The survey was not published: fix the problems listed first." in html
    assert "3 problems to fix" in html
    for url in (edit_url(bare, "#choices"), edit_url(greedy, "#id_min_choices"),
                reverse("surveys:builder", kwargs={"slug": "parking"}) + f"#section-{empty.pk}"):
        assert f'href="{url}"' in html
    assert not Survey.objects.get(pk=draft.pk).is_published

    settings = client.post(reverse("surveys:update", kwargs={"slug": "parking"}), {
        "title": "Parking", "slug": "parking", "committee": draft.committee.pk, "access": "public",
        "original_language": "en", "opens_at": "2030-01-01T10:00", "closes_at": "2030-02-01T10:00",
        "is_published": "on", **version_of(draft),
    })
    assert settings.status_code == 200 and "3 problems to fix" in settings.content.decode()
    assert not Survey.objects.get(pk=draft.pk).is_published

    Choice.objects.bulk_create([Choice(question=bare, text="Garage", order=1), Choice(question=bare, text="Street", order=2)])
    Question.objects.filter(pk=greedy.pk).update(min_choices=2)
    empty.delete()
    assert "No problems found" in client.get(reverse("surveys:builder", kwargs={"slug": "parking"})).content.decode()
    published = client.post(reverse("surveys:publish", kwargs={"slug": "parking"}), follow=True)
    assert "The survey was published." in published.content.decode() and Survey.objects.get(pk=draft.pk).is_published


def test_a_slug_left_blank_is_made_from_the_title_unique_and_in_the_titles_letters(client, make_user, draft):
    from core.roles import MANAGERS

    client.force_login(make_user("manager", role=MANAGERS, committees=[draft.committee]))
    data = {"committee": draft.committee.pk, "access": "public", "original_language": "sl", "slug": ""}
    for expected in ("šalek", "šalek-2", "šalek-3"):
        response = client.post(reverse("surveys:create"), {**data, "title": "Šalek"})
        assert response.url == reverse("surveys:builder", kwargs={"slug": expected})
    client.post(reverse("surveys:create"), {**data, "title": "نظرسنجی مرکز شهر", "original_language": "fa"})
    assert Survey.objects.filter(slug="نظرسنجی-مرکز-شهر").exists()
    client.post(reverse("surveys:create"), {**data, "title": "Manage"})
    assert Survey.objects.filter(slug="manage-2").exists()
    typed = client.post(reverse("surveys:create"), {**data, "title": "Parking again", "slug": "my-own"})
    assert typed.url == reverse("surveys:builder", kwargs={"slug": "my-own"})
    renamed = client.post(reverse("surveys:update", kwargs={"slug": "parking"}), {
        **data, "title": "Šalek", "original_language": "en", **version_of(draft),
    })
    assert renamed.url == reverse("surveys:builder", kwargs={"slug": "šalek-4"})


def test_two_surveys_created_at_the_same_moment_with_the_same_title_both_get_an_address(
        client, make_user, draft, monkeypatch):
    """The other request stores its survey between this one's choice of the address and its save: this
    one then takes the next free address instead of failing."""
    from core.roles import MANAGERS
    chosen = services.survey_slug_from
    others = []

    def taken_meanwhile(title, exclude=None):
        slug = chosen(title, exclude)
        if not others:
            others.append(SurveyFactory(title=title, slug=slug, committee=draft.committee))
        return slug

    monkeypatch.setattr(services, "survey_slug_from", taken_meanwhile)
    client.force_login(make_user("manager", role=MANAGERS, committees=[draft.committee]))
    data = {"committee": draft.committee.pk, "access": "public", "original_language": "en", "slug": ""}
    response = client.post(reverse("surveys:create"), {**data, "title": "Market day"})
    assert response.status_code == 302 and response.url == reverse("surveys:builder", kwargs={"slug": "market-day-2"})
    assert sorted(Survey.objects.filter(title="Market day").values_list("slug", flat=True)) == ["market-day", "market-day-2"]
