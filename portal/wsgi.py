"""WSGI entry point, served by gunicorn in production (and by runserver in development)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
from core.request_limits import bounded_body  # noqa: E402  (after the settings module is named)

# Every request body is read through the portal's own bound (core/request_limits.py).
application = bounded_body(get_wsgi_application())
