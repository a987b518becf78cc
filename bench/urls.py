"""Baselines measured beside the portal in the same run: the cheapest pages the same stack
(Django, gunicorn, PostgreSQL, middleware) can serve."""
import os

from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from committees.models import Organisation


def constant_page(request):
    return HttpResponse("<!doctype html><title>constant</title><p>constant page</p>")


def one_query_page(request):
    return render(request, "one_query.html", {"rows": Organisation.objects.all()[:50]})


def one_query_in_layout(request):
    """The same rows in the portal's base template: the floor under any portal page."""
    return render(request, "one_query_in_layout.html", {"rows": Organisation.objects.all()[:50]})


@csrf_exempt
def one_insert(request):
    """One row inserted in one transaction: the floor under a survey submission."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (created_at, payload) VALUES (now(), %s)", [request.body[:200]])
    return HttpResponse("stored", status=201)


def session_insert(request):
    """What every multi-page form's last POST does before anything of its own: the CSRF check,
    the visitor's session read, one row inserted (one statement), the session saved, a redirect.
    Not an aim: the floor under the survey submit, measured beside it (bench/README.md)."""
    earlier_pages = request.session.pop(SESSION_KEY, {})
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (created_at, payload) VALUES (now(), %s)",
                       [f"{len(earlier_pages)} {request.POST.get('payload', '')}"[:200]])
    return redirect("/bench/constant/")


if os.environ.get("BENCH_RESPONSE_INSERT") == "statement":  # bench/load_test.py --compare
    from bench.home_made import install_one_statement_insert

    install_one_statement_insert()
if os.environ.get("BENCH_QUESTIONNAIRE_CACHE") == "off":  # every answer page loads the questionnaire
    from surveys import answering

    answering._shared = lambda name, version, load: load()
if os.environ.get("BENCH_QUESTIONNAIRE_CACHE") == "shared-only":  # read from the shared cache on every page
    from surveys import answering

    answering.KEPT_IN_PROCESS = 0

SESSION_KEY = "bench:earlier-pages"  # where bench/posts.py puts the earlier pages' answers

urlpatterns = [
    path("bench/constant/", constant_page),
    path("bench/one-query/", one_query_page),
    path("bench/one-query-in-layout/", one_query_in_layout),
    path("bench/one-insert/", one_insert),
    path("bench/session-insert/", session_insert),
    path("", include("portal.urls")),
]
