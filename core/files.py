"""Uploaded files (committee documents, progress-update photos): kept in one private store that no
web server serves, and sent only by views that have first checked who may see them.

All uploads live there, public ones too, rather than in a public and a private folder: whether a
file is public follows from its document's flag, its committee's and its initiative's, which change
by several paths. Checked on every request, a change shows at once and no file ever has to move
(a move can fail half-way, or race the change it follows). A public photo, shown in a page, may be
kept by caches for a few minutes; documents are downloads, which no browser or proxy keeps
(core.headers, as every export). Behind nginx the app may hand the sending back to it (PRIVATE_MEDIA_ACCEL_REDIRECT).
"""
import mimetypes
import os
import shutil
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from core.number_input import format_number

# What a browser may do with a file we send: nothing but show it (no script, no form, no frame).
FILE_POLICY = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; sandbox"
# Public files may be kept by browsers and shared caches this long; a file made non-public may still
# be served from such a cache for at most this long.
PUBLIC_FILE_SECONDS = 300
# Pillow's format name → the extension the re-encoded photo is stored under.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def validate_upload_size(upload):
    """An upload is at most PORTAL_MAX_UPLOAD_MB (MAX_UPLOAD_MB in settings)."""
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (at most %(limit)s MB)."), params={"limit": format_number(settings.MAX_UPLOAD_MB, grouping=True)}
        )


class PrivateStorage(FileSystemStorage):
    """PRIVATE_MEDIA_ROOT, read at each use. Its files have no public address: `url()` is None, and
    the pages link to the views that send them."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        return None


private_storage = PrivateStorage()


@checks.register(checks.Tags.security)
def check_private_store_is_not_served(app_configs, **kwargs):
    """A private store inside a folder that web servers are told to serve would not be private."""
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    served = {"MEDIA_ROOT": settings.MEDIA_ROOT, "STATIC_ROOT": settings.STATIC_ROOT}
    return [
        checks.Error(
            f"PRIVATE_MEDIA_ROOT ({private}) is inside {name}, which a web server may serve.",
            hint="Set PORTAL_PRIVATE_MEDIA_ROOT to a folder of its own.",
            id="core.files.E001",
        )
        for name, folder in served.items()
        if folder and private.is_relative_to(Path(folder).resolve())
    ]


def file_response(field_file, *, public, download_name=None):
    """The stored file, for a view that has checked the reader may see it. With `download_name` it is
    an attachment (documents: never shown in the browser, whatever the bytes say); without, it is shown
    inline, for photos, whose bytes we re-encoded ourselves."""
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    if settings.PRIVATE_MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_REDIRECT + quote(field_file.name)
        if download_name:
            response["Content-Disposition"] = content_disposition_header(True, download_name)
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=bool(download_name), filename=download_name or "",
                                content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cache-Control"] = f"public, max-age={PUBLIC_FILE_SECONDS}" if public else "private, no-store"
    return response


def decoded_photo(upload):
    """The upload decoded as a JPEG, PNG or WebP image, within MAX_IMAGE_PIXELS; otherwise a
    ValidationError that says which. The whole image is decoded: a valid header is not enough."""
    upload.seek(0)
    try:
        image = Image.open(upload, formats=list(PHOTO_FORMATS))  # reads the header only
        if image.width * image.height > settings.MAX_IMAGE_PIXELS:
            raise Image.DecompressionBombError
        image.load()
    except Image.DecompressionBombError:  # ours, or Pillow's own at twice its Image.MAX_IMAGE_PIXELS
        raise ValidationError(
            _("The image is too large: at most %(limit)s million pixels (width × height)."),
            params={"limit": format_number(Decimal(settings.MAX_IMAGE_PIXELS) / 1_000_000, grouping=True)},
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(_("The file is not a JPEG, PNG or WebP image.")) from None
    finally:
        upload.seek(0)
    return image


def reencoded_photo(upload):
    """A fresh copy of the photo, drawn from its pixels and colour profile: nothing else of the upload
    is kept (no EXIF GPS position or camera serial, no comment, no bytes hidden after the image). The
    EXIF orientation is applied first, so the photo stands as it did."""
    image = decoded_photo(upload)
    image_format, icc_profile = image.format, image.info.get("icc_profile")
    ImageOps.exif_transpose(image, in_place=True)
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    options = {"quality": 85} if image_format in ("JPEG", "WEBP") else {"optimize": True}
    if icc_profile:
        options["icc_profile"] = icc_profile
    output = BytesIO()
    image.save(output, format=image_format, **options)
    return ContentFile(output.getvalue(), name=f"photo.{PHOTO_FORMATS[image_format]}")


def move_into_private_store(folder, *, reverse=False):
    """Moves MEDIA_ROOT/<folder> (where uploads were kept before) into PRIVATE_MEDIA_ROOT/<folder>,
    keeping each file's relative name, so the names stored in the database stay valid. A file already
    moved is skipped, so an interrupted migration can run again."""
    source, target = Path(settings.MEDIA_ROOT) / folder, Path(settings.PRIVATE_MEDIA_ROOT) / folder
    if reverse:
        source, target = target, source
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_file() and not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, destination)


def private_store_moves(folder):
    """The forward and backward steps of the migration that moves `folder` into the private store."""
    return (
        lambda apps, schema_editor: move_into_private_store(folder),
        lambda apps, schema_editor: move_into_private_store(folder, reverse=True),
    )
