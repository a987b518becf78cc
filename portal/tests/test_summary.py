"""The mayor's summary: figures on a hand-built town, an empty town, permissions, query counts, CSV."""
import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.forms import Period, SummaryFilterForm
from core.roles import MANAGERS, MAYORS, SECRETARIES
from portal.summary import build_summary
from committees.tests.factories import AddresseeFactory
from initiatives.models import FundingLine, Initiative
from portal.tests.conftest import days, make_programme
from portal.tests.larger_town import make_larger_town
from surveys.models import Choice, Question

pytestmark = pytest.mark.django_db

LAST_60_DAYS = {"period": "custom", "start": days(-60).isoformat(), "end": days(0).isoformat()}


def closed_survey(figures):
    """The one survey of the hand-built town that closed in the last 60 days."""
    (survey,) = [survey for survey in figures["residents"]["surveys"] if not survey.is_running]
    return survey


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
    # Pop-up shops is late on "Open the third shop"; the completed initiative's forgotten milestone is not late work.
    assert [initiative.title for initiative in attention["late"]["rows"]] == ["Pop-up shops"]
    assert (attention["late"]["count"], attention["late"]["more"], attention["overdue_milestone_count"]) == (1, 0, 1)
    # Footfall fell from the baseline 100 to 90 while the target is 200: off track.
    assert [target["initiative__title"] for target in attention["off_track"]["rows"]] == ["Pop-up shops"]
    assert attention["over_budget"]["count"] == 0
    # Counted per addressee: an interim reply does not answer; final replies and later deadlines are not overdue.
    assert [(row.recommendation.title, row.organisation.name) for row in attention["overdue_replies"]["rows"]] == [
        ("Appoint a town-centre manager", "Lakeford"), ("Appoint a town-centre manager", "Riverbend"),
    ]
    assert (attention["overdue_replies"]["count"], attention["overdue_replies"]["more"]) == (2, 0)
    # Under way: pop-up shops (late, off track) and the secret deal, which is in no list.
    assert (attention["under_way_count"], attention["on_track_count"]) == (2, 1)
    assert [m.person.full_name for m in attention["memberships_ending"]["rows"]] == ["Marko Vidmar"]
    assert [survey.title for survey in attention["surveys_closing"]] == ["Vision of the centre"]


def test_an_initiative_is_late_past_its_end_date_and_over_budget_when_it_spent_more_than_planned(town):
    Initiative.objects.filter(pk=town.secret.pk).update(end_on=days(-3), start_on=days(-300))
    FundingLine.objects.filter(initiative=town.secret).update(spent=Decimal("1250"))
    attention = build_summary(period=Period(days(-60), days(0), "test"))["attention"]
    late = attention["late"]["rows"]
    # The longest late first: the shop's milestone was due 10 days ago, the deal ended 3 days ago.
    assert [(i.title, i.overdue_milestone_count, i.late_since) for i in late] == [
        ("Pop-up shops", 1, days(-10)), ("Secret parking deal", 0, days(-3)),
    ]
    assert [(i.title, i.spent_total, i.planned_total) for i in attention["over_budget"]["rows"]] == [
        ("Secret parking deal", Decimal("1250"), Decimal("1000"))
    ]
    assert {row.recommendation.title for row in attention["overdue_replies"]["rows"]} == {"Appoint a town-centre manager"}
    assert attention["on_track_count"] == 0


def test_health_takes_lower_is_better_into_account(town):
    indicators = {i.slug: i for i in build_summary(period=Period(days(-60), days(0), "t"))["health"]["indicators"]}
    footfall, vacancy = indicators["footfall"], indicators["vacancy-rate"]
    assert (footfall.latest_value, footfall.change, footfall.trend) == (Decimal("90"), Decimal("-30"), "worsening")
    # Vacancy went down from 20 % to 15 %: lower is better, so this is an improvement.
    assert (vacancy.latest_value, vacancy.change, vacancy.trend) == (Decimal("15"), Decimal("-5"), "improving")
    assert [(s["value"], s["count"]) for s in footfall.target_statuses] == [("off_track", 1)]
    assert [mean for _month, mean in vacancy.series] == [Decimal("15")]


def test_the_summary_chart_names_an_indicators_own_periods(town):
    from initiatives.services import indicator_set, measurements_record
    from portal.summary_export import chart_data

    weekly = indicator_set(slug="cyclists", name="Cyclists", standard_unit="people", reporting_period="week", roll_up="sum")
    mondays = [days(-30) - datetime.timedelta(days=days(-30).weekday()) + datetime.timedelta(weeks=n) for n in (0, 1)]
    measurements_record(indicator=weekly, rows=[(monday, Decimal(70)) for monday in mondays], period="week")
    chart = chart_data(build_summary(period=Period(days(-60), days(0), "t")))["indicators"][f"indicator-{weekly.pk}"]
    # Two weeks, most often in the same month: each named as its week, not twice as the month.
    assert chart["labels"] == [f"week of {monday.day} {monday.strftime('%b')} {monday.year}" for monday in mondays]


def test_residents_and_committee_activity_in_the_period(town):
    figures = build_summary(period=Period(days(-60), days(0), "test"))
    residents = figures["residents"]
    assert [(s.title, s.response_count) for s in residents["open_surveys"]] == [
        ("Vision of the centre", 2), ("Market stalls", 0),
    ]
    # Every survey running or closed in the period, the latest closing first; the draft is not one.
    said = residents["surveys"]
    assert [(s.title, s.is_running, s.response_count) for s in said] == [
        ("Market stalls", True, 0), ("Vision of the centre", True, 2), ("Parking habits", False, 3),
    ]
    headline = said[2].headline
    assert (headline.top, round(headline.top_share), headline.answered) == ("Parking", 67, 3)
    # A running survey's headline too, not only its count: a tie goes to the first option.
    assert (said[1].headline.top, said[1].headline.top_share, said[1].headline.answered) == ("Parking", 50, 2)
    assert said[0].headline.answered == 0
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
    assert closed_survey(build_summary(period=period)).headline.question.text == "How old are you?"
    Question.objects.filter(pk=parking.pk).update(is_headline=True)
    headline = closed_survey(build_summary(period=period)).headline
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
    assert "1 initiative late" in content and "1 milestone overdue" in content
    assert "2 replies overdue" in content and "Appoint a town-centre manager" in content
    assert "1 more initiative on track" in content
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
        "No initiative is late.",
        "No initiative is off track on its targets.",
        "No initiative has spent more than planned.",
        "No reply to a recommendation is overdue.",
        "No town-centre indicator is measured yet.",
        "No survey ran in this period.",
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
    assert small <= 27  # sign-in and session 3, filter form 1, figures 22 (vacancy now and a year ago, plan, units), chart data none


def test_the_larger_towns_summary_costs_no_more_queries(client, town, django_assert_max_num_queries):
    """30 more initiatives, 5 committees and 3 surveys with every kind of exception: the same queries."""
    client.force_login(town.users["mayor"])
    small = _query_count(client)
    make_larger_town()
    with django_assert_max_num_queries(small):
        content = client.get(reverse("portal:summary"), LAST_60_DAYS).content.decode()
    assert "11 initiatives late" in content and "What should the centre offer" in content


def test_csv_export_holds_the_summary_figures(client, town):
    client.force_login(town.users["mayor"])
    response = client.get(reverse("portal:summary-csv"), LAST_60_DAYS)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "figure", "value"]
    assert ["period", "from", days(-60).isoformat()] in rows
    assert ["programme", "initiatives", "5"] in rows
    assert ["programme", "budget planned", "5500"] in rows
    assert ["programme", "co-financing share of the planned budget (%)", "72.7"] in rows
    assert ["attention", "overdue milestones", "1"] in rows
    assert ["town-centre health", "Vacancy rate: change over a year", "-5"] in rows
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

    closed = closed_survey(build_summary(period=Period(days(-60), days(0), "t")))
    result = survey_results(Survey.objects.get(pk=closed.pk), compare=False).questions[0]
    top = max(result.options, key=lambda option: option.count)
    assert (closed.headline.top, round(closed.headline.top_share, 1)) == (top.label, round(Decimal(top.percent), 1))


def test_the_export_writes_numbers_as_numbers_not_as_stored_decimals(client, town):
    """21.2, not 21.200 (the column's places) or 21.2000000000000 (a mean's); 5500, not 5500.00."""
    import openpyxl

    from initiatives.tests.factories import MeasurementFactory

    MeasurementFactory(indicator=town.vacancy, measured_on=days(-1), value=Decimal("21.2"))
    client.force_login(town.users["mayor"])
    rows = list(csv.reader(io.StringIO(client.get(reverse("portal:summary-csv"), LAST_60_DAYS).content.decode("utf-8-sig"))))
    figures = {figure: value for _section, figure, value in rows[4:]}
    assert figures["Vacancy rate: latest value (%)"] == "21.2"
    assert (figures["budget planned"], figures["co-financing share of the planned budget (%)"]) == ("5500", "72.7")
    numbers = [value for value in figures.values() if value and value[0] in "-0123456789"]
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d*[1-9])?", value) for value in numbers), numbers

    response = client.get(reverse("portal:summary-xlsx"), LAST_60_DAYS)
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = {row[1]: row[2] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert cells["Vacancy rate: latest value (%)"] == 21.2
    assert cells["budget planned"] == 5500 and isinstance(cells["budget planned"], int)


@pytest.mark.parametrize("stored, written", [
    (Decimal("21.2000000000000"), "21.2"), (Decimal("2E+1"), "20"), (Decimal("0.000"), "0"),
    (Decimal("-5.000"), "-5"), (Decimal("0.0500"), "0.05"), (7, "7"), (None, ""),
])
def test_a_figure_is_written_with_its_meaningful_places_only(stored, written):
    from core.spreadsheet import csv_cell
    from portal.summary_export import plain_number

    assert csv_cell(plain_number(stored)) == written


def test_the_larger_towns_exceptions_show_five_of_each_and_how_many_more(client, make_user):
    from portal.tests.larger_town import TITLES

    make_larger_town()
    attention = build_summary(period=Period(days(-365), days(0), "test"))["attention"]
    counts = {kind: (attention[kind]["count"], attention[kind]["more"]) for kind in ("late", "off_track", "over_budget", "overdue_replies")}
    assert counts == {"late": (10, 5), "off_track": (7, 2), "over_budget": (6, 1), "overdue_replies": (7, 2)}
    # The longest late first: the milestones due 41, 38, 35, 32 and 29 days ago (those past their end date by 15 follow).
    assert [initiative.title for initiative in attention["late"]["rows"]] == [TITLES[n] for n in (21, 18, 15, 12, 9)]
    assert (attention["under_way_count"], attention["on_track_count"], attention["overdue_milestone_count"]) == (26, 3, 8)

    client.force_login(make_user("mayor", role=MAYORS))
    content = client.get(reverse("portal:summary"), {"period": "12m"}).content.decode()
    assert content.count("and 5 more") == 1 and content.count("and 2 more") == 2 and content.count("and 1 more") == 1
    assert '<a href="/initiatives/?attention=late&amp;sort=end_on" aria-describedby="late-heading">and 5 more</a>' in content
    assert "3 more initiatives on track" in content and "(26 initiatives under way in all" in content
    assert "7 replies overdue" in content and "6 initiatives over budget" in content

    # Each "and N more" opens the initiative list filtered to exactly the initiatives the summary counted.
    for heading, count in (("late-heading", 10), ("over-budget-heading", 6)):
        href = re.search(rf'<a href="([^"]*)" aria-describedby="{heading}">', content).group(1).replace("&amp;", "&")
        listed = client.get(href).context["page_obj"]
        assert listed.paginator.count == count
    late_titles = {initiative.title for initiative in client.get(href.split("?")[0], {"attention": "late"}).context["page_obj"]}
    assert {initiative.title for initiative in attention["late"]["rows"]} <= late_titles


def test_what_residents_said_shows_five_surveys_and_how_many_more(client, town):
    """The hand-built town's three surveys of the period and six more: five shown, "and 4 more"."""
    make_programme(town.marketing, 3, prefix="Many")
    residents = build_summary(period=Period(days(-60), days(0), "test"))["residents"]
    assert (len(residents["surveys"]), residents["survey_count"], residents["more"]) == (5, 9, 4)
    assert all(survey.headline is not None for survey in residents["surveys"])
    content = summary_page(client, town.users["mayor"]).content.decode()
    assert f'<a href="{reverse("surveys:list")}" aria-describedby="residents-heading">and 4 more</a>' in content


def test_the_more_links_of_a_committees_summary_list_that_committees_rows(client, town):
    """The summary of one committee: its "and N more" leads to that committee's initiatives and
    recommendations, not to every committee's."""
    make_programme(town.marketing, 6, prefix="Many")
    for n in range(6):
        AddresseeFactory(
            recommendation__committee=town.marketing, organisation__name=f"Town {n}", response_due_on=days(-5 - n)
        )
    content = summary_page(client, town.users["mayor"], committee="city-marketing").content.decode()
    late_more = re.search(r'<a href="([^"]*)" aria-describedby="late-heading">and \d+ more</a>', content)
    replies_more = re.search(r'<a href="([^"]*)" aria-describedby="replies-heading">and \d+ more</a>', content)
    assert "committee=city-marketing" in late_more.group(1)
    assert "committee=city-marketing" in replies_more.group(1)


# Vacant premises: figures from the premises register ----------------------------------------------


def year_before(day):
    from premises.vacancy import year_before

    return year_before(day)


def _register(committee, statuses_by_unit, street="Main Street"):
    """Ground-floor units of `committee` with their statuses ([(days from today, status)]), placed on the plan."""
    from premises import services as premises_services

    units = []
    for number, statuses in enumerate(statuses_by_unit, start=1):
        unit = premises_services.unit_create(
            by=None, committee=committee, street=street, number=str(number), use_class="services",
            longitude=Decimal("15.11") + Decimal(number) / 10000, latitude=Decimal("46.36"))
        for offset, status in statuses:
            premises_services.status_record(unit=unit, status=status, since=days(offset), by=None)
        units.append(unit)
    return units


def _vacancy_town(town):
    """A year ago 2 of 4 ground-floor units were empty; now 1 of 4 (one let, one closed, one let again)."""
    return _register(town.marketing, [
        [(-500, "vacant_marketed"), (-100, "occupied")],
        [(-500, "vacant_no_board"), (-30, "occupied")],
        [(-500, "occupied"), (-60, "under_offer")],
        [(-500, "occupied")],
    ])


def test_the_summary_shows_vacancy_now_a_year_ago_and_the_change_in_percentage_points(town):
    _vacancy_town(town)
    premises = build_summary(period=Period(days(-60), days(0), "test"))["premises"]
    assert (premises["now"].units, premises["now"].empty, premises["now"].rate) == (4, 1, Decimal("25.0"))
    assert (premises["year_ago"].units, premises["year_ago"].empty, premises["year_ago"].rate) == (4, 2, Decimal("50.0"))
    assert premises["year_ago"].on == year_before(days(0))
    assert (premises["change"], premises["trend"]) == (Decimal("-25.0"), "improving")
    assert len(premises["units"]) == 4


def test_the_page_writes_the_change_signed_in_the_readers_language_with_the_plan(client, town):
    _vacancy_town(town)
    content = summary_page(client, town.users["mayor"]).content.decode()
    section = content[content.index('id="premises-heading"'):content.index('aria-labelledby="residents-heading"')]
    assert "25.0%" in section and "50.0%" in section
    assert "\u221225.0 percentage points" in section and "better" in section
    assert 'class="plan-svg"' in section and section.count("<use href=") >= 4
    content = client.get(reverse("portal:summary"), LAST_60_DAYS, HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "\u221225,0" in content  # the decimal comma, and the true minus sign


def test_the_committee_filter_counts_only_that_committees_register(town):
    from committees.tests.factories import CommitteeFactory

    _vacancy_town(town)
    _register(CommitteeFactory(), [[(-500, "vacant_marketed")]] * 4, street="Far Road")
    everyone = build_summary(period=Period(days(-60), days(0), "test"))["premises"]
    assert (everyone["now"].units, everyone["now"].empty) == (8, 5)
    chosen = build_summary(period=Period(days(-60), days(0), "test"), committee=town.marketing)["premises"]
    assert (chosen["now"].units, chosen["now"].empty) == (4, 1)
    assert {unit.street for unit in chosen["units"]} == {"Main Street"}


def test_a_summary_without_a_register_says_so(client, make_user):
    client.force_login(make_user("mayor", role=MAYORS))
    content = client.get(reverse("portal:summary")).content.decode()
    assert "The premises register has no ground-floor unit in commercial use yet." in content
    assert 'class="plan-svg"' not in content


def test_a_larger_register_costs_the_summary_no_more_queries(client, town, django_assert_max_num_queries):
    _vacancy_town(town)
    client.force_login(town.users["mayor"])
    small = _query_count(client)
    _register(town.marketing, [[(-400, "occupied"), (-40, "vacant_marketed")]] * 60, street="Long Street")
    with django_assert_max_num_queries(small):
        content = client.get(reverse("portal:summary"), LAST_60_DAYS).content.decode()
    assert content.count("Long Street") >= 60  # every unit on the plan and in its table
