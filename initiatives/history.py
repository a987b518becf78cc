"""An initiative's edit history (django-simple-history) as one timeline people can read.

The initiative's own records and those of its budget lines, milestones and targets (removed ones
included) are merged newest first by one UNION query, which a page can slice. The entries of a
slice are then described with one query per kind of record (each record fetched with the one
before it, to tell what changed) and one for the partners, however many children or records the
initiative has.

The same entries tell an editor whose save was refused (core.edits.EditConflict) what happened to the
milestones since the form was opened: see changes_since.
"""
from collections import defaultdict

from django.db.models import OuterRef, Q, Subquery, Value
from django.utils.translation import gettext, gettext_lazy

from core import reading

from initiatives.models import FundingLine, Initiative, Milestone, Target
from core.templatetags.reading import money
from initiatives.templatetags.initiatives_format import measure
from core.translated import LANGUAGE_CODES, language_name

# The reason on the records a migration wrote for what existed before its history was kept
# (see migrations/0005_child_history_baseline.py): starting points for a diff, never shown.
BASELINE = "history started"
EMPTY = "–"
CREATED, CHANGED, REMOVED = "+", "~", "-"
RECENT = 5  # entries on the initiative's page; the history page has them all


class Kind:
    """One kind of record in the timeline: how to find an initiative's records and name them."""

    def __init__(self, key, model, *, related=(), hidden=(), named_by=(), headlines=None):
        self.key = key
        self.model = model
        self.history = model.history.model
        self.related = ("history_user", *related)  # every foreign key shown by name, joined in
        # Translations are listed text by text (_translation_changes), not as the stored mapping.
        self.fields = [field for field in self.history.tracked_fields
                       if not field.primary_key and field.name not in {"initiative", "version", "translations", *hidden}]
        self.named_by = set(named_by)  # fields the headline names, left out of the values listed
        self.headlines = headlines or {}

    def records_of(self, initiative):
        if self.model is Initiative:
            return self.history.objects.filter(id=initiative.pk)
        return self.history.objects.filter(initiative_id=initiative.pk)

    def name(self, record):
        if self.model is FundingLine:
            source = record.get_source_display()
            return f"{source} ({record.note})" if record.note else source
        if self.model is Target:
            return record.indicator.display_name if record.indicator else f"#{record.indicator_id}"
        return record.title


# Each headline is a whole sentence, with the author and without one (an import or the admin), so a
# translator controls the word order and makes the verb agree with who did it.
KINDS = {
    kind.key: kind for kind in (
        Kind("initiative", Initiative, related=("theme", "lead_committee", "responsible_manager"),
             hidden=("created_at",), headlines={
                 CREATED: (gettext_lazy("%(who)s created the initiative."),
                           gettext_lazy("Someone unknown (an import or the admin) created the initiative.")),
                 CHANGED: (gettext_lazy("%(who)s made these changes:"),
                           gettext_lazy("Someone unknown (an import or the admin) made these changes:")),
             }),
        Kind("funding", FundingLine, named_by=("source", "note"), headlines={
            CREATED: (gettext_lazy("%(who)s added the budget line “%(name)s”"),
                      gettext_lazy("Someone unknown (an import or the admin) added the budget line “%(name)s”")),
            CHANGED: (gettext_lazy("%(who)s changed the budget line “%(name)s”"),
                      gettext_lazy("Someone unknown (an import or the admin) changed the budget line “%(name)s”")),
            REMOVED: (gettext_lazy("%(who)s removed the budget line “%(name)s”"),
                      gettext_lazy("Someone unknown (an import or the admin) removed the budget line “%(name)s”")),
        }),
        Kind("milestone", Milestone, named_by=("title",), hidden=("original_language",), headlines={
            CREATED: (gettext_lazy("%(who)s added the milestone “%(name)s”"),
                      gettext_lazy("Someone unknown (an import or the admin) added the milestone “%(name)s”")),
            CHANGED: (gettext_lazy("%(who)s changed the milestone “%(name)s”"),
                      gettext_lazy("Someone unknown (an import or the admin) changed the milestone “%(name)s”")),
            REMOVED: (gettext_lazy("%(who)s removed the milestone “%(name)s”"),
                      gettext_lazy("Someone unknown (an import or the admin) removed the milestone “%(name)s”")),
        }),
        Kind("target", Target, related=("indicator",), named_by=("indicator",), headlines={
            CREATED: (gettext_lazy("%(who)s added the target on “%(name)s”"),
                      gettext_lazy("Someone unknown (an import or the admin) added the target on “%(name)s”")),
            CHANGED: (gettext_lazy("%(who)s changed the target on “%(name)s”"),
                      gettext_lazy("Someone unknown (an import or the admin) changed the target on “%(name)s”")),
            REMOVED: (gettext_lazy("%(who)s removed the target on “%(name)s”"),
                      gettext_lazy("Someone unknown (an import or the admin) removed the target on “%(name)s”")),
        }),
    )
}
PARTNERS = Initiative.history.model.partners.model  # the partners kept with each initiative record
UNITS = Initiative.history.model.units.model  # the premises units it named, kept with each record


def initiative_timeline(initiative):
    """(kind, history_id, history_date) of every shown record, newest first: a query to slice or paginate."""
    parts = [
        kind.records_of(initiative).exclude(history_change_reason=BASELINE)
        .annotate(kind=Value(key)).values_list("kind", "history_id", "history_date").order_by()
        for key, kind in KINDS.items()
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def initiative_changes(initiative, limit=RECENT):
    """The newest `limit` entries of the initiative's timeline (see describe)."""
    return describe(initiative, initiative_timeline(initiative)[:limit])


def describe(initiative, rows):
    """Readable entries for rows of the initiative's timeline, in their order (records that changed
    nothing shown are left out). Five queries for any rows: one per kind of record and one for the
    partners, each bounded by the rows' time span, so the count does not depend on what the rows are."""
    rows = list(rows)
    if not rows:
        return []
    span = (rows[-1][2], rows[0][2])
    fetched = {key: _with_previous(kind, kind.records_of(initiative).filter(history_date__range=span))
               for key, kind in KINDS.items()}
    partners = _partners(fetched["initiative"])
    units = _units(fetched["initiative"])
    records = {key: _paired(records) for key, records in fetched.items()}
    entries = []
    for key, history_id, _date in rows:
        record, previous = records[key][history_id]
        entry = _entry(KINDS[key], record, previous, partners, units=units)
        if entry is not None:
            entries.append(entry)
    return entries


def _with_previous(kind, shown):
    """The `shown` records and, for each, the record of the same object before it (a query)."""
    before = kind.history.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    ).order_by("-history_date", "-history_id").values("history_id")[:1]
    previous_ids = shown.annotate(previous=Subquery(before)).values("previous")
    return kind.history.objects.filter(
        Q(history_id__in=shown.values("history_id")) | Q(history_id__in=previous_ids)
    ).select_related(*kind.related).order_by("history_date", "history_id")


def _paired(records):
    """{history_id: (record, the record of the same object before it, or None)}."""
    latest_of = {}  # object id -> its latest record so far, walking forward in time
    pairs = {}
    for record in records:
        pairs[record.history_id] = (record, latest_of.get(record.id))
        latest_of[record.id] = record
    return pairs


def _partners(initiative_records):
    """{history_id: {organisation id: name}}: the partners kept with each of these initiative records."""
    snapshot = defaultdict(dict)
    for row in PARTNERS.objects.filter(history_id__in=initiative_records.values("history_id")).select_related(
        "organisation"
    ):
        snapshot[row.history_id][row.organisation_id] = row.organisation.name if row.organisation else f"#{row.organisation_id}"
    return snapshot


def _units(initiative_records):
    """{history_id: {unit id: address}}: the units of the register named with each of these records."""
    snapshot = defaultdict(dict)
    for row in UNITS.objects.filter(history_id__in=initiative_records.values("history_id")).select_related("unit"):
        snapshot[row.history_id][row.unit_id] = str(row.unit) if row.unit else f"#{row.unit_id}"
    return snapshot


def _entry(kind, record, previous, partners, change=None, units=None):
    """One entry: when, who, a headline naming what was added, changed or removed, and the details.
    `change` (the record's own type unless given) says which, when the entry sums up several records."""
    change = change or record.history_type
    entry = {"when": record.history_date, "who": record.history_user, "changes": [], "values": [],
             "partners_added": [], "partners_removed": [], "units_added": [], "units_removed": []}
    if change == CHANGED and previous is not None:
        entry["changes"] = field_changes(kind, previous, record)
        if kind.model is Initiative:
            before, after = partners[previous.history_id], partners[record.history_id]
            entry["partners_added"] = sorted(after[pk] for pk in after.keys() - before.keys())
            entry["partners_removed"] = sorted(before[pk] for pk in before.keys() - after.keys())
            if units is not None:
                before, after = units[previous.history_id], units[record.history_id]
                entry["units_added"] = sorted(after[pk] for pk in after.keys() - before.keys())
                entry["units_removed"] = sorted(before[pk] for pk in before.keys() - after.keys())
        if not any(entry[name] for name in ("changes", "partners_added", "partners_removed", "units_added", "units_removed")):
            return None  # saved without a change of anything shown
    elif kind.model is not Initiative:
        # What a child was added with, or what it held when removed.
        entry["values"] = [{"field": field.verbose_name, "value": _show(record, field)} for field in kind.fields
                           if field.name not in kind.named_by and getattr(record, field.attname) not in (None, "")]
    elif change == CHANGED:
        return None  # an initiative record with nothing before it to compare with
    entry["headline"] = _headline(kind, change, record)
    return entry


def _headline(kind, change, record):
    """The entry's sentence: who added, changed or removed what."""
    if change not in kind.headlines:
        return ""
    with_author, without_author = kind.headlines[change]
    who, name = record.history_user, kind.name(record)
    if who is None:
        return str(without_author) % {"name": name}
    return str(with_author) % {"who": who.get_full_name() or who.get_username(), "name": name}


def field_changes(kind, older, newer):
    """[{field, old, new}] for each shown field whose value differs between two records of one object,
    and for each translated text that differs."""
    return [
        {"field": field.verbose_name, "old": _show(older, field), "new": _show(newer, field)}
        for field in kind.fields
        if getattr(older, field.attname) != getattr(newer, field.attname)
    ] + _translation_changes(kind, older, newer)


def _translation_changes(kind, older, newer):
    """[{field: "title in Slovenian", old, new}] for each translated text that differs (core.translated)."""
    names = getattr(kind.model, "translated_fields", ())
    if not names:
        return []
    before, after = older.translations or {}, newer.translations or {}
    return [
        {"field": gettext("%(field)s in %(language)s") % {
            "field": kind.model._meta.get_field(name).verbose_name, "language": language_name(language)},
         "old": before.get(language, {}).get(name) or EMPTY, "new": after.get(language, {}).get(name) or EMPTY}
        for language in LANGUAGE_CODES for name in names
        if before.get(language, {}).get(name) != after.get(language, {}).get(name)
    ]


def _show(record, field):
    """A field's value as the reader's language writes it: names for foreign keys, labels for choices,
    dates in the locale, money with its currency, an indicator's values with their unit."""
    value = getattr(record, field.attname)
    if value is None or value == "":
        return EMPTY
    if field.is_relation:
        related = getattr(record, field.name)  # joined in with the record; None when it has since been deleted
        if related is None:
            return f"#{value}"
        if hasattr(related, "get_full_name"):
            return related.get_full_name() or related.get_username()
        return str(related)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if field.get_internal_type() == "DateField":
        return reading.date(value)
    if field.get_internal_type() == "DecimalField":
        if isinstance(record, KINDS["funding"].history):
            return money(value)
        if getattr(record, "indicator", None) is not None:
            return measure(value, record.indicator)
        return reading.number(value)
    return str(value)


def changes_since(initiative, version):
    """What others saved after the editor opened `version`: each changed field of the initiative with
    its value now, the milestones added, changed or removed (history entries, each summing up all its
    changes since), who saved, and when. Three queries, however many milestones changed."""
    version = version or 0  # a form without its version counts as opened before any save
    kind = KINDS["initiative"]
    records = initiative.history.select_related(*kind.related).order_by("-history_date", "-history_id")
    base = records.filter(version__lte=version).first()
    newer = list(records.filter(version__gt=version))
    fields = []
    if base is not None and newer:
        fields = [{"field": change["field"], "now": change["new"]} for change in field_changes(kind, base, newer[0])]
    milestones = milestone_changes_since(initiative, version)
    savers = [record.history_user for record in newer] + [entry["who"] for entry in milestones]
    return {
        "fields": fields,
        "milestones": milestones,
        "who": sorted({user.get_full_name() or user.username for user in savers if user}),
        "when": max([record.history_date for record in newer[:1]] + [entry["when"] for entry in milestones],
                    default=None),
    }


def milestone_changes_since(initiative, version):
    """Entries for the milestones whose records are stamped with a version after `version` (see
    models.InitiativeVersionStamp): each compares the milestone as the editor saw it with how it is
    now, newest first; one added and removed again in between is left out. One query."""
    kind = KINDS["milestone"]
    seen, now = {}, {}  # milestone id -> its record as the form was opened / its latest record
    for record in _with_previous(kind, kind.records_of(initiative).filter(initiative_version__gt=version)):
        if (record.initiative_version or 0) > version:
            now[record.id] = record
        elif record.id not in now:
            seen[record.id] = record
    entries = []
    for milestone_id, record in now.items():
        before = seen.get(milestone_id)  # none when it was added since
        if before is None and record.history_type == REMOVED:
            continue
        change = REMOVED if record.history_type == REMOVED else CHANGED if before else CREATED
        entry = _entry(kind, record, before, {}, change)
        if entry is not None:
            entries.append(entry)
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)
