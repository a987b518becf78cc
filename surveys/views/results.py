"""Results pages (staff; public once published) and the exports (CSV or .xlsx)."""
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from surveys import rules
from surveys.exports import response_rows, summary_rows
from core.free_text import first_words_text
from core.page_cache import public_page
from core.permissions import staff_reader_required
from core.spreadsheet import spreadsheet_response
from surveys.crosstab import CrossTabForm
from surveys.models import Response, Survey
from surveys.results import filter_options, responses_key, survey_results


def _responses_counted(request, slug):
    return responses_key(Response.objects.filter(survey__slug=slug))


@require_safe
@public_page(extra_key=_responses_counted, params=("filter",))
def survey_results_page(request, slug):
    survey = get_object_or_404(Survey.objects.visible_to(request.user).select_related("committee", "previous_wave"), slug=slug)
    if not rules.can_view_results(request.user, survey):
        raise Http404
    questions = list(survey.questions.for_form())
    search = first_words_text(request.GET.get("q", ""))
    results = survey_results(
        survey,
        questions=questions,
        filter_value=request.GET.get("filter", ""),
        with_texts=rules.can_view_free_text(request.user, survey),
        search=search,
        for_public=not rules.can_see_small_groups(request.user),
    )
    context = {
        "survey": survey,
        "results": results,
        "filter_options": filter_options(questions),
        "current_filter": request.GET.get("filter", "") if results.filter_label else "",
        "search": search,
        "can_see_texts": rules.can_view_free_text(request.user, survey),
        "is_staff_reader": rules.can_read_survey_admin(request.user),
    }
    response = render(request, "surveys/survey_results.html", context)
    if not _declared_filter(request.GET.get("filter", ""), context["filter_options"]):
        add_never_cache_headers(response)  # rendered, never kept: one cached page per option at most
    return response


def _declared_filter(value, options):
    return not value or any(value == option for _question, group in options for option, _label in group)


def _filename(survey, what):
    return f"{survey.slug}-{what}-{timezone.localtime():%Y%m%d}"


@staff_reader_required
@require_safe
def survey_crosstab(request, slug):
    """One question's answers against another's: counts and column percentages, small groups hidden."""
    survey = get_object_or_404(Survey.objects.select_related("committee"), slug=slug)
    form = CrossTabForm(list(survey.questions.for_form()), request.GET or None)
    table = form.table() if form.is_valid() else None
    return render(request, "surveys/survey_crosstab.html", {"survey": survey, "form": form, "table": table})


@staff_reader_required
@require_safe
def survey_export(request, slug, file_format="csv"):
    """One row per response, read from a server-side cursor: flat memory at any size (the CSV
    streams as it is made, the .xlsx from the temporary file it is written to)."""
    survey = get_object_or_404(Survey, slug=slug)
    questions = list(survey.questions.for_form())
    return spreadsheet_response(
        response_rows(survey, questions), filename=_filename(survey, "responses"), file_format=file_format,
        title=survey.title, stream=True,
    )


@staff_reader_required
@require_safe
def survey_summary_export(request, slug, file_format="csv"):
    survey = get_object_or_404(Survey, slug=slug)
    results = survey_results(survey, compare=False)
    return spreadsheet_response(
        summary_rows(results), filename=_filename(survey, "summary"), file_format=file_format, title=survey.title,
    )
