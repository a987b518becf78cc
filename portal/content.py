"""The content version: one number that moves on with every change to what public pages show.

Every save or delete of a model of the committees, initiatives and surveys apps (and of users,
whose names appear on pages) moves the number on inside the writing transaction, so a reader
never sees new data under an old number for long: a reader that reads the number and then the
data always gets data at least as new as the number. Writes that bypass model signals
(`QuerySet.update`, `bulk_create`, `bulk_update`) call `content_changed()` themselves.

Survey responses and their answers are not content in this sense: a survey that goes viral
must not empty every cached page ten times a second. Pages that show counted answers keep their
own cache keyed by the responses (surveys.results) or are not page-cached.
"""
from django.db import connection
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

CONTENT_APPS = {"committees", "initiatives", "surveys"}
# (app label, model name): written by residents answering, not by editors.
NOT_CONTENT = {("surveys", "response"), ("surveys", "answer"), ("surveys", "invitation")}
ROW_ID = 1


def content_version():
    """The current number (one indexed read); 0 when the row is missing (a flushed test database)."""
    from portal.models import ContentVersion

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {ContentVersion._meta.db_table} WHERE id = %s", [ROW_ID])
        row = cursor.fetchone()
    return row[0] if row else 0


def content_changed():
    """Move the number on. Inside a transaction the row stays locked until it ends, so
    concurrent editors queue here for a moment; readers are never blocked."""
    from portal.models import ContentVersion

    if not ContentVersion.objects.filter(pk=ROW_ID).update(number=F("number") + 1):
        ContentVersion.objects.get_or_create(pk=ROW_ID, defaults={"number": 1})


def is_content(model):
    meta = model._meta
    return meta.app_label == "auth" and meta.model_name == "user" or (
        meta.app_label in CONTENT_APPS and (meta.app_label, meta.model_name) not in NOT_CONTENT
    )


SIGN_IN_ONLY = frozenset({"last_login"})


def _on_write(sender, **kwargs):
    if kwargs.get("raw") or kwargs.get("update_fields") == SIGN_IN_ONLY:
        return  # loaddata runs before anything is cached; a sign-in changes no page
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
