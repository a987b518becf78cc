"""The register as a spreadsheet: export (CSV and .xlsx, the same columns), import with a preview and
a confirmation, and a round trip that changes nothing."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from premises import demo, services
from premises.models import Floor, Status, Unit, UnitStatus, UseClass

pytestmark = pytest.mark.django_db
D = datetime.date
IMPORT = "premises:register-import"
HEADER = "committee,street,number,unit_name,floor,floor_area,use_class,asking_rent,longitude,latitude,publish_address,notes,status,status_since\n"


def _export(client, file_format="csv", **headers):
    response = client.get(reverse("premises:register-export", args=[file_format]), **headers)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _upload(client, data, name="register.csv", language="en", **headers):
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, data), "language": language}, **headers)


def _confirm(client, **headers):
    return client.post(reverse(IMPORT), {"confirm": "1"}, **headers)


def _snapshot():
    """Everything an import could write: every history row and every version."""
    return (Unit.history.count(), UnitStatus.history.count(),
            sorted(Unit.objects.values_list("pk", "version")), sorted(UnitStatus.objects.values_list("pk", "version")))


def _actions(response):
    return [(row.line, row.action) for row in response.context["plan"].rows]


@pytest.fixture
def demo_like(town):
    """Twenty-four units of the demo's plan (with their two years of history) in committee A's register, and
    some cells a spreadsheet could misread: a formula-like note, a note over two lines, a unit name,
    an asking rent, letters beyond ASCII."""
    by = town.users.superuser
    for planned in demo.plan(town.today)[:24]:
        statuses = list(planned.statuses)
        since, status = statuses.pop(0)
        unit = services.unit_create(
            by=by, committee=town.keeping, street=planned.street, number=planned.number, floor=planned.floor,
            use_class=planned.use_class, floor_area=planned.floor_area, longitude=planned.longitude,
            latitude=planned.latitude, publish_address=planned.publish_address, status=status, status_since=since)
        for since, status in statuses:
            services.status_record(unit=unit, status=status, since=since, by=by)
    services.unit_create(by=by, committee=town.keeping, street="Trg svobode", number="12a", unit_name="Lokal 2",
                         floor="upper", floor_area=Decimal("54.5"), use_class="offices", asking_rent=Decimal("1250.50"),
                         notes="=HYPERLINK(\"http://example.com\")", publish_address=False)
    services.unit_create(by=by, committee=town.keeping, street="Šolska ulica", number="3", floor="basement",
                         use_class="other", notes="Damp wall;\r\nowner says “fixed”, -20% rent", status="refurbishment",
                         status_since=town.today - datetime.timedelta(days=3))
    return town


def test_the_export_lists_every_unit_with_its_current_status_in_csv_and_xlsx_with_the_same_columns(
        client, demo_like, django_assert_max_num_queries):
    client.force_login(demo_like.users.mayor)
    with django_assert_max_num_queries(8):
        text = _export(client).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == ("kept by,street,number,unit,floor,floor area (m²),use class,asking rent per month,longitude,"
                        "latitude,publish the address,notes,status,status date")
    assert len([line for line in lines if line.startswith(("town-centre,", "riverside,"))]) == 1 + 26 + 1
    assert "town-centre,Main Street,4,,ground floor,85.0,food and drink,,,,yes,,vacant and marketed," in text
    assert "'=HYPERLINK" in text  # a formula is never written as one
    workbook = load_workbook(io.BytesIO(_export(client, "xlsx")), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == lines[0].split(",")
    assert len(rows) == 1 + 28
    offices = next(row for row in rows if row[1] == "Trg svobode")
    assert offices[3:8] == ("Lokal 2", "upper floor", 54.5, "offices", 1250.5)
    assert offices[11] == "=HYPERLINK(\"http://example.com\")"
    assert offices[10] == "no"


def test_the_export_is_written_in_the_readers_language(client, demo_like):
    client.force_login(demo_like.users.mayor)
    text = _export(client, HTTP_ACCEPT_LANGUAGE="sl").decode("utf-8-sig")
    header, *_rows = text.splitlines()
    with translation.override("sl"):
        assert header.split(",")[:3] == [str(Unit._meta.get_field(name).verbose_name) for name in ("committee", "street", "number")]
        assert f",{Floor.GROUND.label},85.0,{UseClass.FOOD_AND_DRINK.label}," in text
    assert header.startswith("vodi,ulica,")


@pytest.mark.parametrize("file_format, language", [("csv", "en"), ("xlsx", "sl"), ("csv", "pl"), ("xlsx", "fa"), ("csv", "fa")])
def test_a_register_exported_and_imported_unchanged_changes_nothing(client, demo_like, file_format, language,
                                                                    django_assert_max_num_queries):
    client.force_login(demo_like.users.manager)
    data = _export(client, file_format, HTTP_ACCEPT_LANGUAGE=language)
    before = _snapshot()
    with django_assert_max_num_queries(12):
        preview = _upload(client, data, f"register.{file_format}", HTTP_ACCEPT_LANGUAGE=language)
    plan = preview.context["plan"]
    assert [row.action for row in plan.rows] == ["unchanged"] * 28, [(r.line, r.messages, r.changes) for r in plan.rows if r.action != "unchanged"]
    confirmed = _confirm(client, HTTP_ACCEPT_LANGUAGE=language)
    assert confirmed.status_code == 302
    assert _snapshot() == before


# Excel's "CSV UTF-8" (with a byte-order mark) and its plain "CSV", which writes "?" for the "²" of m².
@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1250"])
def test_an_excel_saved_slovenian_csv_is_read_with_its_semicolons_decimal_commas_and_code_page(client, demo_like, encoding):
    client.force_login(demo_like.users.manager)
    with translation.override("sl"):
        food, services_, vacant, occupied, ground = (str(choice.label) for choice in (
            UseClass.FOOD_AND_DRINK, UseClass.SERVICES, Status.VACANT_MARKETED, Status.OCCUPIED, Floor.GROUND))
    header = _export(client, HTTP_ACCEPT_LANGUAGE="sl").decode("utf-8-sig").splitlines()[0]
    text = header.replace(",", ";") + "\r\n"
    text += f"town-centre;Main Street;4;;{ground};92,5;{food};1.200,50;15,1124;46,3592;da;;{vacant};" \
            f"{(demo_like.today - datetime.timedelta(days=30)):%d. %m. %Y}\r\n"
    text += f"town-centre;Cankarjeva;7;;{ground};40;{services_};;;;ne;Nov lokal;{occupied};1. 03. 2025\r\n"
    preview = _upload(client, text.encode(encoding, errors="replace"), language="sl", HTTP_ACCEPT_LANGUAGE="sl")
    rows = preview.context["plan"].rows
    assert [row.action for row in rows] == ["update", "create"], [row.messages for row in rows]
    assert rows[0].unit_changes == {"floor_area": Decimal("92.5"), "asking_rent": Decimal("1200.50"),
                                    "longitude": Decimal("15.1124"), "latitude": Decimal("46.3592")}
    page = preview.content.decode()
    assert "85,0 → 92,5" in page
    _confirm(client)
    created = Unit.objects.get(street="Cankarjeva")
    assert (created.use_class, created.publish_address, created.notes) == ("services", False, "Nov lokal")
    assert list(created.statuses.values_list("status", "since")) == [("occupied", D(2025, 3, 1))]
    assert Unit.objects.get(pk=demo_like.unit.pk).floor_area == Decimal("92.5")


def test_persian_digits_are_read_in_a_persian_session(client, demo_like):
    client.force_login(demo_like.users.manager)
    row = "town-centre,Main Street,۴,,ground,۹۰٫۵,food_and_drink,,,,yes,,occupied,۲۰۲۵-۰۱-۰۲\n"
    preview = _upload(client, (HEADER + row).encode(), language="fa", HTTP_ACCEPT_LANGUAGE="fa")
    [planned] = preview.context["plan"].rows
    assert planned.action == "update", planned.messages
    assert planned.unit_changes == {"floor_area": Decimal("90.5")}
    assert planned.new_status and planned.data["status_since"] == D(2025, 1, 2)
    assert "dir=\"rtl\"" in preview.content.decode()


def test_bad_rows_are_each_named_with_the_cell_as_typed_and_nothing_is_written(client, demo_like):
    client.force_login(demo_like.users.manager)
    tomorrow = (demo_like.today + datetime.timedelta(days=1)).isoformat()
    rows = (
        "town-centre,Mill Lane,1,,ground,50,bakery,,,,yes,,,\n"
        "town-centre,Mill Lane,2,,ground,-12,services,,,,yes,,,\n"
        f"town-centre,Mill Lane,3,,ground,40,services,,,,yes,,occupied,{tomorrow}\n"
        "town-centre,Mill Lane,4,,ground,40,services,,,,yes,,,\n"
        "town-centre,Mill Lane,4,,ground,41,services,,,,yes,,,\n"
        "town-centre,Mill Lane,5,,ground,40,services,,,,yes,,occupied,12/06/2025\n"
        "riverside,River Road,1,,ground,70,services,,,,yes,,,\n"
        "nowhere,Mill Lane,6,,ground,40,services,,,,yes,,,\n"
        "town-centre,Mill Lane,7,,ground,40,services,,,,yes,,,\n"
    )
    before = _snapshot()
    preview = _upload(client, (HEADER + rows).encode())
    plan = preview.context["plan"]
    assert _actions(preview) == [(2, "error"), (3, "error"), (4, "error"), (5, "create"), (6, "error"),
                                 (7, "error"), (8, "error"), (9, "error"), (10, "create")]
    messages = {row.line: " ".join(row.messages) for row in plan.rows}
    assert "column use_class, “bakery”: Unknown value" in messages[2]
    assert "column floor_area, “-12”: The floor area must be more than zero." in messages[3]
    assert f"“{tomorrow}”: A status is recorded as found: its date cannot be in the future." in messages[4]
    assert messages[6] == "repeats row 5."
    assert "A date with slashes is not read" in messages[7]
    assert messages[8] == "You do not keep the register of Riverside Committee."
    assert "column committee, “nowhere”" in messages[9]
    page = preview.content.decode()
    assert "Confirm the import" not in page and "Nothing was imported" in page
    assert _confirm(client).context["error"]  # no file waits: nothing to confirm
    assert _snapshot() == before


def test_a_new_status_date_records_history_and_the_same_status_and_date_changes_nothing(client, demo_like):
    client.force_login(demo_like.users.secretary)
    today = demo_like.today
    current = (today - datetime.timedelta(days=30)).isoformat()
    rows = (
        f"town-centre,Main Street,4,,ground,85,food_and_drink,,,,yes,,under_offer,{today.isoformat()}\n"
        f"town-centre,Šolska ulica,3,,basement,,other,,,,yes,\"Damp wall;\r\nowner says “fixed”, -20% rent\",occupied,"
        f"{(today - datetime.timedelta(days=3)).isoformat()}\n"
    )
    preview = _upload(client, (HEADER + rows).encode())
    assert _actions(preview) == [(2, "update"), (3, "error")]
    assert "already has the status “being refurbished”" in preview.context["plan"].rows[1].messages[0]
    preview = _upload(client, (HEADER + rows.splitlines(keepends=True)[0]).encode())
    [row] = preview.context["plan"].rows
    assert {change["field"] for change in row.changes} == {"status", "status_since"}
    statuses_before = UnitStatus.objects.count()
    version_before = Unit.objects.get(pk=demo_like.unit.pk).version
    _confirm(client)
    assert UnitStatus.objects.count() == statuses_before + 1
    assert Unit.objects.get(pk=demo_like.unit.pk).version == version_before  # only a status was added
    assert list(demo_like.unit.statuses.latest_first().values_list("status", flat=True)[:2]) == ["under_offer", "vacant_marketed"]
    again = _upload(client, (HEADER + f"town-centre,Main Street,4,,ground,85,food_and_drink,,,,yes,,vacant_marketed,{current}\n").encode())
    assert _actions(again) == [(2, "unchanged")]  # an earlier status restated: nothing new


def test_a_confirmation_after_the_register_changed_is_refused_and_the_file_checked_again(client, demo_like):
    client.force_login(demo_like.users.manager)
    _upload(client, (HEADER + "town-centre,Main Street,4,,ground,99,food_and_drink,,,,yes,,,\n").encode())
    unit = Unit.objects.get(pk=demo_like.unit.pk)
    services.unit_update(unit=unit, by=demo_like.users.secretary, expected_version=unit.version, notes="Seen today")
    before = _snapshot()
    assert client.get(reverse(IMPORT)).status_code == 200  # the page opened again: still checked against the old register
    refused = _confirm(client)
    assert refused.status_code == 200
    assert "The register changed after the file was checked" in refused.content.decode()
    assert _snapshot() == before
    assert _confirm(client).status_code == 302  # the new preview, confirmed
    unit.refresh_from_db()
    assert (unit.floor_area, unit.notes) == (Decimal("99"), "")


def test_the_import_is_for_keepers_and_the_export_for_staff_readers(client, demo_like):
    client.force_login(demo_like.users.mayor)
    assert client.get(reverse(IMPORT)).status_code == 403
    assert client.get(reverse("premises:register-export", args=["xlsx"])).status_code == 200
    client.force_login(demo_like.users.plain)
    assert client.get(reverse("premises:register-export", args=["csv"])).status_code == 403
    client.force_login(demo_like.users.manager)
    page = client.get(reverse("premises:register")).content.decode()
    assert reverse(IMPORT) in page and reverse("premises:register-export", args=["xlsx"]) in page


def test_a_file_larger_than_the_upload_limit_is_refused_and_the_form_says_so(client, town, settings):
    settings.MAX_UPLOAD_MB = 0
    client.force_login(town.users.manager)
    response = _upload(client, (HEADER + "town-centre,Mill Lane,1,,ground,50,services,,,,yes,,,\n").encode())
    assert "The file is too large" in response.content.decode()
    assert response.context["plan"] is None and not Unit.objects.filter(street="Mill Lane").exists()


def test_a_header_row_that_does_not_match_says_which_columns_are_missing_or_unknown(client, town):
    client.force_login(town.users.manager)
    response = _upload(client, b"committee,street,number,owner phone\ntown-centre,Mill Lane,1,+386 40 111 222\n")
    message = " ".join(response.context["error"].messages)
    assert "missing columns: floor, use class" in message and "unknown columns: owner phone" in message
    assert response.context["plan"] is None and not Unit.objects.filter(street="Mill Lane").exists()
