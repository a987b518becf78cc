"""Uploaded files are kept where no web server serves them (PRIVATE_MEDIA_ROOT, not MEDIA_ROOT) and
are sent only after the same check as the page that shows them; public ones with caching headers.
The role × URL matrix for the file addresses is in pages.py."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core import checks
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.urls import reverse

from committees.models import Document
from committees.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def download(document):
    return reverse("committees:document-download", kwargs={"slug": document.committee.slug, "pk": document.pk})


def photo_of(initiative):
    return initiative.updates.exclude(photo="").get()


def content(response):
    return b"".join(response.streaming_content)


def test_no_uploaded_file_is_kept_under_media_root(world):
    internal = world.a.internal_document.file.name
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / internal).read_bytes().startswith(b"%PDF")
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / photo_of(world.private).photo.name).is_file()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [path for path in media.rglob("*") if path.is_file()]


def test_an_internal_document_goes_only_to_staff_who_may_see_it(clients, world):
    document = world.a.internal_document
    assert clients["anonymous"].get(download(document)).status_code == 404
    response = clients["secretary_a"].get(download(document))
    assert response.status_code == 200
    assert content(response) == (Path(settings.PRIVATE_MEDIA_ROOT) / document.file.name).read_bytes()
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def test_a_photo_of_a_non_public_initiative_goes_only_to_those_who_may_see_the_initiative(clients, world):
    update = photo_of(world.private)
    assert clients["anonymous"].get(update.photo_url).status_code == 404
    assert clients["plain"].get(update.photo_url).status_code == 404
    response = clients["manager_a"].get(update.photo_url)
    assert response.status_code == 200
    assert content(response) == (Path(settings.PRIVATE_MEDIA_ROOT) / update.photo.name).read_bytes()
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def test_a_public_photo_is_shown_inline_and_may_be_cached(clients, world):
    update = photo_of(world.public)
    response = clients["anonymous"].get(update.photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=300"
    assert content(response).startswith(b"\xff\xd8\xff")


def test_a_public_document_is_still_downloaded_by_anyone(clients, world):
    response = clients["anonymous"].get(download(world.a.document))
    assert response.status_code == 200 and content(response).startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]  # a download, kept by no browser or proxy, as every export


def test_a_document_made_internal_is_no_longer_sent_to_the_public(clients, world):
    document = world.a.document
    assert clients["anonymous"].get(download(document)).status_code == 200
    Document.objects.filter(pk=document.pk).update(is_public=False)
    assert clients["anonymous"].get(download(document)).status_code == 404
    assert clients["mayor"].get(download(document)).status_code == 200


def test_the_initiative_page_shows_the_photo_from_its_checked_address(clients, world):
    update = photo_of(world.public)
    page = clients["anonymous"].get(world.public.get_absolute_url()).content.decode()
    assert f'src="{update.photo_url}"' in page
    assert "/media/" not in page


def test_behind_nginx_the_portal_checks_and_hands_the_sending_to_nginx(clients, world, settings):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/private-media/"
    document = world.a.internal_document
    refused = clients["anonymous"].get(download(document))
    assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
    response = clients["mayor"].get(download(document))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/private-media/{document.file.name}"
    assert response["Content-Disposition"] == 'attachment; filename="internal-register-a.pdf"'
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_private_store_inside_media_root_is_reported_by_a_system_check(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    errors = [message.id for message in checks.run_checks(tags=[checks.Tags.security])]
    assert "core.files.E001" in errors
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    assert "core.files.E001" not in [message.id for message in checks.run_checks(tags=[checks.Tags.security])]


def _moves_files_into_the_private_store(app_label):
    """The file-moving step of the app's migration to the private store, found by its name."""
    migrations = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    [migration] = [m for (app, name), m in migrations.items() if app == app_label and "i12_files_private" in name]
    [operation] = [op for op in migration.operations if isinstance(op, RunPython)]
    return operation


def test_the_migration_moves_files_uploaded_before_out_of_media_root(client, settings, tmp_path):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private-media"
    old = settings.MEDIA_ROOT / "documents/2025/05/21093000000000.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF-1.4 uploaded before")
    orphan = settings.MEDIA_ROOT / "documents/2024/01/01000000000000.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4 no row points here")
    document = DocumentFactory(file="documents/2025/05/21093000000000.pdf", is_public=True)

    operation = _moves_files_into_the_private_store("committees")
    operation.code(None, None)
    operation.code(None, None)  # an interrupted run can be repeated

    assert [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == []
    assert content(client.get(download(document))) == b"%PDF-1.4 uploaded before"
    operation.reverse_code(None, None)
    assert old.read_bytes() == b"%PDF-1.4 uploaded before" and orphan.is_file()
