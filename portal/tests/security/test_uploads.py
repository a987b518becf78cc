"""Uploads: only the allowed types and sizes are kept, under names we make inside MEDIA_ROOT,
and documents go out as attachments that a browser will neither sniff nor run."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import Document
from initiatives.models import ProgressUpdate

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 minutes of the meeting"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TRICKY_NAMES = ["../../etc/passwd.pdf", "..\\..\\windows\\system.ini.pdf", "/etc/cron.d/evil.pdf",
                "nul\x00byte.pdf", "x" * 400 + ".pdf", "résumé ✓.pdf", ".pdf"]


def upload_document(client, world, name, content=PDF, **extra):
    url = reverse("committees:document-create", kwargs={"slug": world.committee_a.slug})
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(url, {"title": "Minutes of May", "kind": "other", "file": file, "is_public": "on", **extra})


def post_photo(client, world, name, content=PNG):
    url = reverse("initiatives:update-create", kwargs={"slug": world.public.slug})
    photo = SimpleUploadedFile(name, content, content_type="image/png")
    return client.post(url, {"date": "2025-04-02", "text": "Opened.", "photo": photo, "photo_description": "A shop"})


def inside_media(name):
    media = Path(settings.MEDIA_ROOT).resolve()
    path = (media / name).resolve()
    return path.is_relative_to(media) and path.exists()


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_a_document_is_stored_under_our_own_name_inside_media_root(role_clients, world, name):
    response = upload_document(role_clients["secretary_a"], world, name)
    assert response.status_code in (200, 302)
    document = Document.objects.filter(title="Minutes of May").first()
    if response.status_code == 200:  # refused with a message next to the field, nothing kept
        assert document is None and "file" in response.context["form"].errors
        return
    stored = document.file.name
    assert stored.startswith("documents/") and ".." not in stored and "\x00" not in stored
    assert Path(stored).name[:-4].isdigit() and stored.endswith(".pdf")
    assert inside_media(stored)


@pytest.mark.parametrize("name, content", [
    ("page.html", b"<script>alert(1)</script>"), ("drawing.svg", b"<svg onload=alert(1)>"),
    ("tool.exe", b"MZ"), ("minutes.pdf.html", PDF), ("no-extension", PDF),
])
def test_a_document_of_a_type_we_do_not_take_is_refused(role_clients, world, name, content):
    response = upload_document(role_clients["secretary_a"], world, name, content)
    assert response.status_code == 200
    assert "File extension" in str(response.context["form"].errors["file"])
    assert not Document.objects.filter(title="Minutes of May").exists()


def test_a_document_over_the_size_limit_is_refused(role_clients, world, settings):
    settings.MAX_UPLOAD_MB = 1
    response = upload_document(role_clients["secretary_a"], world, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert "The file is too large (at most 1 MB)." in response.content.decode()
    assert not Document.objects.filter(title="Minutes of May").exists()


def test_a_document_is_downloaded_as_an_attachment_with_safe_headers(role_clients, world):
    upload_document(role_clients["secretary_a"], world, "../../<script>.pdf")
    document = Document.objects.get(title="Minutes of May")
    url = reverse("committees:document-download", kwargs={"slug": world.committee_a.slug, "pk": document.pk})
    response = role_clients["anonymous"].get(url)
    assert response["Content-Disposition"] == 'attachment; filename="minutes-of-may.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


def test_an_internal_document_is_not_kept_in_shared_caches(clients, world):
    url = reverse("committees:document-download", kwargs={"slug": world.committee_a.slug, "pk": world.a.internal_document.pk})
    response = clients["mayor"].get(url)
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.mark.parametrize("name", TRICKY_NAMES[:5])
def test_a_photo_is_stored_under_our_own_name_inside_media_root(role_clients, world, name):
    response = post_photo(role_clients["manager_a"], world, name.replace(".pdf", ".png"))
    if response.status_code == 200:
        assert "photo" in response.context["form"].errors
        assert not ProgressUpdate.objects.filter(text="Opened.").exists()
        return
    stored = ProgressUpdate.objects.get(text="Opened.").photo.name
    assert stored.startswith("initiatives/") and ".." not in stored and stored.endswith(".png")
    assert inside_media(stored)


@pytest.mark.parametrize("name, content", [
    ("photo.png", b"<html><script>alert(1)</script>"),  # the right name, the wrong content
    ("photo.svg", b"<svg onload=alert(1)>"),
    ("photo.html", PNG),
])
def test_a_photo_that_is_not_an_image_we_take_is_refused(role_clients, world, name, content):
    response = post_photo(role_clients["manager_a"], world, name, content)
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert not ProgressUpdate.objects.filter(text="Opened.").exists()


def test_a_photo_over_the_size_limit_is_refused(role_clients, world, settings):
    settings.MAX_UPLOAD_MB = 1
    response = post_photo(role_clients["manager_a"], world, "big.png", PNG + b"\x00" * (1024 * 1024))
    assert "The file is too large (at most 1 MB)." in response.content.decode()
    assert not ProgressUpdate.objects.filter(text="Opened.").exists()


def test_a_csv_import_over_the_size_limit_is_refused(role_clients, world, settings):
    settings.MAX_UPLOAD_MB = 1
    url = reverse("initiatives:measurement-import", kwargs={"slug": world.indicator.slug})
    big = SimpleUploadedFile("counts.csv", b"2025-01-01,5\n" * 90000, content_type="text/csv")
    response = role_clients["manager_a"].post(url, {"file": big, "period": "day"})
    assert "The file is too large (at most 1 MB)." in response.content.decode()
