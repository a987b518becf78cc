"""The edit history page: the initiative's own changes and those of its budget lines, milestones,
targets and partners, merged newest first, written for a manager in the reader's language;
removed children stay in it; what it costs in queries; who may read it."""
import csv
import datetime
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committees.tests.factories import OrganisationFactory
from initiatives.csv_io import KINDS
from initiatives.history import PARTNERS
from initiatives.models import FundingLine, Initiative, Milestone, Target
from initiatives.services import initiative_set_status, milestone_mark_done
from initiatives.tests.factories import FundingLineFactory, IndicatorFactory, MilestoneFactory, TargetFactory
from initiatives.tests.test_csv import confirm, upload
from initiatives.tests.test_edit_conflict import edit_data
from core.tests.edits import version_of
from core.spreadsheet import csv_lines

pytestmark = pytest.mark.django_db
MARCH_1, APRIL_15 = datetime.date(2026, 3, 1), datetime.date(2026, 4, 15)


def history(client, initiative, **headers):
    response = client.get(reverse("initiatives:history", args=[initiative.slug]), **headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def jana(world):
    """The lead manager, with a name a colleague would recognise."""
    user = world.users["lead_manager"]
    user.first_name, user.last_name = "Jana", "Novak"
    user.save()
    return user


def funding_data(rows, initial=0):
    data = {"funding-TOTAL_FORMS": str(len(rows)), "funding-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"funding-{index}-{name}": value for name, value in row.items()})
    return data


def test_a_due_date_moved_in_the_editor_shows_who_moved_it_from_when_to_when(manager_client, world, jana):
    milestone = world.milestone
    milestone.due_on = MARCH_1
    milestone.save()
    initiative = Initiative.objects.get(pk=world.private.pk)
    data = edit_data(initiative, initiative.version, **{"milestones-0-due_on": APRIL_15.isoformat()})
    assert manager_client.post(reverse("initiatives:update", args=[initiative.slug]), data).status_code == 302

    page = history(manager_client, initiative)
    assert "Jana Novak" in page
    assert "changed the milestone “Talk to owners”" in page
    assert "changed due date from “1 Mar 2026” to “15 Apr 2026”" in page
    assert milestone.history.first().history_user == jana


def test_dates_and_amounts_are_written_the_readers_way(manager_client, world):
    line = FundingLineFactory(initiative=world.private, source="eu", planned=Decimal("10000"))
    line.planned = Decimal("12000")
    line.save()
    line.note = "Call 3"
    line.save()
    world.milestone.due_on = MARCH_1
    world.milestone.save()
    page = history(manager_client, world.private, HTTP_ACCEPT_LANGUAGE="sl")
    assert "10.000,00 EUR" in page and "12.000,00 EUR" in page
    assert "1. marca 2026" in page
    assert "changed note from “–” to “Call 3”" in history(manager_client, world.private)


def test_budget_lines_added_changed_and_removed_on_the_budget_page_stay_in_the_history(manager_client, world, jana):
    url = reverse("initiatives:funding", args=[world.private.slug])
    eu_line = {"source": "eu", "planned": "10000", "spent": "0", "note": "ERDF"}
    manager_client.post(url, {**funding_data([eu_line]), **version_of(world.private)})
    line = FundingLine.objects.get(initiative=world.private)
    manager_client.post(
        url, {**funding_data([{**eu_line, "id": line.pk, "planned": "12000"}], initial=1), **version_of(world.private)}
    )
    manager_client.post(url, {
        **funding_data([{**eu_line, "id": line.pk, "planned": "12000", "DELETE": "on"}], initial=1),
        **version_of(world.private),
    })
    assert not FundingLine.objects.filter(initiative=world.private).exists()

    page = history(manager_client, world.private)
    added = page.index("added the budget line “EU fund (ERDF)”")
    changed = page.index("changed the budget line “EU fund (ERDF)”")
    removed = page.index("removed the budget line “EU fund (ERDF)”")
    assert removed < changed < added  # newest first
    assert "Planned: 10,000.00 EUR" in page  # what it was added with
    assert "changed planned from “10,000.00 EUR” to “12,000.00 EUR”" in page
    assert "Planned: 12,000.00 EUR" in page  # what it held when removed
    assert page.count("Jana Novak") == 3


def test_targets_changed_on_the_targets_page_are_shown_with_the_indicators_unit(manager_client, world):
    url = reverse("initiatives:targets", args=[world.private.slug])
    row = {"targets-0-indicator": world.indicator.pk, "targets-0-baseline": "3000", "targets-0-baseline_on": "2025-01-01",
           "targets-0-target_value": "4000", "targets-0-target_on": "2026-12-31"}
    manager_client.post(url, {"targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "0", **row, **version_of(world.private)})
    target = Target.objects.get(initiative=world.private)
    manager_client.post(url, {"targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "1", **row,
                              "targets-0-id": target.pk, "targets-0-target_value": "4500", **version_of(world.private)})
    page = history(manager_client, world.private)
    assert "added the target on “Footfall”" in page
    assert "changed target from “4,000 people a day” to “4,500 people a day”" in page


def test_partners_added_and_removed_in_the_editor_are_listed(manager_client, world):
    traders = OrganisationFactory(name="Old Town Traders")
    chamber = OrganisationFactory(name="Chamber of Crafts")
    url = reverse("initiatives:update", args=[world.private.slug])
    initiative = Initiative.objects.get(pk=world.private.pk)
    manager_client.post(url, edit_data(initiative, initiative.version, partners=[traders.pk, chamber.pk]))
    initiative.refresh_from_db()
    manager_client.post(url, edit_data(initiative, initiative.version, partners=[chamber.pk]))
    page = history(manager_client, world.private)
    assert page.index("removed the partner “Old Town Traders”") < page.index("added the partner “Old Town Traders”")
    assert "added the partner “Chamber of Crafts”" in page and "removed the partner “Chamber of Crafts”" not in page


def test_a_partner_added_from_the_organisations_side_is_recorded_too(manager_client, world):
    OrganisationFactory(name="Old Town Traders").initiatives.add(world.private)
    assert "added the partner “Old Town Traders”" in history(manager_client, world.private)


def test_a_milestone_removed_in_the_editor_stays_visible_with_what_it_held(manager_client, world, jana):
    world.milestone.due_on = MARCH_1
    world.milestone.save()
    initiative = Initiative.objects.get(pk=world.private.pk)
    data = edit_data(initiative, initiative.version, **{"milestones-0-DELETE": "on"})
    manager_client.post(reverse("initiatives:update", args=[initiative.slug]), data)
    assert not Milestone.objects.filter(pk=world.milestone.pk).exists()
    page = history(manager_client, initiative)
    assert "removed the milestone “Talk to owners”" in page and "Due date: 1 Mar 2026" in page


def test_the_initiatives_own_changes_and_its_childrens_are_one_timeline_newest_first(manager_client, world, jana):
    FundingLineFactory(initiative=world.private, source="municipal")
    initiative_set_status(initiative=world.private, status="on_hold", by=jana)
    milestone_mark_done(milestone=world.milestone, by=jana, on=APRIL_15)
    page = history(manager_client, world.private)
    done = page.index("changed done on from “–” to “15 Apr 2026”")
    status = page.index("changed status from “in progress” to “on hold”")
    budget = page.index("added the budget line “municipal budget”")
    created = page.index("created the initiative.")
    assert done < status < budget < created


def _csv(columns, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def test_a_csv_import_records_who_changed_milestones_and_budget_lines(manager_client, world, jana):
    initiative = world.private
    FundingLineFactory(initiative=initiative, source="eu", planned=Decimal("500"), spent=Decimal("0"))
    FundingLineFactory(initiative=initiative, source="municipal", planned=Decimal("1000"), spent=Decimal("250"))
    exported = list(csv.DictReader(io.StringIO("".join(csv_lines(KINDS["initiatives"].export(Initiative.objects.filter(pk=initiative.pk)))).lstrip("\ufeff"))))
    exported[0]["planned_eu"] = "800.00"
    upload(manager_client, "initiatives", _csv(KINDS["initiatives"].columns, exported))
    assert confirm(manager_client, "initiatives").status_code == 302
    milestones = f"initiative,title,due_on,done_on\n{initiative.slug},Talk to owners,{APRIL_15.isoformat()},\n"
    upload(manager_client, "milestones", milestones)
    assert confirm(manager_client, "milestones").status_code == 302

    page = history(manager_client, initiative)
    assert "changed planned from “500.00 EUR” to “800.00 EUR”" in page
    assert FundingLine.history.filter(source="municipal").count() == 1  # left as it was: no record
    assert "changed the milestone “Talk to owners”" in page and "to “15 Apr 2026”" in page
    assert {record.history_user for record in FundingLine.history.filter(history_type="~")} == {jana}
    assert world.milestone.history.first().history_user == jana


def _busy(initiative, indicator_count):
    """An initiative whose children were added, changed and removed many times."""
    for number in range(indicator_count):
        milestone = MilestoneFactory(initiative=initiative)
        milestone.due_on += datetime.timedelta(days=7)
        milestone.save()
        target = TargetFactory(initiative=initiative, indicator=IndicatorFactory())
        target.target_value += 1
        target.save()
        if number % 3 == 0:
            milestone.delete()
        initiative.partners.add(OrganisationFactory())
    for source in ("eu", "municipal", "national"):
        line = FundingLineFactory(initiative=initiative, source=source)
        for amount in range(indicator_count):
            line.planned = Decimal(1000 + amount)
            line.save()
    initiative_set_status(initiative=initiative, status="on_hold", by=None)


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_history_page_costs_the_same_queries_however_long_the_history(manager_client, world, django_assert_max_num_queries):
    _busy(world.public, 2)
    _busy(world.private, 40)
    assert Milestone.history.filter(initiative_id=world.private.pk).count() > 90
    small = _queries(manager_client, reverse("initiatives:history", args=[world.public.slug]))
    large = reverse("initiatives:history", args=[world.private.slug])
    assert _queries(manager_client, large) == small
    assert _queries(manager_client, large + "?page=3") == small
    with django_assert_max_num_queries(12):  # sign-in and role (3), initiative, count, page, 4 kinds, partners, units
        manager_client.get(large)
    with django_assert_max_num_queries(21):  # the initiative's page shows the newest changes (and its units) too
        manager_client.get(world.private.get_absolute_url())


def test_a_long_history_is_paged_and_the_last_page_reaches_the_creation(manager_client, world):
    _busy(world.private, 40)
    first = history(manager_client, world.private)
    assert "Page 1 of" in first and "created the initiative." not in first
    last = manager_client.get(reverse("initiatives:history", args=[world.private.slug]), {"page": "999"}).content.decode()
    assert "created the initiative." in last
    assert "changed status from “in progress” to “on hold”" in first  # the newest change comes first


def test_the_initiative_page_shows_the_newest_changes_and_links_to_the_whole_history(client, world):
    FundingLineFactory(initiative=world.public, source="eu")
    page = client.get(world.public.get_absolute_url()).content.decode()
    assert "Edit history" not in page and reverse("initiatives:history", args=[world.public.slug]) not in page
    client.force_login(world.users["mayor"])
    page = client.get(world.public.get_absolute_url()).content.decode()
    assert "added the budget line “EU fund”" in page
    assert reverse("initiatives:history", args=[world.public.slug]) in page


@pytest.mark.parametrize("role,public,private", [
    ("anonymous", "login", "login"),
    ("resident", 403, 404),  # signed in, but no staff role
    ("lead_manager", 200, 200),
    ("other_manager", 200, 200),
    ("secretary", 200, 200),
    ("mayor", 200, 200),
    ("superuser", 200, 200),
])
def test_the_history_is_for_staff_readers_only(client, world, make_user, role, public, private):
    user = make_user("resident") if role == "resident" else world.users[role]
    if user:
        client.force_login(user)
    for initiative, expected in ((world.public, public), (world.private, private)):
        response = client.get(reverse("initiatives:history", args=[initiative.slug]))
        if expected == "login":
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == expected
            if expected == 200:
                assert "created the initiative." in response.content.decode()


def test_children_from_before_history_was_kept_show_their_first_change_from_what_they_were(manager_client, world):
    """The baseline migration: what existed gets a hidden starting record, and initiatives keep their partners."""
    line = FundingLineFactory(initiative=world.private, source="eu", planned=Decimal("10000"))
    world.private.partners.add(OrganisationFactory(name="Old Town Traders"))
    FundingLine.history.all().delete()  # as before the upgrade
    PARTNERS.objects.all().delete()
    migration = importlib.import_module("initiatives.migrations.0005_child_history_baseline")
    migration.record_what_is_there(apps, None)
    line.planned = Decimal("12000")
    line.save()
    initiative = Initiative.objects.get(pk=world.private.pk)
    initiative.area = "Riverside"
    initiative.save()
    page = history(manager_client, world.private)
    assert "changed planned from “10,000.00 EUR” to “12,000.00 EUR”" in page
    assert "added the budget line" not in page  # the starting record is not an addition anyone made
    assert "changed area of the centre from “Old Town” to “Riverside”" in page
    assert "added the partner" not in page


@pytest.mark.parametrize("language, known, unknown", [
    ("en", "Jana Novak changed the milestone “Talk to owners”",
     "Someone unknown (an import or the admin) added the milestone “Open the market hall”"),
    ("sl", "Jana Novak je spremenil(a) mejnik »Talk to owners«",
     "Neznana oseba (uvoz ali skrbnik) je dodala mejnik »Open the market hall«"),
    ("pl", "Jana Novak zmienił(a) kamień milowy „Talk to owners”",
     "Ktoś nieznany (import lub administrator) dodał kamień milowy „Open the market hall”"),
    ("fa", "Jana Novak نقطهٔ عطف «Talk to owners» را تغییر داد",
     "شخصی ناشناس (ورود داده یا مدیر سامانه) نقطهٔ عطف «Open the market hall» را افزود"),
])
def test_each_headline_is_one_sentence_with_its_author_known_or_not(manager_client, world, jana, language, known, unknown):
    """Translators get the whole sentence, so the verb can agree with who did it and the words can move."""
    initiative = Initiative.objects.get(pk=world.private.pk)
    data = edit_data(initiative, initiative.version, **{"milestones-0-due_on": APRIL_15.isoformat()})
    assert manager_client.post(reverse("initiatives:update", args=[initiative.slug]), data).status_code == 302
    MilestoneFactory(initiative=world.private, title="Open the market hall")  # saved without a request: no author

    with translation.override(language):  # the request switches the language: switch it back after
        page = " ".join(history(manager_client, world.private, HTTP_ACCEPT_LANGUAGE=language).split())
    assert known in page and unknown in page
