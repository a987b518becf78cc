"""Two managers editing the same initiative: the second save never silently overwrites the first,
and the second is told what the first changed: the initiative's fields and its milestones."""
import datetime

import pytest
from django.test import Client
from django.urls import reverse

from initiatives.models import Initiative, Milestone
from initiatives.services import initiative_update, milestone_mark_done
from initiatives.tests.factories import MilestoneFactory
from initiatives.tests.test_csv import confirm, upload
from initiatives.tests.test_views import form_data
from core.edits import EditConflict
from core.roles import MANAGERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(world, make_user):
    """A second manager on the lead committee."""
    return make_user("tina", role=MANAGERS, committees=[world.committee])


@pytest.fixture
def colleague_client(colleague):
    client = Client()
    client.force_login(colleague)
    return client


def edit_data(initiative, version, **overrides):
    """The edit form as the manager's browser sends it, opened at `version`."""
    milestones = list(initiative.milestones.all())
    data = form_data(
        initiative.lead_committee, title=initiative.title, slug=initiative.slug, summary=initiative.summary,
        status=initiative.status, theme=initiative.theme_id, version=version,
        **{"milestones-TOTAL_FORMS": str(len(milestones) + 1), "milestones-INITIAL_FORMS": str(len(milestones))},
    )
    data.pop("milestones-1-title"), data.pop("milestones-1-due_on")
    for index, milestone in enumerate(milestones):
        data.update({
            f"milestones-{index}-id": milestone.pk, f"milestones-{index}-title": milestone.title,
            f"milestones-{index}-due_on": milestone.due_on.isoformat(),
            f"milestones-{index}-done_on": milestone.done_on.isoformat() if milestone.done_on else "",
        })
    data.update({f"milestones-{len(milestones)}-title": "", f"milestones-{len(milestones)}-due_on": ""})
    return {**data, **overrides}


def test_the_edit_form_carries_the_version_it_was_opened_at(manager_client, world):
    page = manager_client.get(reverse("initiatives:update", args=[world.private.slug])).content.decode()
    assert f'type="hidden" name="version" value="{world.private.version}"' in page


def test_every_save_moves_the_version_on(manager_client, world):
    initiative = world.private
    opened_at = initiative.version
    response = manager_client.post(
        reverse("initiatives:update", args=[initiative.slug]), edit_data(initiative, opened_at, area="Riverside")
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.area, initiative.version) == ("Riverside", opened_at + 1)


def test_the_second_save_is_refused_with_what_changed_and_keeps_what_was_typed(
    colleague_client, manager_client, world
):
    initiative = world.private
    opened_at = initiative.version
    url = reverse("initiatives:update", args=[initiative.slug])
    # Both open the form; the colleague saves first.
    colleague_client.post(url, edit_data(initiative, opened_at, title="Flats above the shops", status="planned"))
    response = manager_client.post(url, edit_data(initiative, opened_at, summary="Twelve flats by next spring"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this initiative while you were editing it" in page
    assert "Saved by tina on" in page
    assert "title is now “Flats above the shops”" in page
    assert "status is now “planned”" in page
    assert "Milestones added, changed or removed" not in page  # only the initiative's fields changed
    assert "The milestones were changed" not in page
    assert 'value="Twelve flats by next spring"' in page  # what the second manager typed
    stored = Initiative.objects.get(pk=initiative.pk)
    assert (stored.title, stored.summary) == ("Flats above the shops", "Bring empty shops back to life.")
    # Saving again from the re-shown form is a deliberate choice and goes through.
    assert f'name="version" value="{stored.version}"' in page
    again = manager_client.post(url, edit_data(stored, stored.version, summary="Twelve flats by next spring"))
    assert again.status_code == 302
    assert Initiative.objects.get(pk=initiative.pk).summary == "Twelve flats by next spring"


def test_a_milestone_marked_done_meanwhile_is_a_conflict_too(manager_client, world, colleague):
    initiative = world.private
    opened_at = Initiative.objects.get(pk=initiative.pk).version
    milestone_mark_done(milestone=world.milestone, by=colleague)
    response = manager_client.post(
        reverse("initiatives:update", args=[initiative.slug]), edit_data(initiative, opened_at, area="Riverside")
    )
    message = conflict_message(response)
    assert "tina changed the milestone “Talk to owners”" in " ".join(message.split())
    assert "changed done on from “–” to" in message
    assert "The milestones were changed" not in message
    assert Milestone.objects.get(pk=world.milestone.pk).done_on is not None
    assert Initiative.objects.get(pk=initiative.pk).area == "Old Town"


def test_a_form_without_its_version_does_not_overwrite(manager_client, world):
    initiative = world.private
    data = edit_data(initiative, "", title="Overwritten blindly")
    response = manager_client.post(reverse("initiatives:update", args=[initiative.slug]), data)
    assert "Someone else saved this initiative" in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).title == "Homes above shops"


def test_the_service_refuses_a_stale_version_and_writes_nothing(world, colleague):
    initiative = world.private
    opened_at = initiative.version
    initiative_update(initiative=initiative, by=colleague, expected_version=opened_at, title="First")
    with pytest.raises(EditConflict) as conflict:
        initiative_update(initiative=initiative, by=colleague, expected_version=opened_at, title="Second", milestones=[
            {"id": None, "title": "Sign the leases", "due_on": datetime.date(2026, 6, 1)},
        ])
    assert conflict.value.stored.title == "First"
    assert conflict.value.stored.version == opened_at + 1
    assert Initiative.objects.get(pk=initiative.pk).title == "First"
    assert initiative.history.count() == 2  # created, then the first save only
    assert list(initiative.milestones.values_list("title", flat=True)) == ["Talk to owners"]


def test_the_change_history_does_not_list_version_numbers(manager_client, world):
    initiative = world.private
    manager_client.post(
        reverse("initiatives:update", args=[initiative.slug]), edit_data(initiative, initiative.version, area="Riverside")
    )
    page = manager_client.get(initiative.get_absolute_url()).content.decode()
    assert "changed area of the centre from “Old Town” to “Riverside”" in page
    assert "changed version" not in page


def test_a_milestone_added_by_the_first_editor_survives_the_second_save(colleague_client, manager_client, world):
    initiative = world.private
    opened = edit_data(initiative, initiative.version, area="Riverside")  # the form as it was opened
    url = reverse("initiatives:update", args=[initiative.slug])
    colleague_client.post(url, edit_data(initiative, initiative.version, **{
        "milestones-1-title": "Sign the leases", "milestones-1-due_on": "2026-03-01",
    }))
    manager_client.post(url, opened)
    assert set(initiative.milestones.values_list("title", flat=True)) == {"Talk to owners", "Sign the leases"}
    assert Initiative.objects.get(pk=initiative.pk).area == "Main Square"  # as the colleague saved it


def conflict_message(response):
    """The conflict alert of a re-shown edit form."""
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index('id="edit-conflict"')
    return page[start:page.index("</div>", start)]


@pytest.fixture
def three_milestones(world):
    """The initiative's milestones, in the order of the form: to change, to remove, to keep."""
    world.milestone.due_on = datetime.date(2026, 3, 1)
    world.milestone.save()
    MilestoneFactory(initiative=world.private, title="Apply for permits", due_on=datetime.date(2026, 4, 1))
    MilestoneFactory(initiative=world.private, title="Survey the upper floors", due_on=datetime.date(2026, 5, 1))
    return Initiative.objects.get(pk=world.private.pk)


def test_the_second_save_names_the_milestones_added_changed_and_removed_and_keeps_what_was_typed(
    colleague_client, manager_client, three_milestones
):
    initiative = three_milestones
    url = reverse("initiatives:update", args=[initiative.slug])
    # Both open the form at the same version.
    opened = edit_data(initiative, initiative.version, summary="Twelve flats by next spring", **{
        "milestones-2-title": "Survey every upper floor", "milestones-3-title": "Open the first flat",
        "milestones-3-due_on": "2026-09-01",
    })
    colleague_client.post(url, edit_data(initiative, initiative.version, **{
        "milestones-0-due_on": "2026-04-15", "milestones-1-DELETE": "on",
        "milestones-3-title": "Sign the leases", "milestones-3-due_on": "2026-06-01",
    }))
    response = manager_client.post(url, opened)
    message = " ".join(conflict_message(response).split())

    assert "Saved by tina on" in message
    assert "Milestones added, changed or removed since you opened the form:" in message
    assert "tina added the milestone “Sign the leases”" in message
    assert "Due date: 1 Jun 2026" in message
    assert "Version" not in message  # the stamp that finds these records is not shown
    assert "tina changed the milestone “Talk to owners”" in message
    assert "changed due date from “1 Mar 2026” to “15 Apr 2026”" in message
    assert "tina removed the milestone “Apply for permits”" in message
    assert "Survey the upper floors" not in message  # nobody else changed it
    page = response.content.decode()
    for typed in ("Twelve flats by next spring", "Survey every upper floor", "Open the first flat", "2026-09-01"):
        assert f'value="{typed}"' in page
    assert set(initiative.milestones.values_list("title", "due_on")) == {
        ("Talk to owners", datetime.date(2026, 4, 15)), ("Survey the upper floors", datetime.date(2026, 5, 1)),
        ("Sign the leases", datetime.date(2026, 6, 1)),
    }
    assert Initiative.objects.get(pk=initiative.pk).summary == "Bring empty shops back to life."
    # The removed milestone's row is a new row now; saving again keeps this editor's version, with it.
    assert 'name="milestones-2-title" value="Apply for permits"' in page
    assert 'name="milestones-2-id" value="' not in page
    again = manager_client.post(url, response.context["form"].data)
    assert again.status_code == 302
    assert set(initiative.milestones.values_list("title", flat=True)) == {
        "Talk to owners", "Survey every upper floor", "Apply for permits", "Open the first flat", "Sign the leases",
    }
    assert Initiative.objects.get(pk=initiative.pk).summary == "Twelve flats by next spring"


def test_milestone_changes_the_editor_had_already_seen_are_not_listed(colleague_client, manager_client, world):
    initiative = world.private
    url = reverse("initiatives:update", args=[initiative.slug])
    colleague_client.post(url, edit_data(initiative, initiative.version, **{
        "milestones-0-due_on": "2026-04-15", "milestones-1-title": "Sign the leases", "milestones-1-due_on": "2026-06-01",
    }))
    initiative = Initiative.objects.get(pk=initiative.pk)
    opened = edit_data(initiative, initiative.version, summary="Twelve flats by next spring")  # after that save
    colleague_client.post(url, edit_data(initiative, initiative.version, title="Flats above the shops"))
    message = conflict_message(manager_client.post(url, opened))
    assert "title is now “Flats above the shops”" in message
    assert "milestone" not in message.lower()


def test_a_milestone_added_and_removed_again_meanwhile_is_not_listed(colleague_client, manager_client, world):
    initiative = world.private
    url = reverse("initiatives:update", args=[initiative.slug])
    opened = edit_data(initiative, initiative.version, summary="Twelve flats by next spring")
    colleague_client.post(url, edit_data(initiative, initiative.version, **{
        "milestones-1-title": "Sign the leases", "milestones-1-due_on": "2026-06-01",
    }))
    stored = Initiative.objects.get(pk=initiative.pk)
    added = [milestone.title for milestone in stored.milestones.all()].index("Sign the leases")
    colleague_client.post(url, edit_data(stored, stored.version, **{f"milestones-{added}-DELETE": "on"}))
    assert not stored.milestones.filter(title="Sign the leases").exists()
    message = conflict_message(manager_client.post(url, opened))
    assert "Sign the leases" not in message
    assert "area of the centre is now “Main Square”" in message


def test_a_milestone_imported_meanwhile_is_listed(colleague_client, manager_client, world):
    initiative = world.private
    opened = edit_data(initiative, initiative.version, summary="Twelve flats by next spring")
    upload(colleague_client, "milestones", "initiative,title,due_on,done_on\nhomes-above-shops,Sign the leases,2026-06-01,\n")
    confirm(colleague_client, "milestones")
    message = conflict_message(manager_client.post(reverse("initiatives:update", args=[initiative.slug]), opened))
    assert "tina added the milestone “Sign the leases”" in " ".join(message.split())


QUERIES_ON_THE_CONFLICT_PAGE = 43  # as many with 1 or 12 milestones changed


@pytest.mark.parametrize("count", [1, 12])
def test_the_conflict_page_costs_the_same_queries_however_many_milestones_changed(
    count, colleague_client, manager_client, world, django_assert_max_num_queries
):
    for number in range(count - 1):
        MilestoneFactory(initiative=world.private, title=f"Step {number}", due_on=datetime.date(2026, 3, 1))
    initiative = Initiative.objects.get(pk=world.private.pk)
    url = reverse("initiatives:update", args=[initiative.slug])
    opened = edit_data(initiative, initiative.version, summary="Twelve flats by next spring")
    moved = {f"milestones-{index}-due_on": "2026-07-01" for index in range(count)}
    colleague_client.post(url, edit_data(initiative, initiative.version, **moved))
    with django_assert_max_num_queries(QUERIES_ON_THE_CONFLICT_PAGE):
        message = conflict_message(manager_client.post(url, opened))
    assert message.count("changed due date from") == count


def test_a_milestone_both_editors_removed_is_not_brought_back(colleague_client, manager_client, three_milestones):
    initiative = three_milestones
    url = reverse("initiatives:update", args=[initiative.slug])
    opened = edit_data(initiative, initiative.version, summary="Twelve flats by next spring", **{"milestones-1-DELETE": "on"})
    colleague_client.post(url, edit_data(initiative, initiative.version, **{"milestones-1-DELETE": "on"}))
    response = manager_client.post(url, opened)
    assert "removed the milestone “Apply for permits”" in conflict_message(response)
    assert 'value="Apply for permits"' not in response.content.decode()
    assert manager_client.post(url, response.context["form"].data).status_code == 302
    assert set(initiative.milestones.values_list("title", flat=True)) == {"Talk to owners", "Survey the upper floors"}
