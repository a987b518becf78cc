"""The pages as people use them: what they show, forms that keep what was typed, query counts."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.tests.factories import OrganisationFactory
from initiatives.models import Initiative, Measurement, Milestone, ProgressUpdate, StatusChange
from initiatives.services import initiative_set_status
from initiatives.tests.factories import (
    FundingLineFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    TargetFactory,
    ThemeFactory,
    image_bytes,
)
from core.tests.edits import version_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PNG = image_bytes("PNG")


def form_data(committee, **overrides):
    data = {
        "title": "Night market", "slug": "", "summary": "Stalls every Friday", "description": "",
        "theme": ThemeFactory().pk, "status": "planned", "lead_committee": committee.pk, "area": "Main Square",
        "start_on": "2025-05-01", "end_on": "2025-09-30", "is_public": "on", "progress_override": "",
        "milestones-TOTAL_FORMS": "2", "milestones-INITIAL_FORMS": "0",
        "milestones-0-title": "Stall holders chosen", "milestones-0-due_on": "2025-04-01",
        "milestones-1-title": "", "milestones-1-due_on": "",
    }
    return {**data, **overrides}


def test_a_manager_creates_an_initiative_with_milestones_and_its_status_is_recorded(manager_client, world):
    response = manager_client.post(reverse("initiatives:create"), form_data(world.committee))
    initiative = Initiative.objects.get(slug="night-market")
    assert response["Location"] == initiative.get_absolute_url()
    assert list(initiative.milestones.values_list("title", flat=True)) == ["Stall holders chosen"]
    assert initiative.status_changes.get().to_status == "planned"
    assert initiative.history.get().history_user == world.users["lead_manager"]
    page = manager_client.get(initiative.get_absolute_url()).content.decode()
    assert "The initiative “Night market” is saved." in page
    assert "Added to the programme as planned on" in page


def test_a_form_error_keeps_what_was_typed_next_to_the_field(manager_client, world):
    data = form_data(world.committee, start_on="2025-10-01", end_on="2025-09-30", summary="Stalls on the square")
    page = manager_client.post(reverse("initiatives:create"), data).content.decode()
    assert "The end date cannot be before the start date." in page
    assert 'value="Stalls on the square"' in page and 'value="Stall holders chosen"' in page
    assert not Initiative.objects.filter(title="Night market").exists()


def test_the_lead_committee_can_only_be_one_the_manager_sits_on(manager_client, world):
    page = manager_client.post(reverse("initiatives:create"), form_data(world.other_committee)).content.decode()
    assert "Select a valid choice" in page
    assert not Initiative.objects.filter(title="Night market").exists()


def test_changing_the_status_puts_it_on_the_timeline_and_in_the_history(manager_client, world):
    initiative = world.private
    data = form_data(
        world.committee, title=initiative.title, slug=initiative.slug, status="completed", version=initiative.version
    )
    manager_client.post(reverse("initiatives:update", args=[initiative.slug]), data)
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status, change.changed_by) == ("in_progress", "completed", world.users["lead_manager"])
    page = manager_client.get(initiative.get_absolute_url()).content.decode()
    assert "Moved to completed on" in page
    assert "changed status from “in progress” to “completed”" in page
    assert "changed summary from “Bring empty shops back to life.” to “Stalls every Friday”" in page
    assert "lead_manager" in page


def test_the_edit_history_is_shown_only_to_staff(client, world):
    initiative_set_status(initiative=world.public, status="on_hold", by=world.users["lead_manager"])
    public_page = client.get(world.public.get_absolute_url()).content.decode()
    assert "Edit history" not in public_page
    assert "Moved to on hold on" in public_page
    client.force_login(world.users["mayor"])
    assert "changed status from “in progress” to “on hold”" in client.get(world.public.get_absolute_url()).content.decode()


def test_posting_an_update_with_a_photo_puts_it_on_the_public_timeline(manager_client, world, client):
    url = reverse("initiatives:update-create", args=[world.public.slug])
    photo = SimpleUploadedFile("shop.png", PNG, "image/png")
    response = manager_client.post(url, {"date": "2025-04-02", "text": "Two pop-ups opened.", "photo": photo,
                                         "photo_description": "A ceramics studio window"})
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.author == world.users["lead_manager"] and update.photo.name.endswith(".png")
    page = client.get(world.public.get_absolute_url()).content.decode()
    assert "Two pop-ups opened." in page and 'alt="A ceramics studio window"' in page
    assert f'src="{update.photo_url}"' in page
    assert client.get(update.photo_url)["Content-Type"] == "image/png"


def test_a_file_that_is_not_an_image_is_refused(manager_client, world):
    url = reverse("initiatives:update-create", args=[world.public.slug])
    fake = SimpleUploadedFile("shop.png", b"MZ not an image", "image/png")
    page = manager_client.post(url, {"date": "2025-04-02", "text": "Hello", "photo": fake,
                                     "photo_description": "x"}).content.decode()
    assert "The file is not a JPEG, PNG or WebP image." in page and "Hello" in page
    assert not ProgressUpdate.objects.exists()


def test_marking_a_milestone_done_raises_the_progress(manager_client, world):
    MilestoneFactory(initiative=world.private, title="Second")
    manager_client.post(reverse("initiatives:milestone-done", args=[world.private.slug, world.milestone.pk]),
                        {"done_on": TODAY.isoformat()})
    assert Milestone.objects.get(pk=world.milestone.pk).done_on == TODAY
    assert "50% done" in manager_client.get(world.private.get_absolute_url()).content.decode()


def test_mark_done_asks_for_the_day_today_unless_the_editor_says_otherwise(manager_client, world):
    page = manager_client.get(world.private.get_absolute_url()).content.decode()
    assert f'name="done_on" value="{TODAY.isoformat()}" max="{TODAY.isoformat()}"' in page
    last_week = TODAY - datetime.timedelta(days=7)
    response = manager_client.post(reverse("initiatives:milestone-done", args=[world.private.slug, world.milestone.pk]),
                                   {"done_on": last_week.isoformat()})
    assert response["Location"] == world.private.get_absolute_url()
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    assert milestone.done_on == last_week
    record = milestone.history.latest()
    assert record.history_user == world.users["lead_manager"] and record.done_on == last_week


@pytest.mark.parametrize("typed, message", [
    ((TODAY + datetime.timedelta(days=1)).isoformat(), "A milestone cannot be done on a day still to come."),
    ("", "This field is required."),
    ("31.02.2025", "Enter a valid date."),
])
def test_mark_done_refuses_a_day_still_to_come_and_keeps_what_was_typed(manager_client, world, typed, message):
    url = reverse("initiatives:milestone-done", args=[world.private.slug, world.milestone.pk])
    response = manager_client.post(url, {"done_on": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and f'value="{typed}"' in page if typed else message in page
    assert Milestone.objects.get(pk=world.milestone.pk).done_on is None


def test_the_service_refuses_a_done_date_still_to_come(world):
    from django.core.exceptions import ValidationError

    from initiatives.services import milestone_mark_done

    with pytest.raises(ValidationError):
        milestone_mark_done(milestone=world.milestone, by=None, on=TODAY + datetime.timedelta(days=3))
    assert Milestone.objects.get(pk=world.milestone.pk).done_on is None


def test_more_rows_comes_back_with_room_for_more_milestones_keeping_what_was_typed(manager_client, world):
    data = form_data(world.committee, title="Harbour lights", **{"milestones-1-title": "Lights bought",
                                                                   "milestones-1-due_on": "2025-05-01"})
    response = manager_client.post(reverse("initiatives:create"), {**data, "more_rows": "milestones"})
    assert response.status_code == 200 and not Initiative.objects.filter(title="Harbour lights").exists()
    page = response.content.decode()
    assert 'name="milestones-TOTAL_FORMS" value="5"' in page
    assert 'value="Harbour lights"' in page and 'value="Stall holders chosen"' in page and 'value="Lights bought"' in page
    assert "This field is required" not in page and 'name="milestones-4-title"' in page
    # Then one save with four milestones.
    data.update({"milestones-TOTAL_FORMS": "5", "milestones-2-title": "Lights up", "milestones-2-due_on": "2025-06-01",
                 "milestones-3-title": "Festival", "milestones-3-due_on": "2025-07-01"})
    manager_client.post(reverse("initiatives:create"), data)
    initiative = Initiative.objects.get(title="Harbour lights")
    assert initiative.milestones.count() == 4


def test_more_rows_on_an_initiative_being_edited_keeps_its_milestones(manager_client, world):
    initiative = world.private
    page = manager_client.get(reverse("initiatives:update", args=[initiative.slug])).content.decode()
    stored = initiative.milestones.count()
    assert f'name="milestones-TOTAL_FORMS" value="{stored + 2}"' in page
    data = form_data(world.committee, title=initiative.title, slug=initiative.slug, version=initiative.version,
                     **{"milestones-TOTAL_FORMS": str(stored), "milestones-INITIAL_FORMS": str(stored),
                        "milestones-0-id": str(world.milestone.pk), "milestones-0-title": world.milestone.title,
                        "milestones-0-due_on": world.milestone.due_on.isoformat(), "more_rows": "milestones"})
    page = manager_client.post(reverse("initiatives:update", args=[initiative.slug]), data).content.decode()
    assert f'name="milestones-TOTAL_FORMS" value="{stored + 3}"' in page
    assert Initiative.objects.get(pk=initiative.pk).version == initiative.version  # nothing saved


def test_budget_lines_are_saved_and_shown_with_totals_and_shares(manager_client, world, settings):
    settings.CURRENCY = "EUR"
    url = reverse("initiatives:funding", args=[world.public.slug])
    version = world.public.version
    manager_client.post(url, {
        "funding-TOTAL_FORMS": "2", "funding-INITIAL_FORMS": "0",
        "funding-0-source": "eu", "funding-0-planned": "850000", "funding-0-spent": "312000.50", "funding-0-note": "ERDF",
        "funding-1-source": "municipal", "funding-1-planned": "150000", "funding-1-spent": "0", "version": version,
    })
    page = manager_client.get(world.public.get_absolute_url()).content.decode()
    assert "1,000,000.00 EUR" in page and "312,000.50 EUR" in page and "85%" in page
    assert 'id="budget-chart-data"' in page and "chart.umd.min.js" in page
    # the budget change moves the edit version on: an edit form opened before it is a conflict
    assert Initiative.objects.get(pk=world.public.pk).version == version + 1


def test_money_follows_the_language(client, world):
    FundingLineFactory(initiative=world.public, planned=Decimal("1234.50"))
    page = client.get(world.public.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert "1.234,50 EUR" in page


def test_targets_show_baseline_latest_target_status_and_trend(client, world):
    vacancy = IndicatorFactory(name="Vacancy rate", standard_unit="percent", higher_is_better=False, decimal_places=1)
    month = (TODAY - datetime.timedelta(days=5)).replace(day=1)
    MeasurementFactory(indicator=vacancy, measured_on=month.replace(year=month.year - 1), value=Decimal("19.0"))
    MeasurementFactory(indicator=vacancy, measured_on=month, value=Decimal("18.0"))
    # By the latest month 65 of 200 days have passed (a third of the way); 2 of 8 points is a quarter: at risk.
    TargetFactory(initiative=world.public, indicator=vacancy, baseline=Decimal("20"), target_value=Decimal("12"),
                  baseline_on=month - datetime.timedelta(days=65), target_on=month + datetime.timedelta(days=135))
    page = client.get(world.public.get_absolute_url()).content.decode()
    assert "20.0%" in page and "18.0%" in page and "12.0%" in page
    assert "at risk" in page and "improving" in page


def test_the_list_filters_searches_and_sorts(client, world):
    InitiativeFactory(title="Advent market", slug="advent", status="planned", area="Main Square",
                      theme=ThemeFactory(slug="marketing-and-events"))
    page = client.get(reverse("initiatives:list"), {"status": "planned"}).content.decode()
    assert "Advent market" in page and "Pop-up shops" not in page
    page = client.get(reverse("initiatives:list"), {"q": "advent"}).content.decode()
    assert "1 initiative" in page and "Advent market" in page
    page = client.get(reverse("initiatives:list"), {"theme": "marketing-and-events", "area": "Main Square"}).content.decode()
    assert "Advent market" in page and "Pop-up shops" not in page
    page = client.get(reverse("initiatives:list"), {"sort": "-progress"}).content.decode()
    assert page.index("Pop-up shops") > 0


def test_a_list_row_shows_status_progress_and_dates_in_words(client, world):
    MilestoneFactory(initiative=world.public, due_on=TODAY - datetime.timedelta(days=3))
    page = client.get(reverse("initiatives:list")).content.decode()
    assert "in progress" in page and "0% done" in page and "1 overdue milestone" in page
    assert world.public.start_on.strftime("%Y") in page


def test_a_measurement_is_recorded_on_the_indicator_page(manager_client, world):
    response = manager_client.post(world.indicator.get_absolute_url(),
                                   {"measured_on": "2025-03-01", "period": "month", "value": "3120", "source": "counter"})
    assert response.status_code == 302
    assert Measurement.objects.get().value == Decimal(3120)
    page = manager_client.post(world.indicator.get_absolute_url(),
                               {"measured_on": "2025-03-01", "period": "month", "value": "99"}).content.decode()
    assert "already has a value for that date" in page


def test_the_indicator_page_is_kept_for_visitors_and_a_measurement_posted_to_it_shows_at_once(manager_client, world):
    visitor, url = Client(), world.indicator.get_absolute_url()
    assert visitor.get(url)["X-Page-Cache"] == "miss"
    assert visitor.get(url)["X-Page-Cache"] == "hit"
    response = manager_client.post(url, {"measured_on": "2025-03-01", "period": "month", "value": "3120"})
    assert (response.status_code, response["Location"]) == (302, url)
    page = visitor.get(url)
    assert page["X-Page-Cache"] == "miss" and "3,120 people a day" in page.content.decode()


def test_a_visitor_posting_a_measurement_is_sent_to_sign_in_and_nothing_is_stored(world):
    url = world.indicator.get_absolute_url()
    response = Client().post(url, {"measured_on": "2025-03-01", "period": "month", "value": "3120"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Measurement.objects.exists()


def test_the_indicator_pages_show_latest_values_and_targets(client, world):
    MeasurementFactory(indicator=world.indicator, measured_on=TODAY, value=Decimal(3500))
    TargetFactory(initiative=world.public, indicator=world.indicator, target_value=Decimal(4000))
    TargetFactory(initiative=world.private, indicator=world.indicator, target_value=Decimal(9999))
    listing = client.get(reverse("initiatives:indicator-list")).content.decode()
    assert "3,500 people a day" in listing and "Pop-up shops" in listing and "9,999" not in listing
    detail = client.get(world.indicator.get_absolute_url()).content.decode()
    assert "4,000 people a day" in detail and 'id="indicator-chart-data"' in detail


def test_the_surveys_include_is_on_the_detail_page():
    from django.template.loader import get_template

    source = get_template("initiatives/initiative_detail.html").template.source
    assert '{% include "initiatives/includes/residents_said.html" %}' in source


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _fill(committee, count):
    organisation = OrganisationFactory()
    indicator = IndicatorFactory()
    MeasurementFactory.create_batch(3, indicator=indicator)
    for initiative in InitiativeFactory.create_batch(count, lead_committee=committee):
        MilestoneFactory(initiative=initiative, due_on=TODAY - datetime.timedelta(days=1))
        FundingLineFactory(initiative=initiative)
        ProgressUpdateFactory(initiative=initiative)
        TargetFactory(initiative=initiative, indicator=indicator)
        initiative.partners.add(organisation)
        initiative_set_status(initiative=initiative, status="completed", by=None)
    return initiative


@pytest.mark.parametrize("role", ["anonymous", "mayor", "lead_manager"])
def test_list_detail_and_indicator_pages_keep_a_constant_query_count(client, world, role, django_assert_max_num_queries):
    if world.users[role]:
        client.force_login(world.users[role])
    small = _fill(world.committee, 5)
    urls = [reverse("initiatives:list"), reverse("initiatives:indicator-list"), reverse("initiatives:export", args=["initiatives"])]
    staff_urls = lambda initiative: [  # noqa: E731
        reverse(name, args=[initiative.slug]) for name in ("initiatives:update", "initiatives:funding", "initiatives:targets")
    ] if role == "lead_manager" else []
    counts_small = [_queries(client, url) for url in urls + [small.get_absolute_url()] + staff_urls(small)]
    large = _fill(world.committee, 95)
    for _ in range(20):  # a busy initiative: many milestones, updates, lines and targets
        MilestoneFactory(initiative=large)
        ProgressUpdateFactory(initiative=large)
        TargetFactory(initiative=large)
    counts_large = [_queries(client, url) for url in urls + [large.get_absolute_url()] + staff_urls(large)]
    assert counts_small == counts_large
    with django_assert_max_num_queries(21):  # one of them the units of the premises register it works on
        client.get(large.get_absolute_url())
    with django_assert_max_num_queries(12):
        client.get(reverse("initiatives:list"))


def test_targets_are_set_on_the_targets_page_and_bad_dates_are_explained(manager_client, world):
    url = reverse("initiatives:targets", args=[world.public.slug])
    data = {
        "targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "0", "targets-0-indicator": world.indicator.pk,
        "targets-0-baseline": "3000", "targets-0-baseline_on": "2025-01-01",
        "targets-0-target_value": "4000", "targets-0-target_on": "2024-01-01", **version_of(world.public),
    }
    page = manager_client.post(url, data).content.decode()
    assert "The target date must be after the baseline date." in page and 'value="4000"' in page
    response = manager_client.post(url, {**data, "targets-0-target_on": "2026-12-31"})
    assert response.status_code == 302
    target = world.public.targets.get()
    assert (target.baseline, target.target_value) == (Decimal(3000), Decimal(4000))


def test_the_mark_done_page_asks_for_the_day_in_a_few_queries(manager_client, world, django_assert_max_num_queries):
    url = reverse("initiatives:milestone-done", args=[world.private.slug, world.milestone.pk])
    with django_assert_max_num_queries(8):
        page = manager_client.get(url).content.decode()
    assert f'value="{TODAY.isoformat()}"' in page and "Done on" in page
