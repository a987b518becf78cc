"""The content version: one number that moves on with every change to what public pages show.

Every save or delete of a model of the committees, initiatives, surveys and premises apps (and of users,
whose names appear on pages), fixtures included, moves the number on: at once, and again when
the writing transaction commits (`content_changed`). So a page stored under a number never
holds data older than what was committed when that number was current. Writes that bypass
model signals (`QuerySet.update`, `bulk_create`, `bulk_update`) call `content_changed()`
themselves; anything else (SQL typed in a shell) shows once the cached page expires.

Survey responses and their answers are not content in this sense: a survey that goes viral
must not empty every cached page ten times a second. Pages that show counted answers keep their
own cache keyed by the responses (surveys.results) or are not page-cached.
"""
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

CONTENT_APPS = {"committees", "initiatives", "premises", "surveys"}
# (app label, model name): written by residents answering, not by editors.
NOT_CONTENT = {("surveys", "response"), ("surveys", "answer"), ("surveys", "invitation"), ("surveys", "browserclaim")}
# The number is a sequence: moving it on takes no lock, so editors never wait for one another
# here (a locked row did: two editors could deadlock), and a rolled-back change only costs an
# extra render.
SEQUENCE = "portal_content_version"


def content_version():
    """The current number: one read, no lock."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {SEQUENCE}")
        return cursor.fetchone()[0]


def _advance():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [SEQUENCE])


def content_changed():
    """Move the number on now, and once more when the writing transaction commits.

    Now: later reads in the same transaction (and a test's) see the change under a new number.
    At commit: a visitor who read the new number before the commit, and the old data with it,
    stored the old page under a number that is past once the change is visible."""
    _advance()
    if connection.in_atomic_block:
        # Once per transaction: Django drops the waiting callbacks when a transaction ends either way.
        if not any(entry[1] is _advance for entry in connection.run_on_commit):
            transaction.on_commit(_advance, robust=True)


def is_content(model):
    meta = model._meta
    return meta.app_label == "auth" and meta.model_name == "user" or (
        meta.app_label in CONTENT_APPS and (meta.app_label, meta.model_name) not in NOT_CONTENT
    )


SIGN_IN_ONLY = frozenset({"last_login"})


def _on_write(sender, **kwargs):
    if kwargs.get("update_fields") == SIGN_IN_ONLY:
        return  # a sign-in changes no page
    if is_content(sender):
        content_changed()


def _on_m2m(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed()


def connect_signals():
    """Listen to the content models only: a listener on answers would stop Django deleting a
    survey's answers in one statement."""
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        if is_content(model):
            label = model._meta.label_lower
            post_save.connect(_on_write, sender=model, dispatch_uid=f"portal-content-save-{label}")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"portal-content-delete-{label}")
            m2m_changed.connect(_on_m2m, sender=model, dispatch_uid=f"portal-content-m2m-{label}")
