"""What residents use: the list of surveys, the survey form page by page, the thank-you page."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.page_cache import public_page
from surveys import rules, services
from surveys.answering import AnswerPageForm, SessionAnswers, SurveyPlan, browser_secret
from surveys.forms import InvitationCodeForm
from surveys.models import Survey
from surveys.ratelimit import submission_allowed

COOKIE_SALT = "surveys.answered"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365
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
    context = {"survey": survey, "start_url": _start_url(survey, blocked)}
    first_page = AnswerFlow(request, survey, preview=False).first_page_context() if blocked is None else None
    if first_page:
        context.update(first_page, answer_here=True)
    response = render(request, "surveys/survey_detail.html", context)
    if first_page:
        # Never page-cached (it reads the session), and no shared cache in front may keep it either:
        # its form carries this browser's CSRF token, and its GET made this browser's claim.
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
    if survey.access == Survey.Access.INVITATION and not request.session.get(_invitation_key(survey)):
        return NEEDS_CODE
    return None


def _invitation_key(survey):
    return f"surveys:invitation:{survey.pk}"


def _cookie_name(survey):
    return f"survey_answered_{survey.pk}"


def _already_answered(request, survey):
    if survey.access != Survey.Access.ONE_PER_BROWSER:
        return False
    return request.get_signed_cookie(_cookie_name(survey), default=None, salt=COOKIE_SALT) == str(survey.pk)


def _unavailable(request, survey, reason, status=200):
    context = {"survey": survey, "reason": reason, "can_see_results": rules.can_view_results(request.user, survey)}
    return render(request, "surveys/survey_unavailable.html", context, status=status)


@require_http_methods(["GET", "POST"])
def survey_invitation(request, slug):
    """Takes the code (from the printed link or typed in), keeps its hash in the session, and
    sends the resident on without the code in the address."""
    survey = get_object_or_404(Survey.objects.published(), slug=slug, access=Survey.Access.INVITATION)
    data = request.POST if request.method == "POST" else (request.GET if "code" in request.GET else None)
    form = InvitationCodeForm(data)
    if form.is_valid():
        try:
            request.session[_invitation_key(survey)] = services.invitation_find(survey=survey, code=form.cleaned_data["code"])
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
        raise Http404 from None
    blocked = _answer_blocked(request, survey)
    if blocked == NEEDS_CODE:
        return redirect("surveys:invitation", slug=survey.slug)
    if blocked:
        return _unavailable(request, survey, blocked)
    return AnswerFlow(request, survey, preview=False, plan=plan).handle(page)


@require_safe
def survey_thanks(request, slug):
    survey = get_object_or_404(Survey.objects.published(), slug=slug)
    return render(
        request, "surveys/survey_thanks.html", {"survey": survey, "can_see_results": rules.can_view_results(request.user, survey)}
    )


class AnswerFlow:
    """One page of the form: show it, keep its answers in the session, move back or on, submit."""

    def __init__(self, request, survey, preview, plan=None):
        self.request, self.survey, self.preview = request, survey, preview
        self.plan = plan or SurveyPlan.of(survey)
        self.session = SessionAnswers(request.session, survey, preview=preview)
        self.stored = self.session.load()

    def url(self, page):
        name = "surveys:preview" if self.preview else "surveys:answer"
        return reverse(name, kwargs={"slug": self.survey.slug, "page": page})

    def handle(self, page):
        if not 1 <= page <= self.plan.page_count:
            raise Http404
        questions = self.plan.visible_questions(page, self.stored)
        if self.request.method == "GET":
            return self.render(page, questions)
        if self.request.POST.get("action") == "submit":  # "try again" after a refusal: what the session keeps
            return self.submit(checked={})
        form = AnswerPageForm(questions, data=self.request.POST)
        if self.request.POST.get("action") == "back":
            self.remember(form)
            previous = self.plan.next_page(page, self.stored, step=-1)
            return redirect(self.url(previous) if previous else self.survey.get_absolute_url())
        if not form.is_valid():
            return self.render(page, questions, form)
        self.remember(form)
        following = self.plan.next_page(page, self.stored)
        if following:
            return redirect(self.url(following))
        return self.submit(checked={page: form})

    def remember(self, form):
        if not self.preview:  # made with the first answers at the latest: every submit from this browser shares them
            browser_secret(self.request.session)
            self.session.claim_secret()
        self.session.update(form.fields.keys(), form.kept_values())
        self.stored = self.session.load()

    def render(self, page, questions, form=None):
        self.offer_claim()
        return render(self.request, "surveys/survey_answer.html", self.page_context(page, questions, form))

    def first_page_context(self):
        """What the survey's own page needs to carry the first page of questions, posted to the first
        answer page; None when that page has no question to show (the survey's page keeps its button)."""
        questions = self.plan.visible_questions(1, self.stored) if self.plan.page_count else []
        if not questions:
            return None
        self.offer_claim()
        return self.page_context(1, questions) | {"action": self.url(1)}

    def offer_claim(self):
        if not self.preview and self.survey.access == Survey.Access.ONE_PER_BROWSER:
            # The claim's secret comes with the form, not with the first answers: a one-page survey's
            # first post is also its last, and a double click must not bring two secrets with it.
            self.session.claim_secret()

    def page_context(self, page, questions, form=None):
        """The page with `form` (bound, with its errors), or else with what is stored so far; a page
        with nothing stored shows the plan's blank markup of its questions."""
        blank = None
        if form is None and self.plan.untouched(questions, self.stored):
            blank = self.plan.blank_markup(questions)
        if blank is None and form is None:
            form = AnswerPageForm(questions, initial=self.stored)
        return {
            "survey": self.survey,
            "section": self.plan.sections[page - 1],
            "form": form,
            "fields": form.question_fields() if form else (),
            "blank_questions": blank,
            "page": page,
            "page_count": self.plan.page_count,
            "is_first": self.plan.next_page(page, self.stored, step=-1) is None,
            "is_last": self.plan.next_page(page, self.stored) is None,
            "preview": self.preview,
        }

    def submit(self, checked):
        invalid_page, answers = self.plan.first_invalid_page(self.stored, checked)
        if invalid_page:
            messages.error(self.request, _("Some answers on this page still need your attention."))
            return redirect(self.url(invalid_page))
        if self.preview:
            self.session.clear()
            messages.success(self.request, _("End of the preview: nothing was stored."))
            return redirect("surveys:builder", slug=self.survey.slug)
        if not submission_allowed(self.request, browser=browser_secret(self.request.session)):
            # Every answer stays in the session: "try again" posts to this address and submits them.
            context = {"survey": self.survey, "retry_url": self.request.path}
            response = render(self.request, "surveys/too_many_submissions.html", context, status=429)
            response["Retry-After"] = "60"
            return response
        return self.store(answers)

    def store(self, answers):
        invitation_key = _invitation_key(self.survey)
        if self.session.has_answered():
            return self.answered(_unavailable(self.request, self.survey, "answered"))
        try:
            services.response_submit(
                survey=self.survey, answers=answers, language=get_language() or "",
                invitation_hash=self.request.session.get(invitation_key),
                browser_secret=self.session.claim_secret(),
            )
        except services.AlreadyAnswered:
            self.session.mark_answered()
            return self.answered(_unavailable(self.request, self.survey, "answered"))
        except services.SurveyNotOpen:
            return _unavailable(self.request, self.survey, "closed_while_answering")
        except services.InvitationRefused:
            self.request.session.pop(invitation_key, None)
            return _unavailable(self.request, self.survey, "code_used")
        if self.survey.access == Survey.Access.ONE_PER_BROWSER:
            self.session.mark_answered()
        else:
            self.session.clear()
        self.request.session.pop(invitation_key, None)
        return self.answered(redirect("surveys:thanks", slug=self.survey.slug))

    def answered(self, response):
        """`response`, with the cookie that tells a one-per-browser survey's pages this browser answered."""
        if self.survey.access == Survey.Access.ONE_PER_BROWSER:
            response.set_signed_cookie(
                _cookie_name(self.survey), str(self.survey.pk), salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE,
                httponly=True, samesite="Lax", secure=self.request.is_secure(),
            )
        return response
