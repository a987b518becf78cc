"""Which pages the benchmark measures, and every page type's query count (needs django.setup()).

PAGE_TYPES lists every GET page of the project with the demo object it shows and the demo user
who opens it (None: an anonymous visitor). `query_counts` opens each once (after a warm-up) in
this process and counts its queries; `uncovered_url_names` names any URL of the project that the
list misses, so a new page shows up in the benchmark's output until it is added here.
"""
import statistics
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver

SURVEY = "vision-of-the-centre"
COMMITTEE = "city-marketing-committee"
# A search of one word, and the same word typed 1,429 times (10,003 characters): only the first
# eight words are read (core/free_text.py), so both find the same rows at the same cost.
SHORT_SEARCH = "?q=market"
LONG_SEARCH = "?q=" + "+".join(["market"] * 1429)

# What `make bench` drives with wrk, side by side with the baselines: (name, page type name).
MEASURED = [
    "home", "initiative list", "initiative detail", "survey form (page 1)", "survey results",
    "committee list", "committee detail", "survey list", "summary",
]
MEASURED += ["business directory"]
# Searches are rendered for every visitor (no page cache): no aim, each pair is read side by side.
SEARCHES = [
    "initiative list, one-word search", "initiative list, 10,000-character search",
    "initiatives CSV export, one-word search", "initiatives CSV export, 10,000-character search",
]
MEASURED += SEARCHES
# The public premises pages (page-cached like the others: aim 0.50).
MEASURED += ["premises figures", "premises to let"]
BASELINES = [
    ("baseline: constant page", "/bench/constant/", None),
    ("baseline: one query", "/bench/one-query/", None),
    ("baseline: one query, portal layout", "/bench/one-query-in-layout/", None),
]
# URL names that are not pages: POST-only actions, downloads of uploaded files, sign-out.
NOT_PAGES = {
    "committees:membership-end", "committees:meeting-cancel", "committees:recommendation-move",
    "committees:document-download", "initiatives:update-photo", "initiatives:milestone-done", "surveys:copy",
    "surveys:question-move",
    "logout", "set_language", "password_change_done",
    "premises:unit-photo",
}


class Demo:
    """The demo town's objects the pages show (found by their natural keys)."""

    def __init__(self):
        from committees.models import Committee, Meeting, Membership, Person, Recommendation
        from initiatives.models import Indicator, Initiative
        from premises.models import Occupancy
        from surveys.models import Survey

        self.committee = Committee.objects.get(slug=COMMITTEE)
        self.meeting = Meeting.objects.filter(committee=self.committee).order_by("-starts_at").first()
        self.recommendation = Recommendation.objects.filter(committee=self.committee).first()
        self.membership = Membership.objects.filter(committee=self.committee).first()
        # Someone sitting on the committee today: their details are open to its secretary.
        self.person = Person.objects.filter(pk__in=self.committee.memberships.current().values("person_id")).first()
        self.initiative = Initiative.objects.public().filter(lead_committee=self.committee).order_by("pk").first()
        self.indicator = Indicator.objects.order_by("pk").first()
        self.survey = Survey.objects.get(slug=SURVEY)
        self.section = self.survey.sections.order_by("order").first()
        self.question = self.survey.questions.order_by("order").first()
        self.unit = self.committee.units.filter(statuses__isnull=False).order_by("pk").first()
        self.unit_status = self.unit.statuses.order_by("pk").first()
        self.occupancy = Occupancy.objects.on().filter(business__committee=self.committee).order_by("pk").first()


def page_types(demo):
    """(name, path, username or None) for every page type of the project."""
    c, s, i = demo.committee.slug, demo.survey.slug, demo.initiative.slug
    rows = [
        ("home", "portal:home", {}, None),
        ("search", "portal:search", {}, None, "?q=centre"),
        ("my work (manager)", "portal:my-work", {}, "manager"),
        ("summary", "portal:summary", {}, "mayor"),
        ("summary CSV", "portal:summary-csv", {}, "mayor"),
        ("summary xlsx", "portal:summary-xlsx", {}, "mayor"),
        ("committee list", "committees:list", {}, None),
        ("committee detail", "committees:detail", {"slug": c}, None),
        ("committee detail (secretary)", "committees:detail", {"slug": c}, "secretary"),
        ("recommendation list", "committees:recommendation-list", {}, None),
        ("recommendation detail", "committees:recommendation-detail", {"slug": c, "pk": demo.recommendation.pk}, None),
        ("meeting detail", "committees:meeting-detail", {"slug": c, "pk": demo.meeting.pk}, None),
        ("committee create form", "committees:create", {}, "admin"),
        ("committee edit form", "committees:update", {"slug": c}, "secretary"),
        ("membership add form", "committees:membership-create", {"slug": c}, "secretary"),
        ("membership edit form", "committees:membership-update", {"slug": c, "pk": demo.membership.pk}, "secretary"),
        ("contact details form", "committees:person-update", {"slug": c, "pk": demo.person.pk}, "secretary"),
        ("meeting create form", "committees:meeting-create", {"slug": c}, "secretary"),
        ("meeting edit form", "committees:meeting-update", {"slug": c, "pk": demo.meeting.pk}, "secretary"),
        ("meeting minutes form", "committees:meeting-record", {"slug": c, "pk": demo.meeting.pk}, "secretary"),
        ("recommendation create form", "committees:recommendation-create", {"slug": c}, "secretary"),
        ("recommendation edit form", "committees:recommendation-update",
         {"slug": c, "pk": demo.recommendation.pk}, "secretary"),
        ("document upload form", "committees:document-create", {"slug": c}, "secretary"),
        ("initiative list", "initiatives:list", {}, None),
        ("initiative list (manager)", "initiatives:list", {}, "manager"),
        ("initiative detail", "initiatives:detail", {"slug": i}, None),
        ("initiative detail (manager)", "initiatives:detail", {"slug": i}, "manager"),
        ("initiative create form", "initiatives:create", {}, "manager"),
        ("initiative edit form", "initiatives:update", {"slug": i}, "manager"),
        ("progress update form", "initiatives:update-create", {"slug": i}, "manager"),
        ("budget form", "initiatives:funding", {"slug": i}, "manager"),
        ("targets form", "initiatives:targets", {"slug": i}, "manager"),
        ("initiative edit history", "initiatives:history", {"slug": i}, "manager"),
        ("initiatives CSV export", "initiatives:export", {"kind": "initiatives"}, "manager"),
        ("initiatives xlsx export", "initiatives:export-xlsx", {"kind": "initiatives"}, "manager"),
        ("initiative list, one-word search", "initiatives:list", {}, None, SHORT_SEARCH),
        ("initiative list, 10,000-character search", "initiatives:list", {}, None, LONG_SEARCH),
        ("initiatives CSV export, one-word search", "initiatives:export", {"kind": "initiatives"}, None, SHORT_SEARCH),
        ("initiatives CSV export, 10,000-character search", "initiatives:export", {"kind": "initiatives"}, None,
         LONG_SEARCH),
        ("initiatives CSV import form", "initiatives:import", {"kind": "initiatives"}, "manager"),
        ("indicator list", "initiatives:indicator-list", {}, None),
        ("indicator detail", "initiatives:indicator-detail", {"slug": demo.indicator.slug}, None),
        ("measurement import form", "initiatives:measurement-import", {"slug": demo.indicator.slug}, "manager"),
        ("survey list", "surveys:list", {}, None),
        ("survey detail", "surveys:detail", {"slug": s}, None),
        ("survey form (page 1)", "surveys:answer", {"slug": s, "page": 1}, None),
        ("survey invitation form", "surveys:invitation", {"slug": "doing-business-in-the-centre"}, None),
        ("survey thank-you", "surveys:thanks", {"slug": s}, None),
        ("survey results", "surveys:results", {"slug": s}, None),
        ("survey results (manager)", "surveys:results", {"slug": s}, "manager"),
        ("survey staff list", "surveys:manage", {}, "manager"),
        ("survey create form", "surveys:create", {}, "manager"),
        ("survey builder", "surveys:builder", {"slug": s}, "manager"),
        ("survey edit form", "surveys:update", {"slug": s}, "manager"),
        ("survey translation form", "surveys:translate", {"slug": s, "language": "pl"}, "manager"),
        ("survey preview", "surveys:preview", {"slug": s, "page": 1}, "manager"),
        ("survey page create form", "surveys:section-create", {"slug": s}, "manager"),
        ("survey page edit form", "surveys:section-update", {"slug": s, "pk": demo.section.pk}, "manager"),
        ("survey page delete form", "surveys:section-delete", {"slug": s, "pk": demo.section.pk}, "manager"),
        ("question create form", "surveys:question-create", {"slug": s}, "manager"),
        ("question edit form", "surveys:question-update", {"slug": s, "pk": demo.question.pk}, "manager"),
        ("question delete form", "surveys:question-delete", {"slug": s, "pk": demo.question.pk}, "manager"),
        ("survey invitations", "surveys:invitations", {"slug": "doing-business-in-the-centre"}, "manager"),
        ("survey responses CSV", "surveys:export", {"slug": s}, "manager"),
        ("survey summary CSV", "surveys:summary-export", {"slug": s}, "manager"),
        ("survey responses xlsx", "surveys:export-xlsx", {"slug": s}, "manager"),
        ("survey summary xlsx", "surveys:summary-export-xlsx", {"slug": s}, "manager"),
        ("premises register", "premises:register", {}, "manager"),
        ("premises unit detail", "premises:unit-detail", {"pk": demo.unit.pk}, "manager"),
        ("premises unit create form", "premises:unit-create", {}, "manager"),
        ("premises unit edit form", "premises:unit-update", {"unit": demo.unit.pk}, "manager"),
        ("premises status form", "premises:status-create", {"unit": demo.unit.pk}, "manager"),
        ("premises status correction form", "premises:status-update", {"unit": demo.unit.pk, "pk": demo.unit_status.pk}, "manager"),
        ("business directory", "businesses:directory", {}, None),
        ("business directory, one-word search", "businesses:directory", {}, None, "?q=kavarna"),
        ("business staff list", "businesses:manage", {}, "manager"),
        ("business page", "businesses:detail", {"pk": demo.occupancy.business_id}, "manager"),
        ("business create form", "businesses:create", {}, "manager"),
        ("business edit form", "businesses:update", {"business": demo.occupancy.business_id}, "manager"),
        ("occupancy start form", "businesses:occupancy-create", {"business": demo.occupancy.business_id}, "manager"),
        ("occupancy correction form", "businesses:occupancy-update",
         {"business": demo.occupancy.business_id, "pk": demo.occupancy.pk}, "manager"),
        ("occupancy end form", "businesses:occupancy-end", {"business": demo.occupancy.business_id, "pk": demo.occupancy.pk}, "manager"),
        ("premises figures", "premises:public", {}, None),
        ("premises to let", "premises:available", {}, None),
        ("premises to let, filtered", "premises:available", {}, None, "?use_class=comparison_retail&min_area=40"),
        ("sign-in form", "login", {}, None),
        ("password change form", "password_change", {}, "manager"),
    ]
    pages = []
    for name, url_name, kwargs, username, *query in rows:
        pages.append((name, url_name, reverse(url_name, kwargs=kwargs or None) + "".join(query), username))
    return pages


def all_url_names():
    names = []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(pattern, f"{namespace}:{inner}" if namespace and inner else inner or namespace)
            elif pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), None)
    return [name for name in names if not name.startswith("admin:")]


def uncovered_url_names(pages):
    covered = {url_name for _name, url_name, _path, _user in pages} | NOT_PAGES
    return sorted(set(all_url_names()) - covered)


def signed_in_cookie(username):
    """A session cookie for a demo user, stored in the database the servers share."""
    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Clients:
    """One test client per demo user (None: anonymous), signed in once."""

    def __init__(self):
        self.clients = {}

    def __getitem__(self, username):
        if username not in self.clients:
            client = self.clients[username] = Client(HTTP_HOST="127.0.0.1")
            client.raise_request_exception = False
            if username:
                client.force_login(get_user_model().objects.get(username=username))
        return self.clients[username]


def rendered():
    """The page cache off: what a page costs when it is rendered, as on the first visit after an edit
    (and for every signed-in user). With it on, an anonymous visitor's repeat visit is served rendered."""
    return override_settings(PAGE_CACHE_SECONDS=0)


def query_counts(pages, clients=None):
    """{page name: number of queries} (or "HTTP <status>" when the page did not answer 200)."""
    clients = clients or Clients()
    counts = {}
    for name, _url_name, path, username in pages:
        client = clients[username]
        client.get(path)  # warm-up: first-use caches of the process are not the page's cost
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        counts[name] = len(queries) if response.status_code == 200 else f"HTTP {response.status_code}"
    return counts


def cpu_milliseconds(request, requests=15):
    """Median CPU time of this process for request() (Django's own work, not the database's):
    steadier than wall time on a machine that others share."""
    request()
    times = []
    for _ in range(requests):
        started = time.process_time()
        request()
        times.append(time.process_time() - started)
    return round(statistics.median(times) * 1000, 1)


def page_cpu(pages, clients=None):
    """{page name: median CPU ms per request, in this process}."""
    clients = clients or Clients()
    return {name: cpu_milliseconds(lambda: clients[username].get(path)) for name, path, username in pages}
