"""Two managers editing the same initiative: the second save never silently overwrites the first."""
import pytest
from django.test import Client
from django.urls import reverse

from initiatives.forms import InitiativeForm
from initiatives.models import Initiative, Milestone
from initiatives.services import EditConflict, initiative_save, milestone_mark_done
from initiatives.tests.test_views import form_data
from portal.roles import MANAGERS

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
    assert 'value="Twelve flats by next spring"' in page  # what the second manager typed
    stored = Initiative.objects.get(pk=initiative.pk)
    assert (stored.title, stored.summary) == ("Flats above the shops", "Bring empty shops back to life.")
    # Saving again from the re-shown form is a deliberate choice and goes through.
    assert f'name="version" value="{stored.version}"' in page
    again = manager_client.post(url, edit_data(stored, stored.version, summary="Twelve flats by next spring"))
    assert again.status_code == 302
    assert Initiative.objects.get(pk=initiative.pk).summary == "Twelve flats by next spring"


def test_a_milestone_marked_done_meanwhile_is_a_conflict_too(manager_client, world):
    initiative = world.private
    opened_at = Initiative.objects.get(pk=initiative.pk).version
    milestone_mark_done(milestone=world.milestone)
    response = manager_client.post(
        reverse("initiatives:update", args=[initiative.slug]), edit_data(initiative, opened_at, area="Riverside")
    )
    page = response.content.decode()
    assert "The milestones were changed" in page
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
    first = InitiativeForm(edit_data(initiative, opened_at, title="First"), instance=Initiative.objects.get(pk=initiative.pk), user=colleague)
    second = InitiativeForm(edit_data(initiative, opened_at, title="Second"), instance=Initiative.objects.get(pk=initiative.pk), user=colleague)
    assert first.is_valid() and second.is_valid()
    initiative_save(form=first, by=colleague, version=opened_at)
    with pytest.raises(EditConflict) as conflict:
        initiative_save(form=second, by=colleague, version=opened_at)
    assert conflict.value.initiative.title == "First"
    assert conflict.value.initiative.version == opened_at + 1
    assert Initiative.objects.get(pk=initiative.pk).title == "First"
    assert initiative.history.count() == 2  # created, then the first save only


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
