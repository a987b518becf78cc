"""The one write path of the programme (initiatives.services): plain values in; rows, history records
naming the author, status-change records and edit versions out; a stale version or a bad row writes
nothing at all."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from committees.tests.factories import OrganisationFactory
from initiatives.models import FundingLine, Initiative, Milestone, StatusChange, Target
from initiatives.services import (
    funding_lines_update,
    initiative_create,
    initiative_set_status,
    initiative_update,
    milestone_mark_done,
    milestones_update,
    targets_update,
)
from initiatives.tests.factories import FundingLineFactory, ThemeFactory
from core.edits import EditConflict

pytestmark = pytest.mark.django_db
MARCH_1, APRIL_1 = datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)


@pytest.fixture
def jana(world):
    return world.users["lead_manager"]


def new_initiative(world, by, **overrides):
    values = {
        "title": "Night market", "slug": "night-market", "summary": "Stalls every Friday", "theme": ThemeFactory(),
        "status": "planned", "lead_committee": world.committee,
    }
    return initiative_create(by=by, **{**values, **overrides})


def stored(initiative):
    return Initiative.objects.get(pk=initiative.pk)


def test_an_initiative_is_created_from_plain_values_with_milestones_partners_and_its_first_status(world, jana):
    traders = OrganisationFactory(name="Old Town Traders")
    initiative = new_initiative(world, jana, partners=[traders], milestones=[
        {"id": None, "title": "Stall holders chosen", "due_on": MARCH_1},
    ])
    assert list(initiative.milestones.values_list("title", "due_on")) == [("Stall holders chosen", MARCH_1)]
    assert list(initiative.partners.all()) == [traders]
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status, change.changed_by) == ("", "planned", jana)
    assert {record.history_user for record in initiative.history.all()} == {jana}
    assert Milestone.history.get(initiative_id=initiative.pk).history_user == jana


def test_an_update_writes_the_changes_and_milestones_and_names_the_editor_everywhere(world, jana):
    initiative = stored(world.private)
    saved = initiative_update(initiative=initiative, by=jana, expected_version=initiative.version, area="Riverside",
                              status="completed", milestones=[
                                  {"id": world.milestone.pk, "due_on": APRIL_1},
                                  {"id": None, "title": "Sign the leases", "due_on": MARCH_1},
                              ])
    assert (saved.area, saved.version) == ("Riverside", initiative.version + 1)
    assert stored(initiative).area == "Riverside"
    assert set(saved.milestones.values_list("title", "due_on")) == {
        ("Talk to owners", APRIL_1), ("Sign the leases", MARCH_1),
    }
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status, change.changed_by) == ("in_progress", "completed", jana)
    assert initiative.history.first().history_user == jana
    records = Milestone.history.filter(initiative_id=initiative.pk, history_type__in=["~", "+"]).exclude(
        history_user=None
    )
    # Each milestone record names the editor and the initiative version its change belongs to.
    assert {(record.title, record.history_user, record.initiative_version) for record in records} == {
        ("Talk to owners", jana, saved.version), ("Sign the leases", jana, saved.version),
    }


def test_an_update_that_keeps_the_status_records_no_status_change(world, jana):
    initiative = stored(world.private)
    initiative_update(initiative=initiative, by=jana, expected_version=initiative.version, status=initiative.status)
    assert not StatusChange.objects.filter(initiative=initiative).exists()


def test_an_update_at_a_stale_version_is_refused_and_writes_nothing(world, jana):
    initiative = stored(world.private)
    initiative_update(initiative=initiative, by=jana, expected_version=initiative.version, title="First")
    with pytest.raises(EditConflict):
        initiative_update(initiative=initiative, by=jana, expected_version=initiative.version, title="Second",
                          status="completed", milestones=[{"id": world.milestone.pk, "delete": True}])
    assert stored(initiative).title == "First"
    assert Milestone.objects.filter(pk=world.milestone.pk).exists()
    assert not StatusChange.objects.filter(initiative=initiative).exists()


def test_a_bad_milestone_leaves_the_initiative_as_it_was(world, jana):
    initiative = stored(world.private)
    with pytest.raises(ValidationError):
        initiative_update(initiative=initiative, by=jana, expected_version=initiative.version, area="Riverside",
                          status="completed", milestones=[{"id": None, "title": "", "due_on": MARCH_1}])
    after = stored(initiative)
    assert (after.area, after.version, after.status) == ("Old Town", initiative.version, "in_progress")
    assert initiative.history.count() == 1 and not StatusChange.objects.filter(initiative=initiative).exists()


def test_a_new_initiative_with_a_bad_milestone_is_not_stored_at_all(world, jana):
    with pytest.raises(ValidationError):
        new_initiative(world, jana, milestones=[{"id": None, "title": "No date", "due_on": None}])
    assert not Initiative.objects.filter(slug="night-market").exists()
    assert not StatusChange.objects.filter(to_status="planned").exists()


def test_budget_lines_are_written_only_where_they_differ_and_then_the_version_moves_on(world, jana):
    initiative = stored(world.private)
    kept = FundingLineFactory(initiative=initiative, source="municipal", planned=Decimal("1000.00"))
    removed = FundingLineFactory(initiative=initiative, source="national")
    saved = funding_lines_update(initiative=initiative, by=jana, expected_version=initiative.version, lines=[
        {"id": kept.pk, "source": "municipal", "planned": Decimal("1000"), "spent": kept.spent},  # as stored
        {"id": removed.pk, "delete": True},
        {"id": None, "source": "national", "planned": Decimal("500"), "spent": Decimal("0"), "note": "Call 2"},
    ])
    assert saved.version == stored(initiative).version == initiative.version + 1
    assert set(initiative.funding_lines.values_list("source", "note")) == {("municipal", ""), ("national", "Call 2")}
    assert kept.history.count() == 1  # left as it was: no record
    assert {record.history_user for record in FundingLine.history.exclude(id=kept.pk)} == {None, jana}
    assert FundingLine.history.get(id=removed.pk, history_type="-").history_user == jana
    assert initiative.history.count() == 1  # the initiative row itself is not saved

    unchanged = funding_lines_update(initiative=saved, by=jana, expected_version=saved.version, lines=[
        {"id": kept.pk, "planned": Decimal("1000.00")},
    ])
    assert unchanged.version == saved.version  # nothing written, nothing to conflict with


def test_budget_lines_at_a_stale_version_are_refused_and_nothing_is_written(world, jana):
    initiative = stored(world.private)
    milestone_mark_done(milestone=world.milestone, by=jana)
    with pytest.raises(EditConflict):
        funding_lines_update(initiative=initiative, by=jana, expected_version=initiative.version, lines=[
            {"id": None, "source": "eu", "planned": Decimal("10"), "spent": Decimal("0")},
        ])
    assert not FundingLine.objects.exists()


def test_targets_are_added_and_changed_with_their_rules_checked(world, jana):
    initiative = stored(world.private)
    row = {"id": None, "indicator": world.indicator, "baseline": Decimal(3000), "baseline_on": MARCH_1,
           "target_value": Decimal(4000), "target_on": APRIL_1}
    saved = targets_update(initiative=initiative, by=jana, expected_version=initiative.version, targets=[row])
    target = Target.objects.get(initiative=initiative)
    assert target.history.get().history_user == jana
    with pytest.raises(ValidationError):
        targets_update(initiative=saved, by=jana, expected_version=saved.version, targets=[
            {"id": target.pk, "target_value": Decimal(3000)},  # the same as the baseline
        ])
    assert Target.objects.get(pk=target.pk).target_value == Decimal(4000)


def test_milestones_alone_move_the_version_on_and_are_stamped_with_it(world, jana):
    initiative = stored(world.private)
    saved = milestones_update(initiative=initiative, by=jana, expected_version=initiative.version, milestones=[
        {"id": world.milestone.pk, "done_on": MARCH_1},
    ])
    assert saved.version == initiative.version + 1
    record = world.milestone.history.first()
    assert (record.done_on, record.history_user, record.initiative_version) == (MARCH_1, jana, saved.version)


def test_marking_a_milestone_done_names_who_did_it(world, jana):
    version = stored(world.private).version
    milestone_mark_done(milestone=world.milestone, by=jana, on=MARCH_1)
    assert Milestone.objects.get(pk=world.milestone.pk).done_on == MARCH_1
    assert world.milestone.history.first().history_user == jana
    assert stored(world.private).version == version + 1


def test_a_status_change_is_saved_and_recorded_once(world, jana):
    saved = initiative_set_status(initiative=world.public, status="on_hold", by=jana, on=MARCH_1)
    assert stored(world.public).status == saved.status == "on_hold"
    change = StatusChange.objects.get(initiative=world.public)
    assert (change.from_status, change.to_status, change.changed_on, change.changed_by) == (
        "in_progress", "on_hold", MARCH_1, jana,
    )
    assert world.public.history.first().history_user == jana
    initiative_set_status(initiative=world.public, status="on_hold", by=jana)
    assert StatusChange.objects.filter(initiative=world.public).count() == 1


def test_a_revert_in_the_admin_moves_the_version_on_from_the_stored_one(world, jana, rf, make_user):
    """django-simple-history's "revert" hands the admin the row as it was, with the version it had
    then: the version still moves on from the stored one, so a form opened before is refused."""
    from django.contrib import admin

    initiative = new_initiative(world, jana)
    for area in ("Riverside", "Old Town"):
        initiative = initiative_update(initiative=initiative, by=jana, expected_version=initiative.version, area=area)
    as_it_was = initiative.history.earliest().instance  # version 1, before both edits
    request = rf.post("/")
    request.user = make_user("portal-admin", superuser=True)
    admin.site.get_model_admin(Initiative).save_model(request, as_it_was, form=None, change=True)
    reverted = stored(initiative)
    assert (reverted.area, reverted.version) == ("", initiative.version + 1)
    with pytest.raises(EditConflict):
        initiative_update(initiative=reverted, by=jana, expected_version=initiative.version, area="Market Square")


def test_a_revert_through_the_admins_history_page_is_saved_and_moves_the_version_on(world, jana, client, make_user):
    initiative = new_initiative(world, jana)
    initiative = initiative_update(initiative=initiative, by=jana, expected_version=initiative.version, area="Riverside")
    earliest = initiative.history.earliest()
    client.force_login(make_user("portal-admin", superuser=True))
    url = f"/admin/initiatives/initiative/{initiative.pk}/history/{earliest.history_id}/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update({name: value for name, value in form.initial.items() if isinstance(value, list)})
    data.update({"theme": initiative.theme_id, "lead_committee": initiative.lead_committee_id,
                 "milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0,
                 "funding_lines-TOTAL_FORMS": 0, "funding_lines-INITIAL_FORMS": 0,
                 "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0,
                 "opened_at_version": form.fields["opened_at_version"].initial})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert (stored(initiative).area, stored(initiative).version) == ("", initiative.version + 1)
