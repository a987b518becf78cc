"""Public pages kept rendered for anonymous visitors, never older than the data behind them.

A page is stored under the release (core.release), the content version (core.content), the
language and the address, so any edit shows on the next request, and servers running another
release during a deploy never serve each other's pages. What differs per response is stored as a placeholder and
filled in for each visitor: the CSP nonce of the scripts and the CSRF token of the language
form. Signed-in users, pages with a message waiting, and anything but a 200 are never cached.
Pages that depend on the clock (open surveys, upcoming meetings, overdue milestones) are kept at
most PAGE_CACHE_SECONDS; 0 turns the cache off.

Only the addresses a view declares are kept: its own query parameters (`params`, a handful of
filter values) and no others, so a free-text search or made-up parameters are rendered and not
stored; a view whose parameter has a value that is not one of its own says so with
`Cache-Control: no-store`. Pages live in their own cache ("pages"), so a flood of addresses can push out pages but
never the figures of the default cache, nor the survey rate limits (a cache of their own).
"""
import hashlib
import re
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from core.content import content_version
from core.release import release

NONCE_MARK = "\x00nonce\x00"
CSRF_MARK = "\x00csrf\x00"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


def _cacheable_request(request, params):
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    if any(value and name not in params for name, value in request.GET.items()):
        return False
    if any(len(request.GET.getlist(name)) > 1 for name in params):  # one value each, as the views read them
        return False
    # A message waiting to be shown (after a redirect) belongs to this visitor only.
    return not len(get_messages(request))


def _key(request, version, params, extra=""):
    """The page's key: its path and its declared parameters that have a value, in one order, so
    that empty or reordered parameters do not make more entries of the same page."""
    declared = urlencode(sorted((name, value) for name, value in request.GET.items() if name in params and value))
    address = hashlib.sha256(f"{request.path}?{declared}\x00{extra}".encode()).hexdigest()[:32]
    return f"page:{release()}:{version}:{get_language()}:{address}"


def _template_of(request, response):
    """The page's text with this response's nonce and CSRF token taken out; None when the page
    cannot be kept (a NUL in it could be mistaken for a placeholder)."""
    text = response.content.decode(response.charset)
    if "\x00" in text:
        return None
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str):
        text = text.replace(f'nonce="{nonce}"', f'nonce="{NONCE_MARK}"')
    return CSRF_INPUT.sub(rf"\g<1>{CSRF_MARK}\g<2>", text)


def _filled(request, text):
    if NONCE_MARK in text:
        text = text.replace(NONCE_MARK, str(request.csp_nonce))
    if CSRF_MARK in text:
        text = text.replace(CSRF_MARK, get_token(request))
    return text


def _storable(response):
    """A view marks a page no cache may keep (Cache-Control: no-store), e.g. for a parameter value
    that is not one of its own: rendered, not stored."""
    return "no-store" not in response.get("Cache-Control", "")


def _label(response, outcome):
    # Off in production: it would tell a visitor whether someone else asked for the same address.
    if getattr(settings, "PAGE_CACHE_HEADER", False):
        response["X-Page-Cache"] = outcome


def public_page(view=None, *, extra_key=None, params=()):
    """Serve the view's page from the cache to anonymous visitors (see the module's docstring).

    `extra_key(request, *args, **kwargs)` names what else the page depends on that the content
    version does not follow (the survey responses a results page counts): `@public_page(extra_key=f)`.
    """
    if view is None:
        return lambda view: public_page(view, extra_key=extra_key, params=params)
    params = frozenset(params)

    @wraps(view)
    def serve(request, *args, **kwargs):
        seconds = _seconds()
        if not seconds or not _cacheable_request(request, params):
            return view(request, *args, **kwargs)
        extra = extra_key(request, *args, **kwargs) if extra_key else ""
        key = _key(request, content_version(), params, extra)
        cache = caches["pages"]
        stored = cache.get(key)
        if stored is not None:
            content_type, text = stored
            response = HttpResponse(_filled(request, text), content_type=content_type)
            _label(response, "hit")
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies and _storable(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            text = _template_of(request, response)
            if text is not None:
                cache.set(key, (response["Content-Type"], text), seconds)
                _label(response, "miss")
        return response

    return serve
