"""Initiatives pages: public list and detail, indicators, and the staff editor, imports and exports."""
import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from initiatives import rules, services
from initiatives.csv_io import (
    KINDS,
    UNCHANGED,
    CsvError,
    apply_import,
    import_measurements,
    import_session_key,
    plan_import,
    plan_measurements,
)
from initiatives.filters import InitiativeFilter
from initiatives.forms import (
    FundingLineFormSet,
    IndicatorForm,
    InitiativeForm,
    MeasurementForm,
    MeasurementImportForm,
    MilestoneDoneForm,
    MilestoneFormSet,
    InitiativePlaceForm,
    ProgressUpdateForm,
    SpreadsheetUploadForm,
    TargetFormSet,
)
from initiatives.history import KINDS as HISTORY_KINDS
from initiatives.history import changes_since, describe, initiative_changes, initiative_timeline
from initiatives.models import FundingLine, Indicator, Initiative, Measurement, Milestone, ProgressUpdate, Target
from initiatives.models.rollup import period_after
from initiatives.places import base_plan_for, began_on, plan_items, units_since_start
from initiatives.units import period_label
from premises.rules import can_read_register
from core import reading
from core.edit_forms import (
    EditVersionForm,
    formset_after_conflict,
    is_stale,
    rows_without_removed,
    save_or_conflict,
    saved_by,
)
from core.edits import EditConflict
from core.files import file_response
from core.more_rows import MORE_ROWS, asks_for_more_rows, typed_values
from core.page_cache import public_page
from core.spreadsheet import spreadsheet_response
from core.spreadsheet_reading import Sheet
from core.translation_page import TranslatedPart, translation_links, translation_page
# The one import against the layering (surveys stand on initiatives, not the other way round): the
# initiative's page is cached under a key of the responses to the surveys that inform it.
from surveys.models import Response, Survey
from surveys.results import responses_key

PAGE_SIZE = 20


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _editable_initiative(request, slug):
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user), slug=slug)
    _require(rules.can_edit_initiative(request.user, initiative))
    return initiative


def _filtered(request):
    return InitiativeFilter(request.GET, Initiative.objects.visible_to(request.user).for_list(), request=request)


@require_safe
@public_page(params=("theme", "status", "area", "attention", "committee", "sort", "page"))
def initiative_list(request):
    initiative_filter = _filtered(request)
    page = Paginator(initiative_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "initiatives/initiative_list.html", {
        "filter": initiative_filter,
        "page_obj": page,
        "query": query.urlencode(),
        "can_create": rules.can_create_initiative(request.user),
    })


@require_safe
def initiative_export(request, kind, file_format="csv"):
    """The list as CSV or .xlsx, filtered as the list page is (initiatives, their milestones or their updates)."""
    rows = KINDS[kind].export(_filtered(request).qs, shown_to=request.user)
    return spreadsheet_response(rows, filename=f"{kind}-{timezone.localdate():%Y-%m-%d}", file_format=file_format, title=kind)


def _residents_said_key(request, slug):
    """The page shows the headline results of the surveys that inform the initiative."""
    return responses_key(Response.objects.filter(survey__in=Survey.objects.informing(slug)))


@require_safe
@public_page(extra_key=_residents_said_key)
def initiative_detail(request, slug):
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user).for_detail(), slug=slug)
    targets = list(Target.objects.filter(initiative=initiative).with_latest())
    trends = Indicator.objects.with_trend().in_bulk([t.indicator_id for t in targets])
    for target in targets:
        target.trend_indicator = trends[target.indicator_id]
    funding_lines = list(FundingLine.objects.filter(initiative=initiative).with_shares())
    can_edit = rules.can_edit_initiative(request.user, initiative)
    units, units_hidden = units_since_start(initiative, request.user)
    return render(request, "initiatives/initiative_detail.html", {
        "units": units, "units_hidden": units_hidden, "began_on": began_on(initiative),
        "register_reader": can_read_register(request.user),
        "base_plan": base_plan_for(initiative, units) if units or initiative.longitude is not None else None,
        "plan_items": plan_items([initiative]),
        "initiative": initiative,
        "partners": initiative.partners.all(),
        "milestones": initiative.milestones.all(),
        "timeline": _timeline(initiative),
        "funding_lines": funding_lines,
        "budget_chart": _budget_chart(funding_lines),
        "targets": targets,
        "can_edit": can_edit,
        "changes": initiative_changes(initiative) if rules.can_see_history(request.user) else None,
    })


def _timeline(initiative):
    """Progress updates and status changes together, newest first."""
    updates = [("update", u.date, u) for u in initiative.updates.select_related("author")]
    changes = [("status", c.changed_on, c) for c in initiative.status_changes.all()]
    return sorted(updates + changes, key=lambda entry: entry[1], reverse=True)


def _budget_chart(funding_lines):
    return {
        "labels": [line.get_source_display() for line in funding_lines],
        "planned": [str(line.planned) for line in funding_lines],
        "spent": [str(line.spent) for line in funding_lines],
        "plannedLabel": _("Planned"),
        "spentLabel": _("Spent"),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def initiative_translate(request, slug, language):
    """The initiative's title, summary and description, its milestones' titles and its progress updates
    in `language`: for whoever may edit the initiative."""
    initiative = _editable_initiative(request, slug)
    return translation_page(
        request, item=initiative, language=language, back_url=reverse("initiatives:update", args=[slug]),
        url_for=lambda code: reverse("initiatives:translate", args=[slug, code]),
        parts=[TranslatedPart("milestones", _("Milestones"), list(initiative.milestones.all())),
               TranslatedPart("updates", _("Progress updates"), list(initiative.updates.all()), counted=False)],
        save=lambda parts, **call: services.initiative_translate(
            initiative=initiative, by=request.user, language=language, milestones=parts["milestones"],
            updates=parts["updates"], **call),
    )


def _initiative_languages(initiative, slug, milestones):
    """The languages of a stored initiative and its milestones (the edit form's rows, read already),
    for its edit page. Progress updates, a running log, may be translated but do not count."""
    if initiative.pk is None:
        return []
    return translation_links([initiative, *(form.instance for form in milestones.initial_forms)],
                             lambda code: reverse("initiatives:translate", args=[slug, code]))


@login_required
def initiative_create(request):
    _require(rules.can_create_initiative(request.user))
    return _initiative_form(request, Initiative())


@login_required
def initiative_update(request, slug):
    return _initiative_form(request, _editable_initiative(request, slug))


def _initiative_form(request, initiative):
    # Taken before binding: an invalid form leaves its values on the instance.
    saved_title, saved_slug = initiative.title, initiative.slug
    cancel_url = initiative.get_absolute_url() if initiative.pk else reverse("initiatives:list")
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(data, instance=initiative, user=request.user)
    milestones = MilestoneFormSet(data, instance=initiative, prefix="milestones")
    conflict = None
    more_rows = asks_for_more_rows(data, "milestones")
    if more_rows:  # nothing saved: the same form back as typed, unjudged, with room for more milestones
        form = InitiativeForm(initial=typed_values(form), instance=initiative, user=request.user)
        milestones = MilestoneFormSet.as_typed(milestones, more=MORE_ROWS)
    elif data is not None and form.is_valid() and milestones.is_valid():
        try:
            initiative = _initiative_saved(request.user, initiative, form, milestones)
        except EditConflict as edit_conflict:
            form, milestones, conflict = _after_conflict(request, milestones, edit_conflict)
        else:
            messages.success(request, _("The initiative “%(title)s” is saved.") % {"title": initiative.title})
            return redirect(initiative)
    elif data is not None and initiative.pk and form.cleaned_data.get("version") != initiative.version:
        # Invalid perhaps only because someone else saved in between (removed a milestone): say that first.
        stored = Initiative.objects.get(pk=initiative.pk)  # `initiative` holds the values typed
        conflict = EditConflict(stored=stored, version=form.cleaned_data.get("version"))
        form, milestones, conflict = _after_conflict(request, milestones, conflict)
    return render(request, "initiatives/initiative_form.html", {
        "form": form, "milestones": milestones, "saved_title": saved_title, "cancel_url": cancel_url,
        "more_rows": more_rows,
        "conflict": conflict, "content_languages": _initiative_languages(initiative, saved_slug, milestones),
    })


def _initiative_saved(user, initiative, form, milestones):
    if initiative.pk is None:
        return services.initiative_create(by=user, milestones=milestones.rows(), **form.changes())
    return services.initiative_update(
        initiative=initiative, by=user, expected_version=form.expected_version, milestones=milestones.rows(),
        **form.changes(),
    )


def _after_conflict(request, milestones, edit_conflict):
    """The form again with what this editor typed, now based on the stored version, and what changed."""
    stored = edit_conflict.stored
    data = rows_without_removed(milestones, stored.milestones.values_list("pk", flat=True))
    data["version"] = stored.version
    form = InitiativeForm(data, instance=stored, user=request.user)
    milestones = MilestoneFormSet(data, instance=stored, prefix="milestones")
    form.is_valid()
    milestones.is_valid()
    return form, milestones, changes_since(stored, edit_conflict.version)


@login_required
def progress_update_create(request, slug):
    initiative = _editable_initiative(request, slug)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.progress_update_post(initiative=initiative, author=request.user, **form.cleaned_data)
        messages.success(request, _("The update is on the timeline."))
        return redirect(initiative)
    return render(request, "initiatives/progressupdate_form.html", {"form": form, "initiative": initiative})


@require_safe
def progress_update_photo(request, slug, pk):
    """A progress update's photo, to whoever may see its initiative (and so the page it is on)."""
    updates = ProgressUpdate.objects.filter(initiative__in=Initiative.objects.visible_to(request.user))
    update = get_object_or_404(updates.exclude(photo="").select_related("initiative"), initiative__slug=slug, pk=pk)
    return file_response(update.photo, public=update.initiative.is_public)


@login_required
def milestone_done(request, slug, pk):
    """Mark a milestone done on the day the editor gives (today unless she says otherwise). The
    initiative's page posts here with the date beside each button; this page asks again where the
    date is wrong."""
    initiative = _editable_initiative(request, slug)
    milestone = get_object_or_404(Milestone, pk=pk, initiative=initiative)
    form = MilestoneDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_mark_done(milestone=milestone, by=request.user, on=form.cleaned_data["done_on"])
        except ValidationError as error:
            form.add_error("done_on", error.message_dict.get("done_on", error.messages))
        else:
            messages.success(request, _("“%(title)s” is marked done.") % {"title": milestone})
            return redirect(initiative)
    return render(request, "initiatives/milestone_done.html", {
        "form": form, "initiative": initiative, "milestone": milestone,
    })


@login_required
def funding_update(request, slug):
    return _child_formset(
        request, slug, FundingLineFormSet, "funding", _("Budget and spending"),
        save=lambda rows, **call: services.funding_lines_update(lines=rows, **call),
    )


@login_required
def targets_update(request, slug):
    return _child_formset(
        request, slug, TargetFormSet, "targets", _("Targets on indicators"),
        save=lambda rows, **call: services.targets_update(targets=rows, **call),
    )


ROW_NAMES = {"funding": HISTORY_KINDS["funding"].name, "targets": HISTORY_KINDS["target"].name}


def _child_formset(request, slug, formset_class, prefix, heading, save):
    """An initiative's budget lines or targets; saved (by `save`, a service) only if nobody saved the
    initiative since the page was opened, else shown again with what was typed and what differs."""
    initiative = _editable_initiative(request, slug)
    data = request.POST if request.method == "POST" else None
    formset = formset_class(data, instance=initiative, prefix=prefix)
    version = EditVersionForm(data, instance=initiative)
    conflict = None
    if data is not None and formset.is_valid():
        try:
            save(initiative=initiative, by=request.user, expected_version=version.expected_version, rows=formset.rows())
        except EditConflict as edit_conflict:
            formset, version, conflict = _children_after_conflict(formset_class, formset, edit_conflict, prefix)
        else:
            messages.success(request, _("%(what)s saved.") % {"what": heading})
            return redirect(initiative)
    elif data is not None and is_stale(version, initiative.version):
        conflict = EditConflict(stored=initiative, version=version.expected_version)
        formset, version, conflict = _children_after_conflict(formset_class, formset, conflict, prefix)
    return render(request, "initiatives/initiative_formset.html", {
        "formset": formset, "version_form": version, "initiative": initiative, "heading": heading,
        "conflict": conflict,
    })


def _children_after_conflict(formset_class, formset, edit_conflict, prefix):
    stored = Initiative.objects.get(pk=edit_conflict.stored.pk)
    formset, conflict = formset_after_conflict(formset_class, formset, stored, row_name=ROW_NAMES[prefix])
    for latest in initiative_changes(stored, limit=1):  # who saved last, and when
        conflict.update(saved_by(latest["who"], latest["when"]))
    return formset, EditVersionForm(instance=stored), conflict


HISTORY_PAGE_SIZE = 30


@login_required
@require_safe
def initiative_history(request, slug):
    """Staff readers: every recorded change of the initiative and of its budget lines, milestones,
    targets and partners (removed ones too), newest first, a page at a time."""
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user), slug=slug)
    _require(rules.can_see_history(request.user))
    page = Paginator(initiative_timeline(initiative), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "initiatives/initiative_history.html", {
        "initiative": initiative, "page_obj": page, "entries": describe(initiative, page.object_list),
    })


@login_required
def initiative_import(request, kind):
    """Upload → preview (nothing written; the rows read wait in the session, and the page shows them
    again until they are imported or discarded) → confirm → one transaction."""
    csv_kind = KINDS[kind]
    allowed = rules.can_create_initiative if kind == "initiatives" else rules.can_import_timeline
    _require(allowed(request.user))
    session_key = import_session_key(kind)
    if request.method == "POST" and "discard" in request.POST:
        request.session.pop(session_key, None)
        return redirect("initiatives:import", kind=kind)
    uploading = request.method == "POST" and "confirm" not in request.POST
    form = SpreadsheetUploadForm(request.POST, request.FILES) if uploading else SpreadsheetUploadForm()
    plan, error = None, None
    waiting = request.session.get(session_key) if request.method != "POST" else None
    try:
        if waiting:
            plan = plan_import(csv_kind, Sheet.from_session(waiting), request.user)
        elif request.method == "POST":
            if "confirm" in request.POST:
                stored = request.session.get(session_key)
                if stored is None:
                    raise CsvError(_("The preview has expired; upload the file again."))
                plan = plan_import(csv_kind, Sheet.from_session(stored), request.user)
                if not plan.errors:
                    count = apply_import(plan, request.user)
                    del request.session[session_key]
                    messages.success(request, ngettext(
                        "%(count)s row imported.", "%(count)s rows imported.", count) % {"count": reading.number(count)})
                    return redirect("initiatives:list")
            elif form.is_valid():
                sheet = form.cleaned_data["sheet"]
                plan = plan_import(csv_kind, sheet, request.user)
                request.session[session_key] = sheet.as_session() if not plan.errors else None
    except CsvError as csv_error:
        error = csv_error
    return render(request, "initiatives/initiative_import.html", {
        "form": form, "plan": plan, "error": error, "kind": csv_kind,
    })


@require_safe
@public_page
def indicator_list(request):
    indicators = Indicator.objects.with_trend()
    targets = Target.objects.visible_to(request.user).with_latest()
    by_indicator = {}
    for target in targets:
        by_indicator.setdefault(target.indicator_id, []).append(target)
    indicators = list(indicators)
    for indicator in indicators:
        indicator.target_list = by_indicator.get(indicator.pk, [])
    return render(request, "initiatives/indicator_list.html", {
        "indicators": indicators, "can_add": rules.can_record_measurements(request.user),
    })


MEASUREMENTS_SHOWN = 36


@require_http_methods(["GET", "HEAD", "POST"])
def indicator_detail(request, slug):
    """The indicator's page (kept for anonymous visitors); posted to, it records a measurement."""
    if request.method == "POST":
        return _measurement_record(request, slug)
    return _indicator_page(request, slug)


@public_page
def _indicator_page(request, slug):
    indicator = get_object_or_404(Indicator.objects.with_trend(), slug=slug)
    form = MeasurementForm(indicator=indicator) if rules.can_record_measurements(request.user) else None
    return _render_indicator(request, indicator, form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_translate(request, slug, language):
    """The indicator's name and description in `language`: for those who keep the indicators."""
    _require(rules.can_record_measurements(request.user))
    indicator = get_object_or_404(Indicator, slug=slug)
    return translation_page(
        request, item=indicator, language=language, back_url=indicator.get_absolute_url(),
        url_for=lambda code: reverse("initiatives:indicator-translate", args=[slug, code]),
        save=lambda parts, **call: services.indicator_translate(
            indicator=indicator, by=request.user, language=language, **call),
    )


@login_required
def indicator_create(request):
    """A new indicator: its name, unit, direction, reporting period and how finer data adds up."""
    _require(rules.can_record_measurements(request.user))
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicator = services.indicator_create(by=request.user, **form.changes())
        messages.success(request, _("The indicator “%(name)s” is saved.") % {"name": indicator.display_name})
        return redirect(indicator)
    return render(request, "initiatives/indicator_form.html", {"form": form})


@login_required
def indicator_update(request, slug):
    _require(rules.can_record_measurements(request.user))
    indicator = get_object_or_404(Indicator, slug=slug)
    form = IndicatorForm(request.POST or None, instance=copy.copy(indicator))
    saved, form, conflict = save_or_conflict(form, lambda: services.indicator_update(
        indicator=indicator, by=request.user, expected_version=form.expected_version, **form.changes()))
    if saved:
        messages.success(request, _("The indicator “%(name)s” is saved.") % {"name": saved.display_name})
        return redirect(saved)
    return render(request, "initiatives/indicator_form.html", {"form": form, "indicator": indicator, "conflict": conflict})


@login_required
def _measurement_record(request, slug):
    """A measurement typed on the indicator's page (never a cached page: only GETs are kept)."""
    _require(rules.can_record_measurements(request.user))
    indicator = get_object_or_404(Indicator.objects.with_trend(), slug=slug)
    if indicator.is_fed_from_register:
        return _refused_as_computed(request, indicator)
    form = MeasurementForm(request.POST, indicator=indicator)
    if not form.is_valid():
        return _render_indicator(request, indicator, form)
    services.measurement_add(indicator=indicator, by=request.user, **form.changes())
    messages.success(request, _("The measurement is saved."))
    return redirect(indicator)


def _refused_as_computed(request, indicator):
    """Back to the page of an indicator computed from the premises register, saying it is not typed in."""
    messages.error(request, services.fed_from_register_message())
    return redirect(indicator)


def _editable_measurement(request, slug, pk):
    """The measurement to correct or delete, or the indicator's page again saying where a computed value
    is corrected (None then, with the message queued)."""
    _require(rules.can_record_measurements(request.user))
    measurement = get_object_or_404(Measurement.objects.select_related("indicator"), indicator__slug=slug, pk=pk)
    if measurement.is_computed:
        messages.error(request, _("This value is computed from %(register)s: correct it there, and it is computed again.")
                       % {"register": _(measurement.computed_from)})  # the register's name, translated
        return None
    return measurement


@login_required
def measurement_update(request, slug, pk):
    """Correct a measurement, or exclude it with a reason (or count it again)."""
    measurement = _editable_measurement(request, slug, pk)
    if measurement is None:
        return redirect("initiatives:indicator-detail", slug=slug)
    indicator = measurement.indicator
    form = MeasurementForm(request.POST or None, instance=copy.copy(measurement), indicator=indicator)
    saved, form, conflict = save_or_conflict(form, lambda: services.measurement_update(
        measurement=measurement, by=request.user, expected_version=form.expected_version, **form.changes()),
        indicator=indicator)
    if saved:
        messages.success(request, _("The measurement is saved."))
        return redirect(indicator)
    return render(request, "initiatives/measurement_form.html", {
        "form": form, "measurement": measurement, "indicator": indicator, "conflict": conflict,
        "history": measurement.history.select_related("history_user").order_by("-history_date")[:HISTORY_PAGE_SIZE],
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def measurement_delete(request, slug, pk):
    measurement = _editable_measurement(request, slug, pk)
    if measurement is None:
        return redirect("initiatives:indicator-detail", slug=slug)
    version, stale = EditVersionForm(request.POST or None, instance=measurement), False
    if request.method == "POST":
        try:
            services.measurement_delete(measurement=measurement, by=request.user, expected_version=version.expected_version)
        except EditConflict:
            stale = True  # corrected by someone else since the page was opened: shown again as it is now
            measurement = Measurement.objects.select_related("indicator").get(pk=measurement.pk)
        else:
            messages.success(request, _("The measurement is deleted."))
            return redirect(measurement.indicator)
    return render(request, "initiatives/measurement_confirm_delete.html", {
        "measurement": measurement, "indicator": measurement.indicator, "version_form": EditVersionForm(instance=measurement),
        "stale": stale,
    })


def _render_indicator(request, indicator, form):
    periods = list(indicator.period_values.all())
    measurements = list(indicator.measurements.order_by("-measured_on")[:MEASUREMENTS_SHOWN])
    can_edit = form is not None
    return render(request, "initiatives/indicator_detail.html", {
        "indicator": indicator,
        "periods": periods[::-1],
        "measurements": measurements,
        "excluded": list(indicator.measurements.excluded().order_by("-measured_on")),
        "chart": _series_chart(indicator, periods),
        "targets": Target.objects.filter(indicator=indicator).visible_to(request.user).with_latest(),
        "form": form,
        "can_edit": can_edit,
        "can_read_register": indicator.is_fed_from_register and can_read_register(request.user),
        # Those who record measurements keep the indicator's texts too.
        "content_languages": translation_links(
            [indicator], lambda code: reverse("initiatives:indicator-translate", args=[indicator.slug, code]),
        ) if can_edit else [],
    })


def _series_chart(indicator, periods):
    """The rolled-up series over its whole history on an axis with one place per reporting period, so
    time runs evenly and a period without a counted value (never measured, or excluded) is a gap;
    partial periods are a line of their own, not joined to the complete ones."""
    by_start = {period.starts_on: period for period in periods}
    labels, values, partial = [], [], []
    start = periods[0].starts_on if periods else None
    while periods and start <= periods[-1].starts_on:
        period = by_start.get(start)
        labels.append(period_label(start, indicator.reporting_period))
        values.append(str(period.value) if period and period.complete else None)
        partial.append(str(period.value) if period and not period.complete else None)
        start = period_after(start, indicator.reporting_period)
    return {
        "labels": labels, "values": values, "partial": partial,
        "label": f"{indicator.display_name} ({indicator.display_unit})",
        "partialLabel": _("Partial period (not compared)"),
    }


@login_required
def measurement_import(request, slug):
    """Upload → preview (each row, and for a date already recorded its value now → the new one; nothing
    written, the rows read wait in the session) → confirm → one transaction."""
    _require(rules.can_record_measurements(request.user))
    indicator = get_object_or_404(Indicator, slug=slug)
    if indicator.is_fed_from_register:
        return _refused_as_computed(request, indicator)
    session_key = f"measurement-import-{indicator.pk}"
    confirming = request.method == "POST" and "confirm" in request.POST
    form = MeasurementImportForm(
        request.POST if request.method == "POST" and not confirming else None, request.FILES or None, indicator=indicator)
    changes, errors = None, []
    try:
        if confirming:
            stored = request.session.get(session_key)
            if stored is None:
                raise CsvError(_("The preview has expired; upload the file again."))
            count = import_measurements(indicator=indicator, sheet=Sheet.from_session(stored["sheet"]),
                                        source=stored["source"], period=stored["period"], by=request.user)
            del request.session[session_key]
            messages.success(request, ngettext(
                "%(count)s measurement imported.", "%(count)s measurements imported.", count) % {"count": reading.number(count)})
            return redirect(indicator)
        if form.is_bound and form.is_valid():
            values = form.cleaned_data
            changes = plan_measurements(indicator=indicator, sheet=values["sheet"], period=values["period"])
            request.session[session_key] = {
                "sheet": values["sheet"].as_session(), "source": values["source"], "period": values["period"]}
    except (CsvError, services.ComputedValue) as error:  # computed meanwhile: refused at confirming too
        errors = error.messages
        request.session.pop(session_key, None)  # nothing left to confirm
    return render(request, "initiatives/measurement_import.html", {
        "form": form, "indicator": indicator, "errors": errors, "changes": changes,
        "changed_count": sum(change.action != UNCHANGED for change in changes or ()),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def initiative_place(request, slug):
    """The units of the register the initiative works on and its place on the plan: for whoever may
    edit the initiative, choosing among the units of the registers they keep."""
    initiative = _editable_initiative(request, slug)
    data = request.POST if request.method == "POST" else None
    form = InitiativePlaceForm(data, instance=Initiative.objects.get(pk=initiative.pk), user=request.user)
    conflict = None
    if data is not None and form.is_valid():
        try:
            services.initiative_place(initiative=initiative, by=request.user, expected_version=form.expected_version,
                                      **form.changes())
        except EditConflict as edit_conflict:
            stored, data = edit_conflict.stored, data.copy()
            data["version"] = stored.version  # what this editor chose, now based on the stored version
            form = InitiativePlaceForm(data, instance=stored, user=request.user)
            form.is_valid()
            conflict = changes_since(stored, edit_conflict.version)
        else:
            messages.success(request, _("The units and place of “%(title)s” are saved.") % {"title": initiative})
            return redirect(initiative)
    chosen = {str(getattr(value, "pk", value)) for value in form["units"].value() or ()}  # stored, or as posted
    units = [unit for unit in form.offered if str(unit.pk) in chosen]
    return render(request, "initiatives/initiative_place.html", {
        "form": form, "initiative": initiative, "conflict": conflict,
        "base_plan": base_plan_for(initiative, form.offered), "plan_units": units,
        "plan_items": plan_items([initiative]),
    })
