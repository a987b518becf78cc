import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from initiatives.tests.factories import InitiativeFactory
from core.roles import MANAGERS, MAYORS
from core.tests.edits import version_of
from surveys import services
from surveys.models import Choice, Invitation, Question, Response, Survey
from surveys.tests.conftest import choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, make_user, survey):
    client.force_login(make_user("manager", role=MANAGERS, committees=[survey.committee]))
    return client


def question_data(section, text, kind, choices=(), existing=(), **extra):
    data = {"section": section.pk, "text": text, "kind": kind, "choices-INITIAL_FORMS": len(existing), "choices-TOTAL_FORMS": len(existing) + len(choices)}
    for index, (pk, label, delete) in enumerate(existing):
        data.update({f"choices-{index}-id": pk, f"choices-{index}-text": label, f"choices-{index}-order": index + 1})
        if delete:
            data[f"choices-{index}-DELETE"] = "on"
    for offset, label in enumerate(choices, start=len(existing)):
        data.update({f"choices-{offset}-text": label, f"choices-{offset}-order": offset + 1})
    data.update(extra)
    return data


def shown_settings(html):
    """The question form's settings shown (not hidden for another kind), by field name."""
    wrappers = re.findall(r'<div data-kinds="[^"]*"( hidden)?>\s*(?:<div class="mb-3">\s*)?<div id="div_id_(\w+)"', html)
    return {name for hidden, name in wrappers if not hidden}


def test_a_manager_creates_a_survey_and_adds_a_question_with_choices(manager, survey):
    response = manager.post(reverse("surveys:create"), {
        "title": "Parking in the centre", "slug": "parking", "committee": survey.committee.pk, "access": "browser",
        "privacy_note": "Anonymous.", "original_language": "en",
    })
    created = Survey.objects.get(slug="parking")
    assert response.url == reverse("surveys:builder", kwargs={"slug": "parking"}) and not created.is_published
    section = created.sections.get()
    url = reverse("surveys:question-create", kwargs={"slug": "parking"}) + f"?section={section.pk}"
    manager.post(url, question_data(section, "Where do you park?", "single", choices=["Main Square", "Garage"], required="on"))
    question = created.questions.get()
    assert [c.text for c in question.choices.all()] == ["Main Square", "Garage"] and question.required
    assert "Where do you park?" in manager.get(reverse("surveys:builder", kwargs={"slug": "parking"})).content.decode()


def test_a_survey_informs_only_initiatives_the_manager_may_edit_or_its_committee_leads(manager, survey):
    own = InitiativeFactory(title="Pop-up shops", lead_committee=survey.committee)
    foreign = InitiativeFactory(title="National parking plan")
    hidden = InitiativeFactory(title="Confidential rent deal", is_public=False, lead_committee=foreign.lead_committee)
    url = reverse("surveys:update", kwargs={"slug": survey.slug})
    html = manager.get(url).content.decode()
    assert "Pop-up shops" in html and "National parking plan" not in html and "Confidential rent deal" not in html
    data = {
        "title": "Vision, renamed", "slug": survey.slug, "committee": survey.committee.pk, "access": "public",
        "privacy_note": "Anonymous.", "original_language": "en",
    }
    for smuggled in (foreign, hidden):
        refused = manager.post(url, {**data, "informs": [own.pk, smuggled.pk], **version_of(survey)})
        assert refused.status_code == 200 and 'value="Vision, renamed"' in refused.content.decode()
        assert "Select a valid choice" in refused.content.decode()
        assert not survey.informs.exists()
    created = manager.post(reverse("surveys:create"), {**data, "slug": "new-one", "informs": [foreign.pk]})
    assert "Select a valid choice" in created.content.decode() and not Survey.objects.filter(slug="new-one").exists()
    manager.post(url, {**data, "informs": [own.pk], **version_of(survey)})
    assert list(survey.informs.all()) == [own]


def test_publishing_without_dates_is_refused_with_the_typed_title_kept(manager, survey):
    Survey.objects.filter(pk=survey.pk).update(is_published=False, opens_at=None, closes_at=None)
    survey.refresh_from_db()
    response = manager.post(reverse("surveys:update", kwargs={"slug": survey.slug}), {
        "title": "Half-finished survey", "slug": survey.slug, "committee": survey.committee.pk, "access": "public",
        "is_published": "on", "original_language": "en", **version_of(survey),
    })
    html = response.content.decode()
    assert "needs both an opening and a closing time" in html and 'value="Half-finished survey"' in html
    assert not Survey.objects.get(pk=survey.pk).is_published


def test_a_new_survey_is_a_draft_published_from_its_builder(manager, survey):
    assert 'name="is_published"' not in manager.get(reverse("surveys:create")).content.decode()
    manager.post(reverse("surveys:create"), {
        "title": "Half-finished survey", "slug": "half", "committee": survey.committee.pk, "access": "public",
        "is_published": "on", "original_language": "en",
    })
    assert not Survey.objects.get(slug="half").is_published


def test_questions_and_choices_with_answers_are_protected_but_wording_can_change(manager, survey, questions):
    reasons = questions["Why do you come?"]
    services.response_submit(survey=survey, answers={reasons: [choice(reasons, "Cafés")]})
    deleted = manager.post(reverse("surveys:question-delete", kwargs={"slug": survey.slug, "pk": reasons.pk}), follow=True)
    assert "already has answers, so it cannot be deleted" in deleted.content.decode()
    assert Question.objects.filter(pk=reasons.pk).exists()
    cafes, shopping, events = (choice(reasons, text) for text in ["Cafés", "Shopping", "Events"])
    url = reverse("surveys:question-update", kwargs={"slug": survey.slug, "pk": reasons.pk})
    existing = [(shopping.pk, "Shopping", False), (cafes.pk, "Cafés", True), (events.pk, "Events", False)]
    refused = manager.post(
        url, question_data(reasons.section, "Why do you come?", "multiple", existing=existing, **version_of(reasons))
    )
    assert "has already been chosen by respondents" in refused.content.decode()
    assert Choice.objects.filter(pk=cafes.pk).exists()
    kind = manager.post(url, question_data(
        reasons.section, "Why do you come?", "single", existing=[(cafes.pk, "Cafés", False)], **version_of(reasons)
    ))
    assert "its kind can no longer change" in kind.content.decode()
    existing = [(shopping.pk, "Shopping", False), (cafes.pk, "Cafés and bars", False), (events.pk, "Events", False)]
    manager.post(url, question_data(
        reasons.section, "Why do you come to the centre?", "multiple", existing=existing, **version_of(reasons)
    ))
    assert Question.objects.get(pk=reasons.pk).text == "Why do you come to the centre?"
    assert Choice.objects.get(pk=cafes.pk).text == "Cafés and bars"


def test_flagging_a_headline_in_the_builder_makes_it_the_surveys_only_headline(manager, survey, questions):
    satisfied, reasons = questions["How satisfied are you?"], questions["Why do you come?"]
    Question.objects.filter(pk=reasons.pk).update(is_headline=True)
    url = reverse("surveys:question-update", kwargs={"slug": survey.slug, "pk": satisfied.pk})
    form = manager.get(url).content.decode()
    assert "Show as a headline result" in form
    manager.post(url, question_data(
        satisfied.section, satisfied.text, "scale_1_5", is_headline="on", required="on", **version_of(satisfied)
    ))
    assert list(survey.questions.filter(is_headline=True).values_list("text", flat=True)) == ["How satisfied are you?"]
    assert "headline result" in manager.get(reverse("surveys:builder", kwargs={"slug": survey.slug})).content.decode()
    anything = questions["Anything else?"]
    url = reverse("surveys:question-update", kwargs={"slug": survey.slug, "pk": anything.pk})
    # A long text has no headline setting: the form hides it, and a flag posted anyway is not taken.
    assert "is_headline" not in shown_settings(manager.get(url).content.decode())
    saved = manager.post(
        url, question_data(anything.section, anything.text, "long_text", is_headline="on", **version_of(anything))
    )
    assert saved.status_code == 302 and not Question.objects.get(pk=anything.pk).is_headline


def test_a_condition_must_depend_on_an_earlier_page(manager, survey, questions):
    age = questions["How old are you?"]
    first_page = age.section
    url = reverse("surveys:question-create", kwargs={"slug": survey.slug}) + f"?section={first_page.pk}"
    response = manager.post(url, question_data(
        first_page, "Same page condition?", "short_text", show_if_question=age.pk, show_if_choices=[choice(age, "Under 30").pk]
    ))
    assert "Choose a question on an earlier page" in response.content.decode()


def test_moving_a_controlling_question_or_reordering_pages_cannot_break_a_condition(manager, survey, questions):
    age, young = questions["How old are you?"], questions["What would young people like?"]
    first_page, second_page = age.section, young.section
    url = reverse("surveys:question-update", kwargs={"slug": survey.slug, "pk": age.pk})
    existing = [(c.pk, c.text, False) for c in age.choices.all()]
    moved = manager.post(url, question_data(
        second_page, "How old are you, roughly?", "single", existing=existing, required="on", **version_of(age)
    ))
    html = moved.content.decode()
    assert "This move would break a condition: “What would young people like?” is shown only after" in html
    assert 'value="How old are you, roughly?"' in html
    assert Question.objects.get(pk=age.pk).section == first_page
    page_url = lambda page: reverse("surveys:section-update", kwargs={"slug": survey.slug, "pk": page.pk})  # noqa: E731
    for page, order in [(first_page, 5), (first_page, 3), (second_page, 0)]:
        refused = manager.post(page_url(page), {"title": page.title, "order": order, **version_of(page)})
        assert "“What would young people like?” is shown only after" in refused.content.decode()
    assert [(s.pk, s.order) for s in survey.sections.order_by("pk")] == [(first_page.pk, 1), (second_page.pk, 2)]
    manager.post(page_url(second_page), {"title": "The centre, later", "order": 7, **version_of(second_page)})
    assert survey.sections.get(pk=second_page.pk).order == 7


def test_the_preview_walks_through_a_draft_and_stores_nothing(manager, survey, questions):
    Survey.objects.filter(pk=survey.pk).update(is_published=False)
    age, reasons = questions["How old are you?"], questions["Why do you come?"]
    preview = lambda page: reverse("surveys:preview", kwargs={"slug": survey.slug, "page": page})  # noqa: E731
    assert "Nothing you enter here is stored" in manager.get(preview(1)).content.decode()
    manager.post(preview(1), {age.field_name: choice(age, "Under 30").pk, reasons.field_name: [choice(reasons, "Cafés").pk], "action": "next"})
    done = manager.post(preview(2), {questions["How satisfied are you?"].field_name: "3", "action": "next"}, follow=True)
    assert "End of the preview: nothing was stored." in done.content.decode()
    assert Response.objects.count() == 0


def test_staff_generate_invitation_codes_as_a_csv(manager, survey):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.INVITATION)
    response = manager.post(reverse("surveys:invitations", kwargs={"slug": survey.slug}), {"count": 12})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"].startswith("attachment;") and len(rows) == 13
    code, link = rows[1]
    assert link.endswith(f"/surveys/{survey.slug}/code/?code={code}")
    assert Invitation.objects.filter(survey=survey).count() == 12
    services.invitation_find(survey=survey, code=code)


def test_staff_generate_invitation_codes_as_an_excel_workbook(manager, survey):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.INVITATION)
    url = reverse("surveys:invitations", kwargs={"slug": survey.slug})
    response = manager.post(url, {"count": 3, "file_format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert header == ("code", "link") and len(rows) == 3
    code, link = rows[0]
    assert link.endswith(f"/surveys/{survey.slug}/code/?code={code}")
    services.invitation_find(survey=survey, code=code)


def test_a_mayor_reads_the_builder_without_edit_buttons(client, make_user, survey):
    client.force_login(make_user("mayor", role=MAYORS))
    html = client.get(reverse("surveys:builder", kwargs={"slug": survey.slug})).content.decode()
    assert "How old are you?" in html and "Edit settings" not in html and "Move up" not in html


def test_staff_survey_list_and_builder_queries_are_bounded(manager, survey, django_assert_max_num_queries):
    for _copy in range(5):
        services.survey_copy_as_wave(survey=survey)
    with django_assert_max_num_queries(12):
        assert manager.get(reverse("surveys:manage")).status_code == 200
    with django_assert_max_num_queries(14):
        assert "Move down" in manager.get(reverse("surveys:builder", kwargs={"slug": survey.slug})).content.decode()


def test_the_page_buttons_name_the_page_in_plain_text(manager, survey):
    """Their accessible names hold the page's title as text, not the marked-up original (which broke
    out of the attribute and showed its end on the page)."""
    html = manager.get(reverse("surveys:builder", kwargs={"slug": survey.slug})).content.decode()
    labels = re.findall(r'aria-label="((?:Edit|Delete) page[^"]*)"', html)
    assert labels and all("<" not in label and ">" not in label for label in labels)
