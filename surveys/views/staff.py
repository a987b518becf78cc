"""The survey builder for staff: surveys, pages (sections), questions with choices, preview,
copy as a new wave, invitation codes. Managers of the owner committee edit; other staff read."""
import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.edit_forms import VERSION, form_after_conflict, formset_after_conflict, save_or_conflict, saved_by, stale_conflict
from core.edits import EditConflict
from core.more_rows import MORE_ROWS, typed_values
from core.permissions import staff_reader_required
from core.spreadsheet import spreadsheet_response
from core.translated import LANGUAGE_CODES, language_name
from surveys import rules, services
from surveys.forms import (
    ChoiceFormSet, InvitationGenerateForm, QuestionForm, SectionForm, SurveyForm, SurveyTranslationForm,
    kind_change_notes,
)
from surveys.models import Question, Section, Survey
from surveys.publish_check import survey_check
from surveys.answer_flow import AnswerFlow


def editable_survey(request, slug):
    survey = get_object_or_404(Survey.objects.select_related("committee"), slug=slug)
    if not rules.can_edit_survey(request.user, survey):
        raise PermissionDenied
    return survey


@staff_reader_required
@require_safe
def survey_manage_list(request):
    surveys = Survey.objects.for_staff_list()
    return render(
        request,
        "surveys/survey_manage_list.html",
        {"surveys": surveys, "can_create": rules.can_create_survey(request.user)},
    )


@login_required
def survey_create(request):
    if not rules.can_create_survey(request.user):
        raise PermissionDenied
    form = SurveyForm(request.POST or None, user=request.user)
    if form.is_valid():
        survey = services.survey_create(by=request.user, **form.changes())
        messages.success(request, _("The survey was created. Now add its questions."))
        return redirect("surveys:builder", slug=survey.slug)
    return render(request, "surveys/survey_form.html", {"form": form})


@login_required
def survey_update(request, slug):
    survey = editable_survey(request, slug)
    # A copy: an invalid form changes its instance, and the page still names the survey as saved.
    form = SurveyForm(request.POST or None, instance=copy.copy(survey), user=request.user)
    problems = []
    try:
        saved, form, conflict = save_or_conflict(form, lambda: services.survey_update(
            survey=survey, by=request.user, expected_version=form.expected_version, **form.changes()
        ), user=request.user)
    except services.PublishRefused as refused:  # the page lists the problems
        saved, conflict, problems = None, None, refused.problems
        form.add_error("is_published", refused.message)
    if saved:
        messages.success(request, _("The survey was saved."))
        return redirect("surveys:builder", slug=saved.slug)
    return render(request, "surveys/survey_form.html", {
        "form": form, "survey": survey, "conflict": conflict, "problems": problems,
    })


@require_POST
@login_required
def survey_publish(request, slug):
    """Publish from the builder: refused with every problem the publish check finds, listed on the builder."""
    survey = editable_survey(request, slug)
    try:
        services.survey_publish(survey=survey, by=request.user, expected_version=survey.version)
    except services.PublishRefused as refused:
        messages.error(request, refused.message)
    except EditConflict:
        messages.error(request, _("Someone else saved the survey just now: check it, then publish again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The survey was published."))
    return redirect(reverse("surveys:builder", kwargs={"slug": survey.slug}) + "#publish-check")


@staff_reader_required
@require_safe
def survey_builder(request, slug):
    survey = get_object_or_404(Survey.objects.for_staff_list(), slug=slug)
    questions = list(
        survey.questions.with_answer_flag().select_related("show_if_question").prefetch_related("choices", "show_if_choices")
    )
    sections = list(survey.sections.all())
    for section in sections:
        section.question_list = [question for question in questions if question.section_id == section.pk]
    check = survey_check(survey, sections, questions)
    context = {
        "survey": survey,
        "sections": sections,
        "check": check,
        "language_states": check.languages,
        "can_edit": rules.can_edit_survey(request.user, survey),
        "invitation_counts": survey.invitation_counts() if survey.access == Survey.Access.INVITATION else None,
    }
    return render(request, "surveys/survey_builder.html", context)


@require_POST
@login_required
def survey_copy(request, slug):
    survey = editable_survey(request, slug)
    copy = services.survey_copy_as_wave(survey=survey, by=request.user)
    messages.success(request, _("A new wave was created as a draft. Set its dates and publish it when ready."))
    return redirect("surveys:builder", slug=copy.slug)


@login_required
def survey_translate(request, slug, language):
    """One language's translation of the whole survey, every text beside its original."""
    survey = editable_survey(request, slug)
    if language not in LANGUAGE_CODES or language == survey.original_language:
        raise Http404
    sections = list(survey.sections.all())
    questions = list(survey.questions.prefetch_related("choices"))
    parts = {"survey": survey, "sections": sections, "questions": questions, "language": language}
    form = SurveyTranslationForm(request.POST or None, **parts)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_translate(survey=survey, by=request.user, language=language,
                                      expected_version=form.expected_version, texts=form.texts())
        except EditConflict as raised:
            conflict = saved_by(raised.stored.edited_by, raised.stored.edited_at)
            data = request.POST.copy()
            data[VERSION] = raised.stored.version  # saving again is a deliberate choice
            form = SurveyTranslationForm(data, **parts)
        else:
            messages.success(request, _("The %(language)s translation was saved.") % {"language": language_name(language)})
            return redirect("surveys:builder", slug=survey.slug)
    return render(request, "surveys/survey_translate.html", {
        "survey": survey, "form": form, "conflict": conflict, "language": get_language_info(language),
    })


@staff_reader_required
def survey_preview(request, slug, page):
    survey = get_object_or_404(Survey, slug=slug)
    return AnswerFlow(request, survey, preview=True).handle(page)


@login_required
def section_edit(request, slug, pk=None):
    survey = editable_survey(request, slug)
    if pk:
        section = get_object_or_404(Section, survey=survey, pk=pk)
    else:
        section = Section(survey=survey, order=services.section_next_order(survey))
    form = SectionForm(request.POST or None, instance=copy.copy(section))
    saved, form, conflict = save_or_conflict(form, lambda: _section_save(request, section, form))
    if saved:
        messages.success(request, _("The page was saved."))
        return redirect("surveys:builder", slug=survey.slug)
    return render(request, "surveys/section_form.html", {
        "form": form, "survey": survey, "section": section, "conflict": conflict,
    })


def _section_save(request, section, form):
    if section.pk is None:
        return services.section_create(survey=section.survey, by=request.user, **form.changes())
    return services.section_update(
        section=section, by=request.user, expected_version=form.expected_version, **form.changes()
    )


@login_required
def section_delete(request, slug, pk):
    survey = editable_survey(request, slug)
    section = get_object_or_404(Section, survey=survey, pk=pk)
    return _confirm_delete(request, survey, section, services.section_delete, {"section": section})


@login_required
def question_edit(request, slug, pk=None):
    """A question with all its choices in one save. "More rows" and "Change kind" show the form again as
    typed (with more empty choice rows, or the settings of the kind chosen) and save nothing."""
    survey = editable_survey(request, slug)
    question = _question_to_edit(request, survey, pk)
    before, choices_before = copy.copy(question), (question.choices.count() if question.pk else 0)
    data = request.POST or None
    action = request.POST.get("action") if data else None
    form = QuestionForm(data, instance=question, survey=survey)
    formset = ChoiceFormSet(data, instance=question)
    if action in ("more-rows", "change-kind"):  # shown again as typed, unjudged
        form = QuestionForm(initial=typed_values(form), instance=question, survey=survey)
        formset = ChoiceFormSet.as_typed(formset, more=MORE_ROWS if action == "more-rows" else 0)
        return _question_page(request, survey, question, form, formset)
    edit_conflict = None
    if data and form.is_valid() and (not form.is_choice or formset.is_valid()):
        try:
            saved = _question_save(request, question, form, formset)
        except EditConflict as raised:
            edit_conflict = raised
        else:
            messages.success(request, _("The question was saved."))
            for note in kind_change_notes(before, saved, choices_before):
                messages.info(request, note)
            return redirect(reverse("surveys:builder", kwargs={"slug": survey.slug}) + f"#question-{saved.pk}")
    elif data:
        edit_conflict = stale_conflict(form)
    conflict = None
    if edit_conflict is not None:
        question = edit_conflict.stored
        form, conflict = form_after_conflict(QuestionForm, form, edit_conflict, survey=survey)
        formset, rows = formset_after_conflict(ChoiceFormSet, formset, question)
        conflict = {**rows, **conflict, "fields": conflict["fields"] + rows["fields"]}
    return _question_page(request, survey, question, form, formset, conflict)


def _question_to_edit(request, survey, pk):
    if pk:
        return get_object_or_404(Question, survey=survey, pk=pk)
    section_pk = request.GET.get("section", "")
    if section_pk and not section_pk.isdigit():
        raise Http404
    section = get_object_or_404(Section, survey=survey, pk=section_pk) if section_pk else survey.sections.first()
    if section is None:
        raise Http404
    return Question(survey=survey, section=section)


def _question_page(request, survey, question, form, formset, conflict=None):
    return render(request, "surveys/question_form.html", {
        "form": form, "formset": formset, "survey": survey, "question": question, "conflict": conflict,
    })


def _question_save(request, question, form, formset):
    choices = formset.choices() if form.is_choice else ()  # a kind without choices: its old ones go
    if question.pk is None:
        return services.question_create(by=request.user, choices=choices, **form.changes())
    return services.question_update(
        question=question, by=request.user, expected_version=form.expected_version, choices=choices,
        **form.changes(),
    )


@login_required
def question_delete(request, slug, pk):
    survey = editable_survey(request, slug)
    question = get_object_or_404(Question, survey=survey, pk=pk)
    return _confirm_delete(request, survey, question, services.question_delete, {"question": question})


def _confirm_delete(request, survey, obj, delete, kwargs):
    if request.method == "POST":
        try:
            delete(**kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(name)s” was deleted.") % {"name": obj})
        return redirect("surveys:builder", slug=survey.slug)
    return render(request, "surveys/confirm_delete.html", {"survey": survey, "object": obj})


@require_POST
@login_required
def question_move(request, slug, pk):
    survey = editable_survey(request, slug)
    question = get_object_or_404(Question, survey=survey, pk=pk)
    services.question_move(question=question, direction=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("surveys:builder", kwargs={"slug": survey.slug}) + f"#question-{question.pk}")


@login_required
def survey_invitations(request, slug):
    """Generating codes answers with the file (CSV or .xlsx) at once: only their hashes are kept, so the codes
    cannot be shown again later."""
    survey = editable_survey(request, slug)
    if survey.access != Survey.Access.INVITATION:
        messages.error(request, _("This survey is not invitation-only: it needs no codes."))
        return redirect("surveys:builder", slug=survey.slug)
    form = InvitationGenerateForm(request.POST or None)
    if form.is_valid():
        codes = services.invitations_generate(survey=survey, count=form.cleaned_data["count"])
        return _codes_download(request, survey, codes, form.cleaned_data["file_format"] or "csv")
    counts = survey.invitation_counts()
    context = {
        "survey": survey,
        "form": form,
        "invitation_counts": counts,
        "codes_left": counts[0] > survey.invitations_deleted,
    }
    return render(request, "surveys/invitations.html", context)


def _codes_download(request, survey, codes, file_format):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    link = request.build_absolute_uri(reverse("surveys:invitation", kwargs={"slug": survey.slug}))
    formatted = [services.format_code(code) for code in codes]
    rows = [[_("code"), _("link")], *([code, f"{link}?code={code}"] for code in formatted)]
    return spreadsheet_response(
        rows, filename=f"{survey.slug}-codes-{stamp}", file_format=file_format, title=_("Invitation codes"),
    )
