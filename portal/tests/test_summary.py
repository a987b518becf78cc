"""The mayor's summary: figures on a hand-built town, an empty town, permissions, query counts, CSV."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.forms import Period, SummaryFilterForm
from core.roles import MANAGERS, MAYORS, SECRETARIES
from portal.summary import build_summary
from portal.tests.conftest import days, make_programme
from surveys.models import Choice, Question

pytestmark = pytest.mark.django_db

LAST_60_DAYS = {"period": "custom", "start": days(-60).isoformat(), "end": days(0).isoformat()}


def summary_page(client, user, **params):
    client.force_login(user)
    return client.get(reverse("portal:summary"), {**LAST_60_DAYS, **params})


def test_summary_figures_on_the_hand_built_town(town):
    figures = build_summary(period=Period(days(-60), days(0), "test"))
    programme = figures["programme"]
    assert programme["total"] == 5
    assert {row["value"]: row["count"] for row in programme["by_status"]} == {
        "idea": 1, "planned": 0, "in_progress": 2, "completed": 1, "on_hold": 0, "cancelled": 1,
    }
    themes = {theme.slug: theme.count for theme in programme["by_theme"]}
    assert themes["vacant-premises"] == 2 and themes["marketing-and-events"] == 3
    # Pop-up shops: 2 of 4 milestones done = 50 %; the secret deal is set by hand to 20 %.
    assert programme["in_progress_count"] == 2
    assert programme["average_progress"] == 35
    assert [initiative.title for initiative in programme["least_advanced"]] == ["Secret parking deal", "Pop-up shops"]
    budget = programme["budget"]  # the cancelled ice rink's 10,000 is left out
    assert (budget["planned"], budget["spent"]) == (Decimal("5500"), Decimal("1500"))
    assert budget["cofinanced"] == Decimal("4000")
    assert round(budget["cofinancing_share"], 1) == Decimal("72.7")
    eu = next(row for row in budget["by_source"] if row["value"] == "eu")
    assert (eu["planned"], eu["spent"], eu["spent_share"]) == (Decimal("3000"), Decimal("600"), Decimal("20"))


def test_attention_lists_only_what_needs_acting_on(town):
    attention = build_summary(period=Period(days(-60), days(0), "test"))["attention"]
    # The completed initiative's forgotten milestone is not overdue work.
    assert [milestone.title for milestone in attention["overdue_milestones"]] == ["Open the third shop"]
    assert attention["overdue_milestone_count"] == 1
    # Footfall fell from the baseline 100 to 90 while the target is 200: off track.
    assert [target["initiative__title"] for target in attention["off_track_targets"]] == ["Pop-up shops"]
    # Counted per addressee: an interim reply does not answer; final replies and later deadlines are not overdue.
    assert [(row.recommendation.title, row.organisation.name) for row in attention["overdue_replies"]] == [
        ("Appoint a town-centre manager", "Lakeford"), ("Appoint a town-centre manager", "Riverbend"),
    ]
    assert attention["overdue_reply_count"] == 2
    assert [m.person.full_name for m in attention["memberships_ending"]] == ["Marko Vidmar"]
    assert [survey.title for survey in attention["surveys_closing"]] == ["Vision of the centre"]


def test_health_takes_lower_is_better_into_account(town):
    indicators = {i.slug: i for i in build_summary(period=Period(days(-60), days(0), "t"))["health"]["indicators"]}
    footfall, vacancy = indicators["footfall"], indicators["vacancy-rate"]
    assert (footfall.latest_value, footfall.change, footfall.trend) == (Decimal("90"), Decimal("-30"), "worsening")
    # Vacancy went down from 20 % to 15 %: lower is better, so this is an improvement.
    assert (vacancy.latest_value, vacancy.change, vacancy.trend) == (Decimal("15"), Decimal("-5"), "improving")
    assert [(s["value"], s["count"]) for s in footfall.target_statuses] == [("off_track", 1)]
    assert [mean for _month, mean in vacancy.series] == [Decimal("15")]


def test_residents_and_committee_activity_in_the_period(town):
    figures = build_summary(period=Period(days(-60), days(0), "test"))
    residents = figures["residents"]
    assert [(s.title, s.response_count) for s in residents["open_surveys"]] == [
        ("Vision of the centre", 2), ("Market stalls", 0),
    ]
    closed = residents["recently_closed"]
    assert [(s.title, s.response_count) for s in closed] == [("Parking habits", 3)]
    headline = closed[0].headline
    assert (headline.top, round(headline.top_share), headline.answered) == ("Parking", 67, 3)
    activity = figures["committees"]
    assert (activity["meetings_held"], activity["recommendations_adopted"], activity["recommendations_implemented"]) == (
        1, 4, 1
    )


def test_a_recommendation_counts_as_implemented_in_the_period_it_was_implemented_not_accepted(town):
    # "Cheaper rent for pop-ups" was accepted 200 days ago and implemented 10 days ago.
    def implemented(start, end):
        return build_summary(period=Period(days(start), days(end), "test"))["committees"]["recommendations_implemented"]

    assert (implemented(-250, -150), implemented(-20, 0)) == (0, 1)


def test_a_recommendation_counts_as_accepted_in_the_period_it_was_accepted_though_implemented_since(town):
    # "Cheaper rent for pop-ups" was accepted 200 days ago and implemented 10 days ago.
    def accepted(start, end):
        activity = build_summary(period=Period(days(start), days(end), "test"))["committees"]
        by_committee = {committee.slug: committee.recommendations_accepted for committee in activity["committees"]}
        return activity["recommendations_accepted"], by_committee["city-marketing"]

    assert (accepted(-250, -150), accepted(-20, 0)) == ((1, 1), (0, 0))


def test_the_page_shows_recommendations_accepted_in_the_sentence_and_the_table(client, town):
    content = summary_page(client, town.users["mayor"], start=days(-250).isoformat()).content.decode()
    assert "1 accepted," in content
    headers = ["Recommendations adopted", "Recommendations accepted", "Recommendations implemented"]
    positions = [content.index(f'<th scope="col" class="text-end">{header}</th>') for header in headers]
    assert positions == sorted(positions)
    # Linked without status=accepted, which would hide it now that it is implemented.
    recommendations = reverse("committees:recommendation-list")
    assert f'<td class="text-end"><a href="{recommendations}?committee=city-marketing">1</a></td>' in content
    assert "0 accepted," in summary_page(client, town.users["mayor"]).content.decode()


def test_csv_export_counts_recommendations_accepted_in_the_period(client, town):
    client.force_login(town.users["mayor"])
    around_200_days_ago = {"period": "custom", "start": days(-250).isoformat(), "end": days(-150).isoformat()}
    for params, expected in ((around_200_days_ago, "1"), (LAST_60_DAYS, "0")):
        rows = list(csv.reader(io.StringIO(client.get(reverse("portal:summary-csv"), params).content.decode("utf-8-sig"))))
        assert ["committees", "recommendations accepted", expected] in rows


def test_the_survey_headline_is_the_flagged_question_rather_than_the_first_one(town):
    parking = Question.objects.get(survey__title="Parking habits")
    Question.objects.filter(pk=parking.pk).update(order=2)
    age = Question.objects.create(
        survey=parking.survey, section=parking.section, order=1, text="How old are you?", kind=Question.Kind.SINGLE
    )
    Choice.objects.create(question=age, text="Under 30")
    period = Period(days(-60), days(0), "test")
    assert build_summary(period=period)["residents"]["recently_closed"][0].headline.question.text == "How old are you?"
    Question.objects.filter(pk=parking.pk).update(is_headline=True)
    headline = build_summary(period=period)["residents"]["recently_closed"][0].headline
    assert (headline.question.text, headline.top, round(headline.top_share)) == ("What is missing in the centre?", "Parking", 67)


def test_the_committee_filter_narrows_every_section(town):
    figures = build_summary(period=Period(days(-60), days(0), "test"), committee=town.marketing)
    assert figures["programme"]["total"] == 4
    assert figures["programme"]["budget"]["planned"] == Decimal("4500")
    assert [c.name for c in figures["committees"]["committees"]] == ["City Marketing Committee"]
    assert figures["committees"]["recommendations_adopted"] == 3


def test_the_page_shows_the_figures_with_links_to_the_pages_behind_them(client, town):
    content = summary_page(client, town.users["mayor"]).content.decode()
    assert "Period: custom period" in content
    assert 'href="/initiatives/?status=in_progress"' in content
    assert town.shops.get_absolute_url() in content
    assert "Open the third shop" in content
    assert "Appoint a town-centre manager" in content and "reply overdue since" in content
    assert "5,500.00" in content and "1,500.00" in content
    assert "73%" in content  # co-financing share
    assert reverse("surveys:results", args=["parking-habits"]) in content
    assert "“Parking”: 67% of those who answered" in content
    assert town.vacancy.get_absolute_url() in content and "▲ better" in content
    assert 'id="summary-charts" type="application/json"' in content
    assert "<script>" not in content  # no inline script: the CSP forbids them


def test_the_committee_filter_on_the_page_keeps_the_choice_and_says_which_committee(client, town):
    content = summary_page(client, town.users["mayor"], committee="city-marketing").content.decode()
    assert "Committee: City Marketing Committee." in content
    assert '<option value="city-marketing" selected>' in content
    assert "Secret parking deal" not in content
    assert 'href="/committees/recommendations/?committee=city-marketing&amp;status=implemented"' in content


def test_the_period_selector_changes_the_committee_figures(client, town):
    mayor = town.users["mayor"]
    start = days(-250).isoformat()
    content = summary_page(client, mayor, start=start).content.decode()
    assert "2 meetings held in the period" in content
    content = summary_page(client, mayor).content.decode()
    assert "1 meeting held in the period" in content


def test_a_wrong_custom_period_keeps_what_was_typed_and_says_why(client, town):
    response = summary_page(client, town.users["mayor"], start="2025-05-10", end="2025-05-01")
    content = response.content.decode()
    assert "The period cannot end before it starts." in content
    assert 'value="2025-05-10"' in content
    assert "Period: this year" in content  # the page still shows figures, for this year


def test_the_form_defaults_to_this_year_and_knows_the_last_12_months():
    today = datetime.date(2024, 2, 29)
    assert SummaryFilterForm(today=today).selection()[0].start == datetime.date(2024, 1, 1)
    period, committee = SummaryFilterForm({"period": "12m"}, today=today).selection()
    assert (period.start, period.end, committee) == (datetime.date(2023, 3, 1), today, None)


def test_an_empty_town_has_friendly_empty_states_and_no_division_by_zero(client, make_user):
    client.force_login(make_user("mayor", role=MAYORS))
    response = client.get(reverse("portal:summary"))
    content = response.content.decode()
    assert response.status_code == 200
    for message in (
        "No initiative has been entered yet",
        "No milestone is overdue.",
        "No town-centre indicator is measured yet.",
        "No survey is open at the moment.",
        "No budget has been planned yet.",
    ):
        assert message in content
    assert "co-financed" in content and "–" in content  # no share of nothing
    rows = list(csv.reader(io.StringIO(client.get(reverse("portal:summary-csv")).content.decode("utf-8-sig"))))
    assert ["programme", "co-financing share of the planned budget (%)", ""] in rows


@pytest.mark.parametrize(
    "who, expected",
    [("anonymous", 302), ("resident", 403), ("mayor", 200), ("manager", 200), ("secretary", 200), ("superuser", 200)],
)
@pytest.mark.parametrize("url_name", ["portal:summary", "portal:summary-csv"])
def test_permission_matrix_of_the_summary(client, make_user, who, expected, url_name):
    roles = {"mayor": MAYORS, "manager": MANAGERS, "secretary": SECRETARIES}
    if who != "anonymous":
        client.force_login(make_user(who, role=roles.get(who), superuser=who == "superuser"))
    response = client.get(reverse(url_name))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
    # The summary only reads: a POST is refused (405) once the user may see the page at all.
    assert client.post(reverse(url_name)).status_code == (405 if expected == 200 else expected)


def _query_count(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("portal:summary"), LAST_60_DAYS)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_count_stays_the_same_as_the_town_grows(client, town, django_assert_max_num_queries):
    """Lists are cut with LIMIT and counted with a window, per-row figures are subqueries or GROUP BYs:
    ten times the rows, not one query more."""
    client.force_login(town.users["mayor"])
    make_programme(town.marketing, 3, prefix="Small")
    small = _query_count(client)
    make_programme(town.marketing, 30, prefix="Large")
    with django_assert_max_num_queries(small):
        response = client.get(reverse("portal:summary"), LAST_60_DAYS)
    assert "Large initiative" in response.content.decode() or "Small initiative" in response.content.decode()
    assert small <= 22  # sign-in and session 3, filter form 1, figures 17, chart data none


def test_csv_export_holds_the_summary_figures(client, town):
    client.force_login(town.users["mayor"])
    response = client.get(reverse("portal:summary-csv"), LAST_60_DAYS)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "figure", "value"]
    assert ["period", "from", days(-60).isoformat()] in rows
    assert ["programme", "initiatives", "5"] in rows
    assert ["programme", "budget planned", "5500.00"] in rows
    assert ["programme", "co-financing share of the planned budget (%)", "72.7"] in rows
    assert ["attention", "overdue milestones", "1"] in rows
    assert ["town-centre health", "Vacancy rate: change over a year", "-5.000"] in rows
    assert ["committees", "recommendations implemented", "1"] in rows


def test_csv_export_defuses_spreadsheet_formulas(client, town):
    town.footfall.name = "=HYPERLINK(evil)"
    town.footfall.save()
    client.force_login(town.users["mayor"])
    content = client.get(reverse("portal:summary-csv"), LAST_60_DAYS).content.decode()
    assert "'=HYPERLINK(evil)" in content


def test_survey_headlines_agree_with_the_results_page(town):
    """The summary counts the headline question itself (index-only, see bench/README.md); its
    share must be the one surveys' own results selector shows."""
    from surveys.models import Survey
    from surveys.results import survey_results

    closed = build_summary(period=Period(days(-60), days(0), "t"))["residents"]["recently_closed"][0]
    result = survey_results(Survey.objects.get(pk=closed.pk), compare=False).questions[0]
    top = max(result.options, key=lambda option: option.count)
    assert (closed.headline.top, round(closed.headline.top_share, 1)) == (top.label, round(Decimal(top.percent), 1))
