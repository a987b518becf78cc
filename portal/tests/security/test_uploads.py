"""Uploads: only the allowed types and sizes are kept, under names we make inside the private store
(never under MEDIA_ROOT), photos only as a copy re-encoded from their pixels, and documents go out as
attachments that a browser will neither sniff nor run."""
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from committees.models import Document
from initiatives.models import ProgressUpdate
from initiatives.tests.factories import image_bytes

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 minutes of the meeting"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


PNG = image_bytes()
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


def in_private_store(name):
    store = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    path = (store / name).resolve()
    return path.is_relative_to(store) and path.exists() and not (Path(settings.MEDIA_ROOT) / name).exists()


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_a_document_is_stored_under_our_own_name_in_the_private_store(role_clients, world, name):
    response = upload_document(role_clients["secretary_a"], world, name)
    assert response.status_code in (200, 302)
    document = Document.objects.filter(title="Minutes of May").first()
    if response.status_code == 200:  # refused with a message next to the field, nothing kept
        assert document is None and "file" in response.context["form"].errors
        return
    stored = document.file.name
    assert stored.startswith("documents/") and ".." not in stored and "\x00" not in stored
    assert Path(stored).name[:-4].isdigit() and stored.endswith(".pdf")
    assert in_private_store(stored)


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
def test_a_photo_is_stored_under_our_own_name_in_the_private_store(role_clients, world, name):
    response = post_photo(role_clients["manager_a"], world, name.replace(".pdf", ".png"))
    if response.status_code == 200:
        assert "photo" in response.context["form"].errors
        assert not ProgressUpdate.objects.filter(text="Opened.").exists()
        return
    stored = ProgressUpdate.objects.get(text="Opened.").photo.name
    assert stored.startswith("initiatives/") and ".." not in stored and stored.endswith(".png")
    assert in_private_store(stored)


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


@pytest.mark.parametrize("name, content", [
    ("photo.png", PNG_SIGNATURE + b"<html><script>alert(1)</script></html>"),  # a PNG's first bytes, then a page
    ("photo.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64),  # a RIFF file, but a sound
    ("photo.jpg", image_bytes("JPEG")[:200]),  # a JPEG cut short
    ("photo.png", image_bytes("GIF")),  # an image, of a type we do not take
])
def test_a_photo_is_refused_unless_it_decodes_as_a_whole_image(role_clients, world, name, content):
    response = post_photo(role_clients["manager_a"], world, name, content)
    assert response.status_code == 200
    assert "The file is not a JPEG, PNG or WebP image." in response.context["form"].errors["photo"]
    assert not ProgressUpdate.objects.filter(text="Opened.").exists()


def test_a_photo_with_more_pixels_than_allowed_is_refused_with_a_clear_message(role_clients, world, settings):
    settings.MAX_IMAGE_PIXELS = 1_000_000
    response = post_photo(role_clients["manager_a"], world, "huge.png", image_bytes(size=(1001, 1000)))
    assert response.context["form"].errors["photo"] == [
        "The image is too large: at most 1 million pixels (width × height)."
    ]
    assert not ProgressUpdate.objects.filter(text="Opened.").exists()


def test_a_jpeg_is_stored_as_a_copy_of_its_pixels_without_its_exif_position(role_clients, world):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(0x8825).update({1: "N", 2: (46.0, 3.0, 1.5), 3: "E", 4: (14.0, 30.0, 2.25)})  # GPS position
    original = image_bytes("JPEG", size=(64, 48), exif=exif) + b"<script>alert(1)</script>"
    assert Image.open(BytesIO(original)).getexif().get_ifd(0x8825)

    response = post_photo(role_clients["manager_a"], world, "holiday.jpg", original)
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(text="Opened.")
    stored = Path(settings.PRIVATE_MEDIA_ROOT, update.photo.name).read_bytes()
    kept = Image.open(BytesIO(stored))
    assert kept.format == "JPEG" and kept.size == (64, 48)
    assert not kept.getexif() and "exif" not in kept.info
    assert b"PhoneMaker" not in stored and b"<script>" not in stored


def test_a_photo_is_stored_under_the_extension_of_what_it_really_is(role_clients, world):
    response = post_photo(role_clients["manager_a"], world, "photo.png", image_bytes("WEBP"))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(text="Opened.").photo.name.endswith(".webp")


def test_a_document_of_html_named_like_a_pdf_is_only_ever_downloaded(role_clients, world):
    html = b"<!doctype html><script>alert(document.cookie)</script>"
    upload_document(role_clients["secretary_a"], world, "minutes.pdf", html)
    document = Document.objects.get(title="Minutes of May")
    response = role_clients["anonymous"].get(document.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_photo_replaced_in_the_admin_is_stored_re_encoded_too(admin_client, world):
    update = world.public.updates.exclude(photo="").get()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    photo = SimpleUploadedFile("new.jpg", image_bytes("JPEG", exif=exif), content_type="image/jpeg")
    url = reverse("admin:initiatives_progressupdate_change", args=[update.pk])
    response = admin_client.post(url, {"initiative": update.initiative_id, "original_language": "en", "date": "2025-04-02", "text": "Opened.",
                                       "photo": photo, "photo_description": "A shop", "author": ""})
    assert response.status_code == 302
    update.refresh_from_db()
    stored = Path(settings.PRIVATE_MEDIA_ROOT, update.photo.name).read_bytes()
    assert b"PhoneMaker" not in stored and not Image.open(BytesIO(stored)).getexif()


def test_a_photo_taken_sideways_is_stored_standing_as_its_camera_said(role_clients, world):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to view
    response = post_photo(role_clients["manager_a"], world, "portrait.jpg", image_bytes("JPEG", size=(64, 48), exif=exif))
    assert response.status_code == 302
    stored = Path(settings.PRIVATE_MEDIA_ROOT, ProgressUpdate.objects.get(text="Opened.").photo.name)
    assert Image.open(stored).size == (48, 64)
