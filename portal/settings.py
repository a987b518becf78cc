"""Settings of the Town Centre Portal, read from the environment (see .env.example)."""
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    # Variables already in the environment win over the file.
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

TOWN_NAME = env("PORTAL_TOWN_NAME", default="Riverbend")
CURRENCY = env("PORTAL_CURRENCY", default="EUR")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    # The ground the apps stand on (docs/architecture.md); it imports none of them.
    "core",
    "committees",
    "premises",
    "initiatives",
    "surveys",
    # Last: its post_migrate hook grants role permissions after every app's permissions exist.
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy on every response, static files included; no-store for signed-in users and downloads.
    "core.headers.PortalHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# PostgreSQL only (full-text search, row locks, snapshots and sequences are its features).
# Unset: the local server, as `make run` and `make test` set it up (bin/ensure-postgresql).
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/portal")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Process-local by default; CACHE_URL=redis://127.0.0.1:6379/1 shares rate limits
# and cached pages between app servers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}
# Rendered public pages (core.page_cache) in a store of their own: many addresses can push out
# pages, never the rate limits. With Redis, the same server under another key prefix.
CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
if CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
    CACHES["pages"].update(LOCATION="portal-pages", OPTIONS={"MAX_ENTRIES": 2000})
# Survey submission counters (surveys.ratelimit) in a store of their own, so that no flood of pages
# or figures can push them out: RATELIMIT_CACHE_URL, else the default cache's server under its own
# key prefix. A Redis holding them must not evict keys (maxmemory-policy noeviction).
if env("RATELIMIT_CACHE_URL", default=""):
    CACHES["ratelimit"] = env.cache("RATELIMIT_CACHE_URL")
else:
    CACHES["ratelimit"] = {**CACHES["default"], "KEY_PREFIX": "ratelimit"}
if CACHES["ratelimit"]["BACKEND"].endswith("LocMemCache"):
    CACHES["ratelimit"].update(LOCATION="portal-ratelimit", OPTIONS={"MAX_ENTRIES": 100_000})

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:my-work"
LOGOUT_REDIRECT_URL = "portal:home"

# E-mail: staff invitations and password resets (portal.accounts). EMAIL_URL as django-environ reads
# it (smtp+tls://user:password@mail.example.org:587); unset, mail is printed to the console in
# development and handed to a mail server on this machine in production.
vars().update({
    name: value
    for name, value in env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25").items()
    if value is not None
})
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How long the link of an invitation or a password reset can be used (once).
PASSWORD_RESET_TIMEOUT = env.int("PORTAL_ACCOUNT_LINK_HOURS", default=72) * 3600
# Password-reset requests one address may send per hour, and e-mails one account is sent per hour
# (more requests for it are answered as usual, without another e-mail).
PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = env.int("PORTAL_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", default=10)
PASSWORD_RESET_MAILS_PER_ACCOUNT_PER_HOUR = env.int("PORTAL_PASSWORD_RESET_MAILS_PER_ACCOUNT_PER_HOUR", default=3)

# Failed sign-ins lock the username from that address only.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "core.lockout.username_for_lockout"
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
# How many reverse proxies in front of the portal append to X-Forwarded-For (0: none, the
# address of the connection is the client's). Sign-in lockout and survey rate limits use it.
PORTAL_TRUSTED_PROXIES = env.int("PORTAL_TRUSTED_PROXIES", default=0)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("sl", _("Slovenian")),
    ("pl", _("Polish")),
    ("fa", _("Persian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Europe/Ljubljana")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]  # local additions to Django's locale formats (Persian grouping)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages installed from npm at set-up time, served by the app.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_URL = "media/"
# Where uploads were kept before they moved to PRIVATE_MEDIA_ROOT (a migration moves them out);
# nothing is written here any more.
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded documents and photos, public or not (core/files.py). No web server may serve this
# folder: the portal sends each file after checking who may see it.
PRIVATE_MEDIA_ROOT = env.path("PORTAL_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
# Behind nginx: the prefix of an `internal` location that aliases PRIVATE_MEDIA_ROOT, e.g.
# "/private-media/". The portal then checks and answers with X-Accel-Redirect, and nginx sends the
# bytes. Empty: the portal sends them itself.
PRIVATE_MEDIA_ACCEL_REDIRECT = env.str("PORTAL_PRIVATE_MEDIA_ACCEL_REDIRECT", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Public pages kept rendered for anonymous visitors (core.page_cache): at most this many seconds,
# for what depends on the clock; any edit shows at once. 0 turns the page cache off (the default
# in development, so that an edited template shows at once).
PAGE_CACHE_SECONDS = env.int("PORTAL_PAGE_CACHE_SECONDS", default=0 if DEBUG else 60)
PAGE_CACHE_HEADER = DEBUG  # X-Page-Cache: hit/miss on cached pages (development only)
# The release, in the page cache's keys (core/release.py): set by a deploy, or a digest of the code.
PORTAL_RELEASE = env("PORTAL_RELEASE", default="")
# Survey submissions one browser may make per minute, and all browsers behind one address (a
# household, a library kiosk, a school's Wi-Fi) together (counted in the cache, never stored).
SURVEY_SUBMISSIONS_PER_MINUTE = env.int("PORTAL_SUBMISSIONS_PER_MINUTE", default=10)
SURVEY_SUBMISSIONS_PER_ADDRESS_PER_MINUTE = env.int("PORTAL_SUBMISSIONS_PER_ADDRESS_PER_MINUTE", default=200)
# The public sees no survey figures of a group of fewer residents than this (the whole survey, a
# filter, those shown a follow-up question): only a sentence saying why. Staff see them, warned.
PORTAL_MIN_GROUP_SIZE = env.int("PORTAL_MIN_GROUP_SIZE", default=5)
# Where residents ask for their personal data to be erased (an e-mail or postal address), on /privacy/.
PORTAL_PRIVACY_CONTACT = env("PORTAL_PRIVACY_CONTACT", default="")
# Where people report an accessibility barrier (an e-mail or postal address), on /accessibility/.
# Unset: the page sends them to the town-centre manager at the municipality, as the privacy page does.
PORTAL_ACCESSIBILITY_CONTACT = env("PORTAL_ACCESSIBILITY_CONTACT", default="")
# Personal data with an end, deleted by `manage.py delete_expired_data` (run daily): invitation
# codes this many days after their survey closes (the responses stay), and the sign-in log's entries
# (user name, time, address, browser) after this many days.
PORTAL_INVITATION_RETENTION_DAYS = env.int("PORTAL_INVITATION_RETENTION_DAYS", default=30)
PORTAL_SIGN_IN_LOG_DAYS = env.int("PORTAL_SIGN_IN_LOG_DAYS", default=30)
# Uploaded documents and photos: at most this many megabytes.
MAX_UPLOAD_MB = env.int("PORTAL_MAX_UPLOAD_MB", default=10)
# A photo is decoded to be checked and re-encoded: larger images are refused (decompression bombs).
MAX_IMAGE_PIXELS = env.int("PORTAL_MAX_IMAGE_PIXELS", default=50_000_000)
# A form's fields other than files: at most this much, and this many (Django's checks, 400).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # every form of the portal takes one file
# The whole request body, files included: one upload of MAX_UPLOAD_MB, the other fields, and room for
# the multipart framing. Larger bodies are refused with 413 before they are read
# (core/request_limits.py); the proxy's limit (nginx client_max_body_size) is a second line.
REQUEST_BODY_MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024 + DATA_UPLOAD_MAX_MEMORY_SIZE + 64 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Safe for production by default; a local DEBUG run relaxes what needs HTTPS.
SECURE = env.bool("DJANGO_SECURE", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Django's database sessions: every app server and worker sees the same session (the load test
# sends each request to the other server). Measured against a home-made store and cached_db in
# bench/README.md ("Stock parts against home-made ones").
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_HTTPONLY = True
if SECURE:
    # The __Host- prefix pins the cookies to this host, HTTPS and path "/".
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Inline style attributes carry progress-bar widths; scripts stay strict.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}

# The indicator (by its slug) whose monthly values are computed from the premises register's vacancy
# rate (initiatives/vacancy_indicator.py), not typed in.
VACANCY_INDICATOR = env("PORTAL_VACANCY_INDICATOR", default="vacancy-rate")
