"""CSV import and export: preview before anything is written, row errors by line, round trips."""
import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.tests.factories import OrganisationFactory
from initiatives.csv_io import KINDS
from initiatives.models import FundingLine, Initiative, Measurement, Milestone, ProgressUpdate, StatusChange
from initiatives.tests.factories import (
    FundingLineFactory,
    InitiativeFactory,
    MeasurementFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "slug,title,summary,theme,status,lead_committee,partners,start_on,end_on,is_public,planned_eu,spent_eu\n"


def upload(client, kind, text):
    url = reverse("initiatives:import", args=[kind])
    return client.post(url, {"file": SimpleUploadedFile(f"{kind}.csv", text.encode(), "text/csv")})


def confirm(client, kind):
    return client.post(reverse("initiatives:import", args=[kind]), {"confirm": "1"})


def test_a_good_file_is_previewed_then_imported_on_confirm(manager_client, world):
    OrganisationFactory(name="Old Town Traders")
    text = HEADER + (
        "night-market,Night market,Stalls on Fridays,vacant-premises,planned,city-marketing,Old Town Traders,"
        "2025-05-01,2025-09-30,yes,12000.50,100\n"
        "pop-up-shops,Pop-up shops (renamed),Empty shops lent to makers,vacant-premises,completed,city-marketing,,,,yes,,\n"
    )
    preview = upload(manager_client, "initiatives", text).content.decode()
    assert "2 rows will be imported." in preview and "Night market" in preview
    assert not Initiative.objects.filter(slug="night-market").exists()  # nothing before confirm
    response = confirm(manager_client, "initiatives")
    assert response.status_code == 302
    market = Initiative.objects.for_detail().get(slug="night-market")
    assert market.planned_total == Decimal("12000.50") and market.is_public
    assert list(market.partners.values_list("name", flat=True)) == ["Old Town Traders"]
    renamed = Initiative.objects.get(slug="pop-up-shops")
    assert renamed.title == "Pop-up shops (renamed)" and renamed.status == "completed"
    assert renamed.status_changes.filter(from_status="in_progress", to_status="completed").exists()


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(manager_client, world):
    text = HEADER + (
        "night-market,Night market,Stalls,vacant-premises,planned,city-marketing,,,,yes,,\n"
        "bad-dates,Bad dates,Stalls,vacant-premises,planned,city-marketing,,2025-13-45,,yes,,\n"
        "no-theme,No theme,Stalls,no-such-theme,planned,city-marketing,,,,yes,,\n"
    )
    page = upload(manager_client, "initiatives", text).content.decode()
    assert "Nothing was imported" in page
    assert "Row 3: column start_on, “2025-13-45”: Not a date: write it as 2026-12-06, 6. 12. 2026 or 06.12.2026." in page
    assert "Row 4: column theme, “no-such-theme”: " in page
    assert "Confirm the import" not in page
    assert confirm(manager_client, "initiatives").status_code == 200  # nothing stashed to confirm
    assert not Initiative.objects.filter(slug__in=["night-market", "bad-dates", "no-theme"]).exists()


def test_a_row_for_a_committee_the_manager_is_not_on_is_an_error(manager_client, world):
    text = HEADER + "lake-walk,Lake walk,Paths,vacant-premises,idea,lakeside,,,,no,,\n"
    page = upload(manager_client, "initiatives", text).content.decode()
    assert "Row 2: You are not a member of the committee “lakeside”." in page
    assert not Initiative.objects.filter(slug="lake-walk").exists()


def test_a_wrong_header_is_reported_before_any_row(manager_client, world):
    page = upload(manager_client, "initiatives", "name,colour\nx,y\n").content.decode()
    assert "missing columns:" in page and "unknown columns: colour, name" in page


def test_a_repeated_row_is_reported(manager_client, world):
    text = HEADER + "a-b,A,S,vacant-premises,idea,city-marketing,,,,no,,\n" * 2
    assert "Row 3: repeats row 2." in upload(manager_client, "initiatives", text).content.decode()


def test_the_export_of_an_imported_file_round_trips(manager_client, world):
    OrganisationFactory(name="Chamber of Crafts")
    source = InitiativeFactory(slug="square", title="Square, renovated", description='Line one\nwith "quotes"',
                               lead_committee=world.committee, progress_override=40)
    source.partners.add(OrganisationFactory(name="Chamber of Crafts"))
    FundingLineFactory(initiative=source, source=FundingLine.Source.EU, planned=Decimal("850000.00"), spent=Decimal("1.05"))
    MilestoneFactory(initiative=source, title="Permit", done_on=source.start_on)
    ProgressUpdateFactory(initiative=source, text="Works started.", author=world.users["lead_manager"])
    exports = {kind: manager_client.get(reverse("initiatives:export", args=[kind])).content.decode() for kind in KINDS}
    Initiative.objects.all().delete()

    for kind in ("initiatives", "milestones", "updates"):
        upload(manager_client, kind, exports[kind])
        assert confirm(manager_client, kind).status_code == 302

    again = {kind: manager_client.get(reverse("initiatives:export", args=[kind])).content.decode() for kind in KINDS}
    assert again == exports
    assert Milestone.objects.get(initiative__slug="square").title == "Permit"
    assert ProgressUpdate.objects.get(initiative__slug="square").text == "Works started."


def test_the_export_holds_what_the_filters_show(client, world):
    InitiativeFactory(slug="festival", status="planned")
    rows = client.get(reverse("initiatives:export", args=["initiatives"]), {"status": "planned"}).content.decode()
    assert "festival" in rows and "pop-up-shops" not in rows


def test_milestones_import_updates_by_title_and_refuses_other_committees(manager_client, world):
    foreign = InitiativeFactory(slug="foreign", lead_committee=world.other_committee)
    text = (
        "initiative,title,due_on,done_on\n"
        "homes-above-shops,Talk to owners,2025-03-01,2025-03-05\n"
        "foreign,Something,2025-03-01,\n"
    )
    page = upload(manager_client, "milestones", text).content.decode()
    assert "Row 3: You may not edit “foreign”." in page
    assert not foreign.milestones.exists()
    upload(manager_client, "milestones", text.rsplit("foreign", 1)[0])
    confirm(manager_client, "milestones")
    assert str(Milestone.objects.get(title="Talk to owners").done_on) == "2025-03-05"


def test_a_footfall_counter_export_imports_all_rows(manager_client, world):
    url = reverse("initiatives:measurement-import", args=[world.indicator.slug])
    text = "date,value\n2025-03-01,3120\n2025-03-02,2987\n2025-03-03,3301.5\n"
    preview = manager_client.post(url, {"file": SimpleUploadedFile("f.csv", text.encode()), "period": "day",
                                        "source": "Counter on Main Street"})
    assert [change.action for change in preview.context["changes"]] == ["create"] * 3
    assert not Measurement.objects.exists()  # the preview stores nothing
    response = manager_client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    values = list(Measurement.objects.filter(indicator=world.indicator).order_by("measured_on").values_list("value", flat=True))
    assert values == [Decimal(3120), Decimal(2987), Decimal("3301.5")]


def test_a_measurement_file_with_a_bad_row_imports_nothing_and_names_the_line(manager_client, world):
    MeasurementFactory(indicator=world.indicator, measured_on="2025-03-01", value=Decimal(1))
    url = reverse("initiatives:measurement-import", args=[world.indicator.slug])
    text = "2025-03-01,3120\n2025-03-02,lots\n2025-03-03,3301\n"
    page = manager_client.post(url, {"file": SimpleUploadedFile("f.csv", text.encode()), "period": "day"}).content.decode()
    assert "row 2, column value, “lots”: not a number." in page
    assert list(Measurement.objects.values_list("value", flat=True)) == [Decimal(1)]  # not even the good rows


def test_a_file_neither_utf8_nor_in_the_languages_code_page_is_refused_with_advice(manager_client, world):
    url = reverse("initiatives:measurement-import", args=[world.indicator.slug])
    data = "2025-03-01,5 č".encode("cp1250") + b"\x81"  # 0x81 is no character in Windows-1250
    response = manager_client.post(url, {"file": SimpleUploadedFile("f.csv", data), "period": "day", "language": "sl"})
    assert "save the file as “CSV UTF-8”" in str(response.context["form"].errors["file"])
    assert not Measurement.objects.exists()


def _demo_manager_client(client):
    from committees import demo as committees_demo
    from initiatives import demo
    from core import demo as core_demo

    users = core_demo.load_users()
    committees_demo.load(users)
    demo.load(users)
    client.force_login(users["manager"])
    return client


def test_the_demo_managers_unfiltered_export_reimports_with_no_change(client, role_groups):
    manager = _demo_manager_client(client)
    versions = dict(Initiative.objects.values_list("slug", "version"))
    history = Initiative.history.count()
    for kind in ("initiatives", "milestones", "updates"):
        text = manager.get(reverse("initiatives:export", args=[kind])).content.decode()
        preview = upload(manager, kind, text).content.decode()
        assert "Nothing was imported" not in preview and "0 rows will be imported." in preview
        assert "unchanged" in preview
        if kind == "initiatives":  # another committee's initiative the manager sees but may not edit
            foreign = Initiative.objects.get(slug="town-centre-managers-training")
            assert foreign.slug in text and foreign.title in preview
        response = confirm(manager, kind)
        assert response.status_code == 302
        assert "0 rows imported." in [str(m) for m in manager.get(response.url).context["messages"]]
    assert dict(Initiative.objects.values_list("slug", "version")) == versions
    assert Initiative.history.count() == history


def test_a_changed_row_of_a_foreign_initiative_is_still_refused_by_line(client, role_groups):
    manager = _demo_manager_client(client)
    text = manager.get(reverse("initiatives:export", args=["initiatives"])).content.decode()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    rows, line = [], None
    for number, row in enumerate(reader, start=2):  # the spreadsheet's row numbers, after the header
        if row["slug"] == "town-centre-managers-training":
            row["title"], line = "Renamed training", number
        rows.append(row)
    changed = io.StringIO()
    writer = csv.DictWriter(changed, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    page = upload(manager, "initiatives", changed.getvalue()).content.decode()
    assert f"Row {line}: You may not edit the existing initiative “town-centre-managers-training”." in page
    assert page.count("Row ") == 1  # the manager's own unchanged rows are no error
    assert not Initiative.objects.filter(title="Renamed training").exists()


def test_an_unchanged_milestone_of_another_committee_is_skipped_but_a_changed_one_refused(client, world):
    client.force_login(world.users["other_manager"])
    unchanged = f"initiative,title,due_on,done_on\nhomes-above-shops,Talk to owners,{world.milestone.due_on.isoformat()},\n"
    preview = upload(client, "milestones", unchanged).content.decode()
    assert "0 rows will be imported." in preview and "unchanged" in preview
    changed = unchanged.replace(",\n", ",2025-01-01\n")
    assert "Row 2: You may not edit “homes-above-shops”." in upload(client, "milestones", changed).content.decode()
    assert Milestone.objects.get(pk=world.milestone.pk).done_on is None


def test_an_imported_initiative_names_the_importer_and_records_its_first_status_once(manager_client, world):
    manager = world.users["lead_manager"]
    text = HEADER + "night-market,Night market,Stalls on Fridays,vacant-premises,planned,city-marketing,,,,yes,900,0\n"
    upload(manager_client, "initiatives", text)
    assert confirm(manager_client, "initiatives").status_code == 302
    market = Initiative.objects.get(slug="night-market")
    change = market.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("", "planned", manager)
    assert {record.history_user for record in market.history.all()} == {manager}
    assert FundingLine.history.get(initiative_id=market.pk).history_user == manager
    preview = upload(manager_client, "initiatives", text).content.decode()
    assert "0 rows will be imported." in preview  # the same file again: nothing to write


def test_a_status_changed_by_import_is_recorded_once_with_the_importer(manager_client, world):
    text = HEADER + "pop-up-shops,Pop-up shops,Empty shops lent to makers,vacant-premises,on_hold,city-marketing,,,,yes,,\n"
    upload(manager_client, "initiatives", text)
    assert confirm(manager_client, "initiatives").status_code == 302
    change = StatusChange.objects.get(initiative=world.public)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "in_progress", "on_hold", world.users["lead_manager"],
    )


def test_the_preview_shows_what_changes_in_each_row_to_update_old_to_new(manager_client, world):
    import datetime

    shops = world.public
    Initiative.objects.filter(pk=shops.pk).update(start_on=datetime.date(2025, 3, 1), summary="Empty shops lent to makers")
    FundingLineFactory(initiative=shops, source=FundingLine.Source.EU, planned=Decimal("1000"), spent=Decimal("200"))
    shops.refresh_from_db()
    columns = "slug,title,summary,description,theme,status,lead_committee,area,start_on,end_on,is_public,planned_eu,spent_eu\n"
    row = (f"pop-up-shops,Pop-up shops,Empty shops lent to makers,{shops.description},{shops.theme.slug},completed,"
           f"city-marketing,{shops.area},1. 04. 2025,{shops.end_on or ''},{'yes' if shops.is_public else 'no'},1000,1250.5\n")
    new_row = "night-market,Night market,Stalls,,vacant-premises,planned,city-marketing,,,,yes,,\n"
    preview = upload(manager_client, "initiatives", columns + row + new_row)
    page = preview.content.decode()
    assert "Nothing was imported" not in page
    changes = {change["field"]: (change["old"], change["new"]) for change in preview.context["plan"].rows[0].changes}
    assert changes == {
        "status": ("in progress", "completed"),
        "start_on": ("1 Mar 2025", "1 Apr 2025"),
        "spent_eu": ("200.00", "1,250.50"),
    }
    assert "<code>spent_eu</code>: 200.00 → 1,250.50" in page
    assert preview.context["plan"].rows[1].changes == []  # a new row: nothing to compare
    # Read in the reader's language: a Slovenian manager sees her numbers and dates.
    sl = manager_client.post(reverse("initiatives:import", args=["initiatives"]),
                             {"file": SimpleUploadedFile("i.csv", (columns + row).encode(), "text/csv"), "language": "en"},
                             HTTP_ACCEPT_LANGUAGE="sl")  # a file saved by an English spreadsheet, read by a Slovenian
    sl_page = sl.content.decode()
    assert "<code>start_on</code>: 1. marca 2025 → 1. aprila 2025" in sl_page
    assert "<code>spent_eu</code>: 200,00 → 1.250,50" in sl_page


def test_the_milestone_preview_shows_a_changed_due_date(manager_client, world):
    import datetime

    MilestoneFactory(initiative=world.public, title="Shops chosen", due_on=datetime.date(2025, 4, 1))
    text = "initiative,title,due_on,done_on\npop-up-shops,Shops chosen,2025-05-15,\n"
    preview = upload(manager_client, "milestones", text)
    assert preview.context["plan"].rows[0].changes == [{"field": "due_on", "old": "1 Apr 2025", "new": "15 May 2025"}]
