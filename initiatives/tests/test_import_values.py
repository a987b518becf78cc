"""What an import refuses, row by row, before anything is stored: values the database cannot hold as
written (never rounded to fit), dates whose order of day and month cannot be known, and row numbers
and counts written as the reader's language writes them."""
import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format

from initiatives.models import FundingLine, Initiative, Measurement, Milestone
from initiatives.services import measurements_record
from initiatives.tests.test_csv import confirm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_restored():
    """A request in Persian leaves Persian active in the test's thread (LocaleMiddleware activates, nothing
    deactivates): put back what was active, so that later tests are not read in Persian."""
    with translation.override(translation.get_language()):
        yield

INITIATIVE_FILE = (
    "slug;title;summary;theme;status;lead_committee;start_on;is_public;planned_eu;spent_eu\r\n"
    "night-market;Night market;Stalls on Fridays;vacant-premises;planned;city-marketing;01.05.2026;yes;{planned};0\r\n"
)


def import_measurements(client, indicator, text, language="sl", **headers):
    """Upload the file, and when its preview shows, confirm it (the response to the last of the two)."""
    url = reverse("initiatives:measurement-import", args=[indicator.slug])
    upload = SimpleUploadedFile("counter.csv", text.encode("utf-8"))
    response = client.post(url, {"file": upload, "period": "day", "language": language}, **headers)
    if response.status_code == 200 and response.context["changes"]:
        return client.post(url, {"confirm": "1"}, **headers)
    return response


def upload(client, kind, text, language="", **headers):
    url = reverse("initiatives:import", args=[kind])
    return client.post(url, {"file": SimpleUploadedFile("file.csv", text.encode("utf-8")), "language": language},
                       **headers)


def test_a_measurement_with_more_decimal_places_than_stored_is_refused_not_rounded(manager_client, world):
    text = "datum;vrednost\r\n2031-01-02;12,5\r\n2031-01-01;12,3456\r\n"
    response = import_measurements(manager_client, world.indicator, text)
    assert response.status_code == 200
    assert "row 3, column value, “12,3456”: Ensure that there are no more than 3 decimal places." in (
        response.content.decode())
    assert not Measurement.objects.exists()  # not even the good row


def test_a_measurement_too_large_to_store_is_a_row_error_not_a_server_error(manager_client, world):
    response = import_measurements(manager_client, world.indicator, "datum;vrednost\r\n2031-01-01;1.234.567.890.123,5\r\n")
    assert response.status_code == 200
    assert "row 2, column value, “1.234.567.890.123,5”: Ensure this value is less than or equal to" in (
        response.content.decode())
    assert not Measurement.objects.exists()


def test_measurements_record_refuses_a_value_it_would_round_and_stores_nothing(world):
    rows = [(datetime.date(2031, 1, 1), Decimal("12.5")), (datetime.date(2031, 1, 2), Decimal("12.3456"))]
    with pytest.raises(ValidationError):
        measurements_record(indicator=world.indicator, rows=rows)
    assert not Measurement.objects.exists()


def test_a_budget_with_more_digits_than_stored_is_a_row_error_in_the_preview(manager_client, world):
    page = upload(manager_client, "initiatives", INITIATIVE_FILE.format(planned="123456789012345678,5"), "sl")
    digits = FundingLine._meta.get_field("planned").max_digits
    assert (f"Row 2: column planned_eu, “123456789012345678,5”: Ensure that there are no more than {digits} digits "
            "in total.") in page.content.decode()
    assert "Confirm the import" not in page.content.decode()
    assert confirm(manager_client, "initiatives").status_code == 200  # no preview was kept to confirm
    assert not Initiative.objects.filter(slug="night-market").exists()


def test_the_largest_budget_stored_is_imported(manager_client, world):
    page = upload(manager_client, "initiatives", INITIATIVE_FILE.format(planned="999999999999,99"), "sl")
    assert "Confirm the import" in page.content.decode()
    assert confirm(manager_client, "initiatives").status_code == 302
    line = FundingLine.objects.get(initiative__slug="night-market")
    assert line.planned == Decimal("999999999999.99")


def test_no_language_of_the_portal_reads_its_own_dates_day_first_with_slashes():
    """Why the import refuses slash dates: were there one, the language chosen on upload could say 12/6
    is 12 June; there is none (en and fa read slash dates month first)."""
    for language, _name in settings.LANGUAGES:
        assert not [form for form in get_format("DATE_INPUT_FORMATS", language) if form.startswith("%d/")], language


@pytest.mark.parametrize("language", ["en", "sl"])
def test_a_date_with_slashes_is_refused_with_the_forms_that_are_read(manager_client, world, language):
    text = "initiative,title,due_on,done_on\nhomes-above-shops,Permit,12/6/2026,\n"
    page = upload(manager_client, "milestones", text, language).content.decode()
    assert ("Row 2: column due_on, “12/6/2026”: A date with slashes is not read, as spreadsheets write the day first "
            "in some countries and the month first in others: write it as 2026-12-06, 6. 12. 2026 or 06.12.2026.") in page
    assert not Milestone.objects.filter(title="Permit").exists()


def test_a_measurement_dated_with_slashes_is_refused(manager_client, world):
    page = import_measurements(manager_client, world.indicator, "date,value\n12/6/2026,5\n", "en").content.decode()
    assert "row 2, column date, “12/6/2026”: A date with slashes is not read" in page
    assert not Measurement.objects.exists()


def test_the_dates_a_spreadsheet_writes_in_each_language_are_read(manager_client, world):
    text = "date;value\r\n2026-12-06;1\r\n7. 12. 2026;2\r\n08.12.2026;3\r\n"
    assert import_measurements(manager_client, world.indicator, text).status_code == 302
    assert set(Measurement.objects.values_list("measured_on", flat=True)) == {
        datetime.date(2026, 12, day) for day in (6, 7, 8)}



def test_row_numbers_of_import_errors_are_in_persian_digits_on_persian_pages(manager_client, world):
    text = "initiative,title,due_on,done_on\nhomes-above-shops,Permit,2026-12-06,\nhomes-above-shops,Works,soon,\n"
    page = upload(manager_client, "milestones", text, "fa", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "ردیف ۳:" in page and "ردیف 3" not in page
    page = import_measurements(manager_client, world.indicator, "2026-12-06,5\nsoon,6\n7,8,9\n", "fa",
                               HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "۲" in page and "۳" in page
    assert "row 2" not in page and "ردیف 2" not in page and "ردیف 3" not in page


def test_the_preview_numbers_its_rows_in_persian_digits_on_persian_pages(manager_client, world):
    text = "initiative,title,due_on,done_on\nhomes-above-shops,Permit,2026-12-06,\n"
    page = upload(manager_client, "milestones", text, "fa", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert "<td>۲</td>" in page and "<td>2</td>" not in page


def test_the_imported_counts_are_in_persian_digits_on_persian_pages(manager_client, world):
    text = "initiative,title,due_on,done_on\nhomes-above-shops,A,2026-03-01,\nhomes-above-shops,B,2026-03-02,\n"
    upload(manager_client, "milestones", text, "fa", HTTP_ACCEPT_LANGUAGE="fa")
    response = manager_client.post(reverse("initiatives:import", args=["milestones"]), {"confirm": "1"},
                                   HTTP_ACCEPT_LANGUAGE="fa", follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert any("۲" in message and "2" not in message for message in shown), shown
    response = import_measurements(manager_client, world.indicator, "2026-12-06,5\n2026-12-07,6\n2026-12-08,7\n", "fa",
                                   HTTP_ACCEPT_LANGUAGE="fa", follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert any("۳" in message and "3" not in message for message in shown), shown
