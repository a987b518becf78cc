"""What residents use: the list of surveys, the survey form page by page, the thank-you page."""
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from core.page_cache import public_page
from surveys import rules, services
from surveys.answer_flow import AnswerFlow, answer_languages, answered_on, invitation_key, unavailable
from surveys.answering import SessionAnswers, SurveyPlan
from surveys.forms import InvitationCodeForm
from surveys.models import Survey

NEEDS_CODE = "needs_code"


@require_safe
@public_page
def survey_list(request):
    now = timezone.now()
    surveys = list(Survey.objects.listed_publicly(now))
    context = {
        "open_surveys": [s for s in surveys if s.status_at(now) == Survey.Status.OPEN],
        "closed_surveys": [s for s in surveys if s.status_at(now) == Survey.Status.CLOSED],
    }
    return render(request, "surveys/survey_list.html", context)


@require_safe
def survey_detail(request, slug):
    """The survey's page. While this browser may answer, it carries the first page of questions,
    posted to the first answer page (one POST answers a one-page survey); else a button to start."""
    survey = get_object_or_404(Survey.objects.published().select_related("committee"), slug=slug)
    blocked = _answer_blocked(request, survey)
    answered = answered_on(request, survey)
    context = {"survey": survey, "start_url": _start_url(survey, blocked), "answered": answered}
    first_page = None
    if survey.is_open:  # which languages it can be answered in: said even where this browser may not answer
        flow = AnswerFlow(request, survey, preview=False)
        context.update(answer_languages(survey, flow.plan))
        # Answered: the page says so; answering again (where the survey takes it) is a link away.
        first_page = flow.first_page_context() if blocked is None and answered is None else None
    elif survey.status == Survey.Status.CLOSED:
        context["answers_not_stored"] = bool(SessionAnswers(request.session, survey).load())
    if first_page:
        context.update(first_page, answer_here=True)
    response = render(request, "surveys/survey_detail.html", context)
    if first_page or answered or context.get("answers_not_stored"):
        # Never page-cached (it reads the session), and no shared cache in front may keep it either:
        # its form carries this browser's CSRF token, and its GET made this browser's claim; or it
        # says what this browser did (answered, and on which day; answers left unsent).
        patch_cache_control(response, private=True)
    return response


def _start_url(survey, blocked):
    if blocked == NEEDS_CODE:
        return reverse("surveys:invitation", kwargs={"slug": survey.slug})
    return reverse("surveys:answer", kwargs={"slug": survey.slug, "page": 1})


def _answer_blocked(request, survey):
    """Why this browser cannot answer `survey` now: a reason survey_unavailable.html explains, or
    NEEDS_CODE for an invitation survey whose code is still to be entered; None when it may answer."""
    status = survey.status
    if status != Survey.Status.OPEN:
        return status
    if _already_answered(request, survey):
        return "answered"
    if survey.access == Survey.Access.INVITATION and not request.session.get(invitation_key(survey)):
        return NEEDS_CODE
    return None


def _already_answered(request, survey):
    return survey.access == Survey.Access.ONE_PER_BROWSER and answered_on(request, survey) is not None


@require_http_methods(["GET", "POST"])
def survey_invitation(request, slug):
    """Takes the code (from the printed link or typed in), keeps its hash in the session, and
    sends the resident on without the code in the address."""
    survey = get_object_or_404(Survey.objects.published(), slug=slug, access=Survey.Access.INVITATION)
    data = request.POST if request.method == "POST" else (request.GET if "code" in request.GET else None)
    form = InvitationCodeForm(data)
    if form.is_valid():
        try:
            request.session[invitation_key(survey)] = services.invitation_find(survey=survey, code=form.cleaned_data["code"])
        except services.InvitationRefused as error:
            form.add_error("code", error)
        else:
            return redirect("surveys:answer", slug=survey.slug, page=1)
    return render(request, "surveys/survey_invitation.html", {"survey": survey, "form": form})


@require_http_methods(["GET", "POST"])
def survey_answer(request, slug, page):
    try:
        survey, plan = SurveyPlan.published(slug)
    except Survey.DoesNotExist:
        return _withdrawn(request, slug)
    blocked = _answer_blocked(request, survey)
    flow = AnswerFlow(request, survey, preview=False, plan=plan)
    if blocked is None:
        return flow.handle(page)
    if blocked == NEEDS_CODE:
        if request.method == "POST" and answered_on(request, survey):
            # Another tab of this browser sent its answers with the code this one was using.
            return flow.not_stored("code_used_here", page)
        return redirect("surveys:invitation", slug=survey.slug)
    if blocked == Survey.Status.CLOSED and flow.has_pending():
        return flow.not_stored(Survey.Status.CLOSED, page)
    return unavailable(request, survey, blocked)


def _withdrawn(request, slug):
    """A survey that is no longer published is not there for the public (404); a resident whose
    session still keeps answers to it is told they were not stored, and the session lets them go."""
    survey = Survey.objects.filter(slug=slug).only("pk").first()
    if survey is None or not SessionAnswers(request.session, survey).load():
        raise Http404
    SessionAnswers(request.session, survey).clear()
    return render(request, "surveys/survey_withdrawn.html", status=404)


@require_safe
def survey_thanks(request, slug):
    survey = get_object_or_404(Survey.objects.published(), slug=slug)
    return render(
        request, "surveys/survey_thanks.html", {"survey": survey, "can_see_results": rules.can_view_results(request.user, survey)}
    )
