"""Headers every response gets besides those of Django's SecurityMiddleware and the CSP.

- `Permissions-Policy`: every browser feature the portal does not use is switched off for it and
  for anything framed in it, so an injected script could not reach a camera, a microphone, the
  visitor's location or a payment sheet either.
- `Cache-Control: no-store` (Django's `add_never_cache_headers`) on everything a signed-in user
  gets — every staff page and the Django admin — and on every download (CSV exports and
  documents, public ones included): no browser or proxy keeps a copy on disk.
"""
from django.utils.cache import add_never_cache_headers

DENIED_FEATURES = [
    "accelerometer", "ambient-light-sensor", "autoplay", "battery", "bluetooth", "browsing-topics", "camera",
    "display-capture", "document-domain", "encrypted-media", "fullscreen", "gamepad", "geolocation", "gyroscope",
    "hid", "identity-credentials-get", "idle-detection", "interest-cohort", "local-fonts", "magnetometer",
    "microphone", "midi", "otp-credentials", "payment", "picture-in-picture", "publickey-credentials-create",
    "publickey-credentials-get", "screen-wake-lock", "serial", "storage-access", "usb", "web-share",
    "window-management", "xr-spatial-tracking",
]
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)


def is_download(response):
    return response.get("Content-Disposition", "").startswith("attachment")


def is_signed_in(request):
    user = getattr(request, "user", None)  # absent on what WhiteNoise serves before authentication
    return user is not None and user.is_authenticated


class PortalHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Permissions-Policy"] = PERMISSIONS_POLICY
        if is_download(response) or is_signed_in(request):
            add_never_cache_headers(response)
        return response
