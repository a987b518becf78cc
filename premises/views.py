"""The staff register of premises: the list of units by street, a unit with its status history, and
the forms that add and edit units and record or correct their statuses. Read by every staff reader
(mayors included); kept by the managers and secretaries of the unit's committee (premises.rules)."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, UpdateView

from committees.view_helpers import EditConflictMixin
from core.edits import EditConflict
from premises import services
from premises.forms import BasePlanForm, RegisterFilterForm, UnitCreateForm, UnitForm, UnitStatusForm
from premises.models import BasePlan, Unit, UnitStatus
from premises.rules import can_keep_register, can_read_register, can_see_contacts, kept_committees
from premises.vacancy import long_term_vacant, vacancy_on


class RegisterReaderMixin(LoginRequiredMixin):
    """Staff readers only: anonymous visitors sign in first, other signed-in users get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_read_register(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RegisterKeeperMixin(RegisterReaderMixin):
    """Pages for the keepers of some committee's register (adding a unit, uploading a base plan): other
    staff readers get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and can_read_register(request.user) and not kept_committees(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ServiceFormMixin:
    """A valid form goes to the service (`save(form)`), then `done(saved)` redirects. A save the service
    refuses (a rule the form could not check, or an edit conflict where the view handles one) shows the
    form again with everything typed and why."""

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except EditConflict as edit_conflict:
            return self.conflict(form, edit_conflict)
        except ValidationError as refused:
            form.add_error(None, refused.messages)
            return self.form_invalid(form)
        return self.done(saved)


class UnitKeeperMixin(RegisterReaderMixin):
    """Pages that change one unit: only the keepers of its committee's register."""

    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()  # sign in first, before learning whether the unit exists
        self.unit = get_object_or_404(Unit.objects.select_related("committee"), pk=kwargs["unit"])
        if not can_keep_register(request.user, self.unit.committee):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, **kwargs)

    def announce(self, message):
        messages.success(self.request, message)
        return HttpResponseRedirect(self.unit.get_absolute_url())


def shown_plan(user, committee=None):
    """The base plan a page draws: `committee`'s if given; else the plan of a committee whose register
    `user` keeps, else the plan uploaded last (None if there is none)."""
    plans = BasePlan.objects.order_by("-uploaded_at", "-pk")
    if committee is not None:
        return plans.filter(committee=committee).first()
    return plans.filter(committee__in=kept_committees(user)).first() or plans.first()


class PlanFormMixin:
    """Unit forms: the committee's base plan, for a click to set the unit's longitude and latitude."""

    def get_context_data(self, **kwargs):
        unit = getattr(self, "unit", None)
        committee = unit.committee if unit else kept_committees(self.request.user).filter(base_plan__isnull=False).order_by("name").first()
        units = Unit.objects.with_status_on().filter(pk=unit.pk) if unit else []
        return super().get_context_data(base_plan=shown_plan(self.request.user, committee) if committee else None,
                                        plan_units=units, **kwargs)


class RegisterView(RegisterReaderMixin, ListView):
    """Every unit of the register by street, with its status today; filtered by status, use, floor, street."""

    template_name = "premises/unit_list.html"
    context_object_name = "units"

    def get_queryset(self):
        today = timezone.localdate()
        streets = Unit.objects.order_by("street").values_list("street", flat=True).distinct()
        self.filter_form = RegisterFilterForm(self.request.GET or None, streets=list(streets))
        return self.filter_form.filter(Unit.objects.for_register(today))

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            filter_form=self.filter_form,
            today=today,
            vacancy=vacancy_on(today),
            long_term_count=long_term_vacant(today).count(),
            can_add=kept_committees(self.request.user).exists(),
            base_plan=shown_plan(self.request.user),
            **kwargs,
        )


class UnitDetailView(RegisterReaderMixin, DetailView):
    template_name = "premises/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return Unit.objects.select_related("committee").with_status_on()

    def get_context_data(self, **kwargs):
        unit = self.object
        can_keep = can_keep_register(self.request.user, unit.committee_id)
        return super().get_context_data(
            statuses=unit.statuses.latest_first().select_related("recorded_by"),
            occupancies=unit.occupancies.select_related("business").order_by("-since", "-pk"),
            # The reverse of initiatives.Initiative.units: initiatives stand on premises, so the register
            # reads them through the relation and imports nothing of theirs. Staff readers see them all.
            working_on=unit.initiatives.order_by("title", "pk"),
            can_keep=can_keep,
            contacts=unit.contacts.readable() if can_see_contacts(self.request.user, unit.committee_id) else None,
            status_form=UnitStatusForm(unit=unit, initial={"since": timezone.localdate()}) if can_keep else None,
            **kwargs,
        )


class UnitCreateView(RegisterKeeperMixin, PlanFormMixin, ServiceFormMixin, FormView):
    form_class = UnitCreateForm
    template_name = "premises/unit_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "committees": kept_committees(self.request.user)}

    def save(self, form):
        return services.unit_create_with_photo(by=self.request.user, **form.service_arguments())

    def done(self, unit):
        messages.success(self.request, _("%(unit)s was added to the register.") % {"unit": unit})
        return HttpResponseRedirect(unit.get_absolute_url())


class UnitUpdateView(UnitKeeperMixin, PlanFormMixin, ServiceFormMixin, EditConflictMixin, UpdateView):
    form_class = UnitForm
    template_name = "premises/unit_form.html"

    def get_object(self, queryset=None):
        return Unit.objects.get(pk=self.unit.pk)  # a copy: an invalid form changes its instance

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "committees": kept_committees(self.request.user)}

    def save(self, form):
        return services.unit_update_with_photo(unit=self.object, by=self.request.user,
                                               expected_version=form.expected_version, **form.changes())

    def done(self, saved):
        self.unit = saved
        return self.announce(_("The details of %(unit)s were saved.") % {"unit": saved})


class StatusRecordView(UnitKeeperMixin, ServiceFormMixin, FormView):
    form_class = UnitStatusForm
    template_name = "premises/status_form.html"

    def get_initial(self):
        return {"since": timezone.localdate()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit}

    def save(self, form):
        return services.status_record(unit=self.unit, by=self.request.user, **form.changes())

    def done(self, saved):
        return self.announce(_("The status of %(unit)s was recorded.") % {"unit": self.unit})


class StatusCorrectView(UnitKeeperMixin, ServiceFormMixin, EditConflictMixin, UpdateView):
    form_class = UnitStatusForm
    template_name = "premises/status_form.html"
    context_object_name = "unit_status"

    def get_object(self, queryset=None):
        return get_object_or_404(UnitStatus, pk=self.kwargs["pk"], unit=self.unit)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit}

    def save(self, form):
        return services.status_correct(unit_status=self.object, by=self.request.user,
                                       expected_version=form.expected_version, **form.changes())

    def done(self, saved):
        return self.announce(_("The status of %(unit)s was corrected; its history keeps what it said before.") % {"unit": self.unit})


class BasePlanView(RegisterKeeperMixin, ServiceFormMixin, FormView):
    """Upload the base plan of a committee's part of the centre (GeoJSON): its keepers only."""

    form_class = BasePlanForm
    template_name = "premises/base_plan_form.html"
    http_method_names = ["get", "post", "head", "options"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "committees": kept_committees(self.request.user)}

    def get_context_data(self, **kwargs):
        plans = BasePlan.objects.filter(committee__in=kept_committees(self.request.user)).select_related("committee", "uploaded_by")
        return super().get_context_data(plans=plans.defer("geojson").order_by("committee__name"), **kwargs)

    def save(self, form):
        data = form.cleaned_data
        return services.base_plan_save(committee=data["committee"], plan=data["plan"], credit=data["credit"], by=self.request.user)

    def done(self, saved):
        messages.success(self.request, _("The base plan of %(committee)s was saved.") % {"committee": saved.committee})
        return HttpResponseRedirect(reverse("premises:register"))
