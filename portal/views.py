import datetime

from axes.decorators import axes_dispatch
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.db.models import Q
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from django.utils.translation import gettext as _

from committees.models import Meeting, Membership, Recommendation
from committees.rules import member_committee_ids
from initiatives.models import Indicator, Initiative, Milestone
from portal.forms import SearchForm, SummaryFilterForm
from portal.my_work_replies import awaiting_our_reply, replies_overdue
from core.page_cache import public_page
from core.permissions import staff_reader_required
from core.roles import is_staff_reader
from portal.search import site_search
from portal.summary import build_summary
from core.spreadsheet import spreadsheet_response
from portal.summary_export import chart_data, export_rows
from surveys.models import Survey
from surveys.results import minimum_group_size


HOME_INITIATIVES = 4


@require_safe
@public_page
def home(request):
    """The public front page: a handful of rows from each app, a bounded number of queries."""
    public_initiatives = Initiative.objects.public().for_list()
    context = {
        "featured_initiatives": public_initiatives.filter(is_featured=True).order_by("-updated_at")[:3],
        "recent_initiatives": public_initiatives.filter(is_featured=False).order_by("-updated_at")[:HOME_INITIATIVES],
        "open_surveys": Survey.objects.open_now()
        .exclude(access=Survey.Access.INVITATION)
        .select_related("committee")
        .order_by("closes_at")[:3],
        "upcoming_meetings": Meeting.objects.of_public_committees().upcoming().select_related("committee")[:5],
        "indicators": Indicator.objects.with_trend().filter(latest_value__isnull=False)[:HOME_INITIATIVES],
        "recommendations": Recommendation.objects.public().with_committee()[:3],
    }
    return render(request, "portal/home.html", context)


@require_safe
@public_page
def privacy(request):
    """What is stored about residents and what the public can see, in plain words."""
    context = {
        "minimum_group": minimum_group_size(),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "contact": settings.PORTAL_PRIVACY_CONTACT,
        "invitation_days": settings.PORTAL_INVITATION_RETENTION_DAYS,
        "sign_in_log_days": settings.PORTAL_SIGN_IN_LOG_DAYS,
    }
    return render(request, "portal/privacy.html", context)


# When the accessibility statement was last reviewed: change it with the statement's text.
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 12, 6)


@require_safe
@public_page
def accessibility(request):
    """The accessibility statement (EU Directive 2016/2102): what is tested, what is known not to
    work, and how to report a barrier."""
    context = {"contact": settings.PORTAL_ACCESSIBILITY_CONTACT, "statement_date": ACCESSIBILITY_STATEMENT_DATE}
    return render(request, "portal/accessibility.html", context)


@require_safe
def search(request):
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    groups = site_search(text, request.user) if text else []
    context = {"form": form, "text": text, "groups": groups, "shows_non_public": is_staff_reader(request.user)}
    return render(request, "portal/search.html", context)


@login_required
@require_safe
def my_work(request):
    user = request.user
    committee_ids = member_committee_ids(user)
    mine = Q(responsible_manager=user) | Q(lead_committee__in=committee_ids)
    initiatives = list(
        Initiative.objects.filter(mine)
        .exclude(status__in=[Initiative.Status.COMPLETED, Initiative.Status.CANCELLED])
        .for_list()
        .order_by("-overdue_milestone_count", "title")
    )
    surveys = list(Survey.objects.filter(committee__in=committee_ids).for_staff_list().order_by("-created_at"))
    context = {
        "memberships": Membership.objects.current().filter(person__user=user).with_people(),
        "initiatives": initiatives,
        "overdue_milestones": Milestone.objects.overdue()
        .filter(initiative__in=[initiative.pk for initiative in initiatives])
        .select_related("initiative")[:20],
        "surveys": surveys,
        "draft_surveys": [survey for survey in surveys if not survey.is_published],
        "draft_initiatives": [initiative for initiative in initiatives if not initiative.is_public],
        "draft_recommendations": Recommendation.objects.filter(
            committee__in=committee_ids, status=Recommendation.Status.DRAFT
        ).with_committee(),
        "is_staff_reader": is_staff_reader(user),
        "replies_overdue": replies_overdue(user),
        "awaiting_our_reply": awaiting_our_reply(user),
    }
    return render(request, "portal/my_work.html", context)


def _summary_figures(request):
    form = SummaryFilterForm(request.GET or None)
    period, committee = form.selection()
    return form, period, committee, build_summary(period=period, committee=committee)


@staff_reader_required
@require_safe
def summary(request):
    form, period, committee, figures = _summary_figures(request)
    context = {
        "form": form,
        "period": period,
        "committee": committee,
        "figures": figures,
        "charts": chart_data(figures),
        "today": timezone.localdate(),
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/summary.html", context)


@staff_reader_required
@require_safe
def summary_export(request, file_format="csv"):
    _form, period, committee, figures = _summary_figures(request)
    return spreadsheet_response(
        export_rows(period, committee, figures), filename=f"summary-{period.start}-{period.end}",
        file_format=file_format, title=_("Summary"),
    )


@method_decorator(axes_dispatch, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def bad_request(request, exception):
    """400 in the portal's look, or 413 for a body larger than the portal takes (core/request_limits.py).
    Unlike Django's own it runs no CSRF check of its own, which would read the request body again
    (a body it could not read the first time answered 500)."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", {"limit_mb": settings.MAX_UPLOAD_MB}, status=413)
    return render(request, "400.html", status=400)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the page must render even when the database is what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
