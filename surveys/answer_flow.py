"""A resident's way through a survey's pages, shared by the answer pages, the survey's own page
(its first page) and the staff preview: show a page, keep its answers in the session, move back or
on, and submit them through surveys.services.response_submit."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from core.translated import complete_languages, reader_language
from surveys import rules, services
from surveys.answering import AnswerPageForm, SessionAnswers, SurveyPlan, browser_secret, readable_answers
from surveys.models import Survey, questionnaire_items
from surveys.ratelimit import submission_allowed


COOKIE_SALT = "surveys.answered"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365


def invitation_key(survey):
    return f"surveys:invitation:{survey.pk}"


def answered_cookie_name(survey):
    return f"survey_answered_{survey.pk}"


class Answered:
    """This browser sent its answers to a survey, on `day` (None: said by a cookie from before the
    day was kept)."""

    def __init__(self, day):
        self.day = day


def answered_on(request, survey):
    """Answered, when this browser has sent its answers to `survey` (the signed cookie that storing
    them leaves: the survey and the day, nothing else), else None."""
    value = request.get_signed_cookie(answered_cookie_name(survey), default=None, salt=COOKIE_SALT)
    survey_id, _sep, day = (value or "").partition(":")
    if survey_id != str(survey.pk):
        return None
    try:
        return Answered(datetime.date.fromisoformat(day))
    except ValueError:
        return Answered(None)


def answer_languages(survey, plan):
    """What a survey page says about languages: the languages `survey` can be answered in in full
    (every text written or translated), and whether the reader's is one of them."""
    questions = [question for section in plan.sections for question in plan.questions_by_section[section.pk]]
    complete = complete_languages(questionnaire_items(survey, plan.sections, questions))
    return {
        "answer_languages": [get_language_info(code) for code in complete],
        "answerable_in_reader_language": reader_language() in complete,
    }


def unavailable(request, survey, reason, status=200, answers=()):
    """Why this browser's answers cannot be taken (survey_unavailable.html), with `answers`, the
    (question, answer) pairs it gave that were not stored, kept in sight."""
    context = {
        "survey": survey, "reason": reason, "answers": answers,
        "can_see_results": rules.can_view_results(request.user, survey),
    }
    return render(request, "surveys/survey_unavailable.html", context, status=status)


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
            form = AnswerPageForm.from_session(questions, self.stored)
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
            **answer_languages(self.survey, self.plan),
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
        code_key = invitation_key(self.survey)
        if self.session.has_answered():
            return self.answered(unavailable(self.request, self.survey, "answered"))
        try:
            services.response_submit(
                survey=self.survey, answers=answers, language=reader_language(),
                invitation_hash=self.request.session.get(code_key),
                browser_secret=self.session.claim_secret(),
            )
        except services.AlreadyAnswered:
            self.session.mark_answered()
            return self.answered(unavailable(self.request, self.survey, "answered"))
        except services.SurveyNotOpen:
            return self.not_stored("closed_while_answering")
        except services.InvitationRefused:
            # Used meanwhile by another browser: what was given stays in the session and in sight, for another code.
            self.request.session.pop(code_key, None)
            return self.not_stored("code_used")
        if self.survey.access == Survey.Access.ONE_PER_BROWSER:
            self.session.mark_answered()
        else:
            self.session.clear()
        self.request.session.pop(code_key, None)
        return self.answered(redirect("surveys:thanks", slug=self.survey.slug), day=timezone.localdate())

    def answered(self, response, day=None):
        """`response`, with the cookie that tells the survey's pages this browser answered (and on
        which day): for a survey that takes one answer per browser, for a year; for the others,
        until the browser is closed, as they take more answers from one browser (a household, a
        library's computer), which the survey's page still offers."""
        if answered_on(self.request, self.survey) is not None and day is None:
            return response  # already said, with its day
        one_per_browser = self.survey.access == Survey.Access.ONE_PER_BROWSER
        value = f"{self.survey.pk}:{day.isoformat()}" if day else str(self.survey.pk)
        response.set_signed_cookie(
            answered_cookie_name(self.survey), value, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE if one_per_browser else None,
            httponly=True, samesite="Lax", secure=self.request.is_secure(),
        )
        return response

    def given(self, page=None):
        """(question, answer as the resident reads it) of what this browser gave: what the session
        keeps and, on a POST to `page`, that page's answers too (only values that pass their own checks)."""
        stored = dict(self.stored)
        if page and self.request.method == "POST" and 1 <= page <= self.plan.page_count:
            form = AnswerPageForm(self.plan.visible_questions(page, stored), data=self.request.POST)
            stored.update(form.kept_values())
        return readable_answers(self.plan, stored)

    def not_stored(self, reason, page=None):
        """The page that says why nothing was stored, with what was given in sight. A survey that has
        closed will never take these answers: the session lets them go."""
        answers = self.given(page)
        if reason in ("closed", "closed_while_answering"):
            self.session.clear()
        return unavailable(self.request, self.survey, reason, answers=answers)

    def has_pending(self):
        """Answers are being sent (a POST) or the session keeps some."""
        return self.request.method == "POST" or bool(self.stored)
