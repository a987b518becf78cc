"""The newcomer's path: `make run` loads the demo town and serves it. Every page, as each demo
account, answers without a server error; so do the mayor's summary and its CSV with every period
and committee the page offers, including a custom period over past years that holds a closed
survey (on SQLite, the portal's former default, that one answered 500)."""
import datetime
import html
import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from portal.tests.a11y.pages import NOT_PAGES, public_pages, staff_pages
from portal.tests.security.test_authorisation import named_patterns
from surveys.models import Survey

pytestmark = pytest.mark.django_db

ACCOUNTS = ["anonymous", "manager", "secretary", "mayor", "admin"]
# Distinct URLs fetched per view and account: every kind of page and more than one of its objects
# or filters, in bounded time. The Django admin has some 150 views of its own: one each.
URLS_PER_VIEW = 2
URLS_PER_ADMIN_VIEW = 1
# Requests that are not pages to read: they sign out or act (POST), and GET would not show them.
NOT_FOLLOWED = {"logout", "set_language", "admin:logout"}
LINK = re.compile(r'\shref="([^"#]*)')


def client_of(account):
    client = Client(raise_request_exception=False)  # a view's exception is a 500, as in production
    if account != "anonymous":
        client.force_login(get_user_model().objects.get(username=account))
    return client


def view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return "(no view)"


def start_urls(account):
    """Every named URL that needs no arguments, the page lists' URLs of every page type built from
    the demo, and the admin's index for the superuser."""
    urls = []
    for name in named_patterns():
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue  # needs an object: in the page lists below, or reached by a link
    urls += [url for _name, url in public_pages() + staff_pages()]
    if account == "admin":
        urls.append(reverse("admin:index"))
    return urls


def links(response, url):
    """Same-site URLs the page links to (and a redirect's target), without fragments."""
    found = [response["Location"]] if response.status_code in (301, 302) else []
    if response.get("Content-Type", "").startswith("text/html"):
        found += [html.unescape(href) for href in LINK.findall(response.content.decode())]
    for href in found:
        absolute = urlsplit(urljoin(f"http://testserver{url}", href))
        if absolute.netloc == "testserver" and not absolute.path.startswith(("/static/", "/media/")):
            yield absolute.path + (f"?{absolute.query}" if absolute.query else "")


def crawl(account):
    """Fetch the start URLs, then every page they link to, a few per view, breadth first.
    Returns (views visited, server errors)."""
    client = client_of(account)
    queue, seen, per_view = deque(start_urls(account)), set(), Counter()
    errors = []
    while queue:
        url = queue.popleft()
        name = view_name(urlsplit(url).path)
        most = URLS_PER_ADMIN_VIEW if name.startswith("admin:") else URLS_PER_VIEW
        if url in seen or name in NOT_FOLLOWED or per_view[name] >= most:
            continue
        seen.add(url)
        per_view[name] += 1
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"GET {url} as {account}: {response.status_code}")
        queue.extend(links(response, url))
    return set(per_view), errors


def test_every_page_answers_each_demo_account_without_a_server_error(demo_town):
    visited, errors = set(), []
    for account in ACCOUNTS:
        views, account_errors = crawl(account)
        visited |= views
        errors += account_errors
    assert errors == []
    # Every page of the portal was among them: what was not fetched is only what is not a page.
    assert set(named_patterns()) - visited <= NOT_PAGES | NOT_FOLLOWED
    assert {"admin:index", "admin:committees_committee_changelist", "admin:committees_committee_change"} <= visited


def offered(content, field):
    """The option values of the page's <select name=field>."""
    select = re.search(rf'<select name="{field}".*?</select>', content, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def past_years_holding_the_closed_survey():
    """All of the two years before this one: the demo's first survey wave closed in them."""
    year = timezone.localdate().year
    start, end = datetime.date(year - 2, 1, 1), datetime.date(year - 1, 12, 31)
    closed = Survey.objects.get(slug="vision-of-the-centre-2024")
    assert start <= timezone.localdate(closed.closes_at) <= end
    return {"start": start.isoformat(), "end": end.isoformat()}


def test_the_mayor_reads_the_summary_and_its_export_for_every_period_and_committee(demo_town):
    client = client_of("mayor")
    content = client.get(reverse("portal:summary")).content.decode()
    periods, committees = offered(content, "period"), offered(content, "committee")
    assert {"year", "12m", "custom"} <= set(periods) and len(committees) >= 3
    errors = []
    for period in periods:
        dates = past_years_holding_the_closed_survey() if period == "custom" else {}
        for committee in committees:
            query = {"period": period, **dates, "committee": committee}
            for name in ("portal:summary", "portal:summary-csv"):
                response = client.get(reverse(name), query)
                if response.status_code != 200:
                    errors.append(f"{name} {query}: {response.status_code}")
    assert errors == []

    closed_wave = {"period": "custom", **past_years_holding_the_closed_survey()}
    page = client.get(reverse("portal:summary"), closed_wave).content.decode()
    export = client.get(reverse("portal:summary-csv"), closed_wave).content.decode()
    assert "The town centre we want (first wave)" in page
    assert "responses: The town centre we want (first wave),250" in export
