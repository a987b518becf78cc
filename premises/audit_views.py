"""The street audit on a phone (premises.audit): choose a street and the audit's date, then set each
unit's status with one button. Each unit is its own small form: with JavaScript it is sent in the
background and a live region says "Saved"; without, it is a plain POST that comes back to the same
street at the same unit. The keepers of a committee's register only."""
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _
from django.views.generic import TemplateView

from committees.forms import DateInput
from premises.audit import audit_status_set, audit_units, streets_with_last_audit
from premises.models import Status, Unit
from premises.rules import can_keep_register, kept_committees
from premises.templatetags.premises_tags import status_class
from premises.views import RegisterKeeperMixin

# What the page's script sends with each unit's answer, to be answered in JSON rather than redirected.
SCRIPT_HEADER = "fetch"


class AuditStartForm(forms.Form):
    """Which street of which kept committee's register, and the audit's date (today or earlier)."""

    committee = forms.ModelChoiceField(label=_("Register of"), queryset=None, empty_label=None)
    street = forms.ChoiceField(label=_("Street"))
    on = forms.DateField(label=_("Audit date"), widget=DateInput(),
                         help_text=_("The day the street is walked: today, or an earlier day whose notes you are entering."))

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        only = list(committees[:2])
        if len(only) == 1:
            self.fields["committee"].widget = forms.HiddenInput()
            self.fields["committee"].initial = only[0].pk
        streets = Unit.objects.filter(committee__in=committees).order_by("street").values_list("street", flat=True).distinct()
        self.fields["street"].choices = [(street, street) for street in streets]
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError(_("An audit records what was found: its date cannot be in the future."))
        return on

    def clean(self):
        cleaned = super().clean()
        committee, street = cleaned.get("committee"), cleaned.get("street")
        if committee and street and not Unit.objects.filter(committee=committee, street=street).exists():
            self.add_error("street", _("The register of %(committee)s has no unit on this street.") % {"committee": committee})
        return cleaned


class AuditUnitForm(AuditStartForm):
    """One unit's answer: the street's form (to come back to it) plus the unit and the status found."""

    unit = forms.IntegerField(widget=forms.HiddenInput())
    status = forms.ChoiceField(choices=Status.choices)


def street_url(committee, street, on, unit=None):
    query = urlencode({"committee": committee.pk, "street": street, "on": on.isoformat()})
    return reverse("premises:audit-street") + "?" + query + (f"#unit-{unit.pk}" if unit else "")


class AuditMixin(RegisterKeeperMixin):
    http_method_names = ["get", "post", "head", "options"]

    def committees(self):
        if not hasattr(self, "_committees"):
            self._committees = kept_committees(self.request.user).order_by("name")
        return self._committees


class AuditStartView(AuditMixin, TemplateView):
    """Choose the street and the date; each street with the day it was last audited, and by whom."""

    template_name = "premises/audit_start.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        committees = self.committees()
        return super().get_context_data(
            form=kwargs.pop("form", None) or AuditStartForm(committees=committees),
            streets=streets_with_last_audit(committees),
            several_committees=len(committees) > 1, today=timezone.localdate(), **kwargs,
        )


class AuditStreetView(AuditMixin, TemplateView):
    """GET: the street's units in street order, each with a button per status (today's pre-marked).
    POST: one unit's answer, saved through premises.audit.audit_status_set."""

    template_name = "premises/audit_street.html"

    def get(self, request, *args, **kwargs):
        form = AuditStartForm(request.GET, committees=self.committees())
        if not form.is_valid():
            return self.start_again(form)
        data = form.cleaned_data
        units = audit_units(committee=data["committee"], street=data["street"], on=data["on"])
        return self.render_to_response(self.get_context_data(
            committee=data["committee"], street=data["street"], on=data["on"], units=units, statuses=Status.choices,
            several_committees=len(self.committees()) > 1,
        ))

    def start_again(self, form):
        view = AuditStartView()
        view.setup(self.request)
        return view.render_to_response(view.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        unit = get_object_or_404(Unit, pk=request.POST.get("unit", "") if request.POST.get("unit", "").isdigit() else 0)
        if not can_keep_register(request.user, unit.committee_id):
            raise PermissionDenied
        form = AuditUnitForm(request.POST, committees=self.committees())
        scripted = request.headers.get("X-Requested-With") == SCRIPT_HEADER
        if not form.is_valid():
            return self.refused(form, scripted)
        data = form.cleaned_data
        if (data["committee"].pk, data["street"]) != (unit.committee_id, unit.street):
            raise PermissionDenied  # a form of another street: not sent by this page
        row, written = audit_status_set(unit=unit, status=data["status"], on=data["on"], by=request.user)
        label = Status(data["status"]).label
        message = gettext("Saved: %(unit)s – %(status)s.") % {"unit": unit, "status": label}
        if scripted:
            return JsonResponse({"message": message, "status": data["status"], "label": str(label),
                                 "badge_class": status_class(data["status"]), "written": written})
        messages.success(request, message)
        return HttpResponseRedirect(street_url(data["committee"], data["street"], data["on"], unit))

    def refused(self, form, scripted):
        problems = [str(problem) for errors in form.errors.values() for problem in errors]
        message = gettext("Not saved: %(problems)s") % {"problems": " ".join(problems)}
        if scripted:
            return JsonResponse({"message": message}, status=400)
        messages.error(self.request, message)
        if {"committee", "street", "on"}.isdisjoint(form.errors):
            data = form.cleaned_data
            return HttpResponseRedirect(street_url(data["committee"], data["street"], data["on"]))
        return HttpResponseRedirect(reverse("premises:audit"))
