"""The register as a spreadsheet: its export (every staff reader, as the register page filters it) and
its import (the keepers of some committee's register): upload → preview (nothing written; the rows
read wait in the session) → confirm → one transaction (premises.spreadsheet)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext
from django.views import View

from core import reading
from core.edits import EditConflict
from core.sheet_import import CsvError, SpreadsheetUploadForm
from core.spreadsheet import spreadsheet_response
from core.spreadsheet_reading import Sheet
from premises.forms import RegisterFilterForm
from premises.models import Unit
from premises.spreadsheet import COLUMNS, SESSION_KEY, apply_import, export_rows, plan_import
from premises.views import RegisterKeeperMixin, RegisterReaderMixin


class RegisterExportView(RegisterReaderMixin, View):
    """CSV or .xlsx of the register, filtered as the register page is."""

    http_method_names = ["get", "head"]

    def get(self, request, file_format):
        today = timezone.localdate()
        streets = Unit.objects.order_by("street").values_list("street", flat=True).distinct()
        filter_form = RegisterFilterForm(request.GET or None, streets=list(streets))
        units = filter_form.filter(Unit.objects.for_register(today))
        filename = f"premises-register-{today:%Y-%m-%d}"
        return spreadsheet_response(export_rows(units), filename=filename, file_format=file_format,
                                    title=_("Premises register"), stream=True)


class RegisterImportView(RegisterKeeperMixin, View):
    """Upload → preview → confirm. The preview's fingerprint waits in the session with the rows: a
    confirmation after the register changed is refused, and the page shows the file checked again."""

    template_name = "premises/register_import.html"
    http_method_names = ["get", "post", "head", "options"]

    def get(self, request):
        waiting = request.session.get(SESSION_KEY)
        plan, error = None, None
        if waiting:  # shown as the register is now; what it was checked against stays for the confirmation
            try:
                plan = plan_import(Sheet.from_session(waiting["sheet"]), request.user)
            except CsvError as csv_error:
                error = csv_error
        return self.page(SpreadsheetUploadForm(), plan, error)

    def post(self, request):
        if "discard" in request.POST:
            request.session.pop(SESSION_KEY, None)
            return redirect("premises:register-import")
        if "confirm" in request.POST:
            return self.confirm()
        form, plan, error = SpreadsheetUploadForm(request.POST, request.FILES), None, None
        if form.is_valid():
            try:
                plan = self._checked(form.cleaned_data["sheet"])
            except CsvError as csv_error:
                request.session.pop(SESSION_KEY, None)  # an earlier file waits no longer
                error = csv_error
        return self.page(form, plan, error)

    def confirm(self):
        request = self.request
        waiting = request.session.get(SESSION_KEY)
        if not waiting:
            return self.page(SpreadsheetUploadForm(), None, CsvError(_("The preview has expired; upload the file again.")))
        sheet = Sheet.from_session(waiting["sheet"])
        plan = self._checked(sheet)
        stale = plan.fingerprint != waiting["fingerprint"]
        if not stale and not plan.errors:
            try:
                count = apply_import(plan, request.user)
            except EditConflict:
                stale = True
            except ValidationError as refused:
                return self.page(SpreadsheetUploadForm(), plan, CsvError(*refused.messages))
            else:
                request.session.pop(SESSION_KEY, None)
                messages.success(request, ngettext(
                    "%(count)s row imported.", "%(count)s rows imported.", count) % {"count": reading.number(count)})
                return redirect("premises:register")
        if stale:
            plan = self._checked(sheet)
            messages.warning(request, _(
                "The register changed after the file was checked, so nothing was imported. "
                "The file has been checked again against the register as it is now: read the preview and confirm again."))
        return self.page(SpreadsheetUploadForm(), plan, None)

    def _checked(self, sheet):
        """The plan of `sheet`; a file without errors waits in the session with what it was checked against."""
        plan = plan_import(sheet, self.request.user)
        self.request.session[SESSION_KEY] = {"sheet": sheet.as_session(), "fingerprint": plan.fingerprint} \
            if not plan.errors else None
        return plan

    def page(self, form, plan, error):
        return render(self.request, self.template_name, {
            "form": form, "plan": plan, "error": error, "columns": [str(header) for _key, header in COLUMNS],
        })
