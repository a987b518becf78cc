"""An initiative's edit history (django-simple-history) as a list people can read."""
from django.contrib.auth import get_user_model

from committees.models import Committee
from initiatives.models import Initiative, Theme

# Foreign keys shown by name instead of id.
NAMED_RELATIONS = {"theme": Theme, "lead_committee": Committee, "responsible_manager": get_user_model()}


def _display(field, value, names):
    if value is None or value == "":
        return "–"
    if field.name in NAMED_RELATIONS:
        return names[field.name].get(value, f"#{value}")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return value


def _names(records):
    """Every theme, committee and user the records point at, fetched once per model."""
    names = {}
    for name, model in NAMED_RELATIONS.items():
        ids = {getattr(record, f"{name}_id") for record in records} - {None}
        names[name] = {obj.pk: str(obj.get_full_name() or obj.username) if name == "responsible_manager" else str(obj)
                       for obj in model.objects.filter(pk__in=ids)}
    return names


def initiative_changes(initiative, limit=50):
    """Newest first: who changed which fields from what to what, and when. A fixed number of queries."""
    records = list(initiative.history.select_related("history_user").order_by("-history_date")[: limit + 1])
    names = _names(records)
    entries = []
    for newer, older in zip(records, records[1:] + [None]):
        if older is None and len(records) > limit:
            break
        changes = []
        if older is not None:
            for change in newer.diff_against(older, excluded_fields=["version"]).changes:
                field = Initiative._meta.get_field(change.field)
                changes.append({
                    "field": field.verbose_name,
                    "old": _display(field, change.old, names),
                    "new": _display(field, change.new, names),
                })
        if older is not None and not changes:
            continue  # saved without a change of any field
        entries.append({
            "when": newer.history_date,
            "who": newer.history_user,
            "created": newer.history_type == "+",
            "changes": changes,
        })
    return entries


def changes_since(initiative, version):
    """What others saved after the editor opened `version`: each changed field with its value now,
    who saved, and when. Milestone-only changes move the version without a history record."""
    version = version or 0  # a form without its version counts as opened before any save
    records = initiative.history.select_related("history_user").order_by("-history_date")
    base = records.filter(version__lte=version).first()
    newer = list(records.filter(version__gt=version))
    fields = []
    if base is not None and newer:
        names = _names(newer[:1])
        for change in newer[0].diff_against(base, excluded_fields=["version"]).changes:
            field = Initiative._meta.get_field(change.field)
            fields.append({"field": field.verbose_name, "now": _display(field, change.new, names)})
    return {
        "fields": fields,
        "who": sorted({record.history_user.get_full_name() or record.history_user.username
                       for record in newer if record.history_user}),
        "when": newer[0].history_date if newer else None,
    }
