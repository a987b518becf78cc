"""The secretary's journey in a real browser, and the public committee pages checked with axe-core."""
import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from committees.demo import MARKETING
from core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_schedules_a_meeting_records_minutes_and_residents_read_them(
    page, browser, live_server, axe, settings
):
    settings.DEBUG = True
    call_command("demo_data", verbosity=0)
    settings.DEBUG = False
    yesterday = timezone.localtime() - datetime.timedelta(days=1)

    page.goto(reverse("login"))
    page.get_by_label("Username").fill("secretary")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    page.goto(reverse("committees:detail", args=[MARKETING]))
    assert page.get_by_role("heading", name="Needs attention").is_visible()
    assert axe(page) == []
    page.get_by_role("link", name="Schedule a meeting").click()
    assert axe(page) == []
    page.get_by_label("Title").fill("Evening market debrief")
    page.get_by_label("Date and time").fill(yesterday.strftime("%Y-%m-%dT18:00"))
    page.get_by_label("Place").fill("Town Hall, small council room")
    page.get_by_label("Agenda").fill("1. Stallholders' feedback\n2. Next season")
    page.get_by_role("button", name="Schedule the meeting").click()
    assert page.get_by_text("The meeting Evening market debrief was scheduled.").is_visible()

    page.get_by_role("link", name="Record minutes and attendance").click()
    assert axe(page) == []
    page.get_by_label("Status").select_option("held")
    page.get_by_label("Minutes", exact=True).fill("Stallholders want the market to start at five.")
    page.get_by_label("Minutes published").check()
    page.get_by_label("Tomaž Kralj").select_option("present")
    page.get_by_role("button", name="Save the record").click()
    assert page.get_by_text("The record of Evening market debrief was saved.").is_visible()

    resident = browser.new_context(base_url=live_server.url).new_page()
    resident.goto(reverse("committees:list"))
    assert axe(resident) == []
    resident.get_by_role("link", name="City Marketing Committee").click()
    assert axe(resident) == []
    past_meetings = resident.locator("section", has=resident.get_by_role("heading", name="Past meetings"))
    past_meetings.get_by_role("link", name="Evening market debrief").click()
    assert resident.get_by_text("Stallholders want the market to start at five.").is_visible()
    assert resident.get_by_text("Tomaž Kralj – present").is_visible()
    assert axe(resident) == []
    resident.goto(reverse("committees:recommendation-list") + "?addressed_to=mayors")
    assert resident.get_by_role("link", name="Register vacant commercial premises in every town centre").is_visible()
    assert axe(resident) == []
    resident.context.close()
