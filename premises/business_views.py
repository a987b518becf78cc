"""The businesses' pages: the public directory at /businesses/ (those trading today, by category or by
street, with the openings and closures per month), and the staff pages where the keepers of a
committee's register add and edit its businesses and record where they trade (their occupancies).
Staff readers read the staff pages; only the keepers of the business's committee change them
(premises.rules)."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, FormView, ListView, UpdateView

from committees.view_helpers import EditConflictMixin
from core.page_cache import public_page
from premises import services
from premises.business_forms import BY_STREET, BusinessForm, DirectoryFilterForm, OccupancyEndForm, OccupancyForm
from premises.businesses import (by_category, by_street, in_street, matching_name, openings_and_closures,
                                 published_streets, safe_website, trading_businesses)
from premises.models import Business, Occupancy
from premises.rules import can_keep_register, can_read_register, kept_committees
from premises.views import RegisterKeeperMixin, RegisterReaderMixin, ServiceFormMixin

MONTHS_SHOWN = 12


@require_safe
@public_page(params=("category", "street", "group"))
def directory(request):
    """The businesses trading today, grouped by category or by street, filtered and searched by name."""
    today = timezone.localdate()
    filter_form = DirectoryFilterForm(request.GET or None, streets=published_streets(today))
    chosen = filter_form.chosen()
    businesses = matching_name(trading_businesses(today), chosen["q"])
    if chosen["category"]:
        businesses = businesses.filter(category=chosen["category"])
    if chosen["street"]:
        businesses = in_street(businesses, chosen["street"], today)
    businesses = list(businesses)
    by_street_chosen = chosen["group"] == BY_STREET
    response = render(request, "premises/business_directory.html", {
        "filter_form": filter_form,
        "groups": by_street(businesses, chosen["street"]) if by_street_chosen else by_category(businesses),
        "grouped_by_street": by_street_chosen,
        "count": len(businesses),
        "months": openings_and_closures(MONTHS_SHOWN, today),
        "can_read_register": can_read_register(request.user),
    })
    if filter_form.is_bound and not filter_form.is_valid():
        response["Cache-Control"] = "no-store"  # a value the page does not offer: rendered, not kept
    return response


def with_current_units(businesses):
    today = timezone.localdate()
    running = Occupancy.objects.on(today).select_related("unit").order_by("since", "pk")
    return businesses.select_related("committee").prefetch_related(Prefetch("occupancies", queryset=running, to_attr="current"))


class BusinessListView(RegisterReaderMixin, ListView):
    """Every business of the register, with the units it trades in today; searchable by name."""

    template_name = "premises/business_list.html"
    context_object_name = "businesses"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "")
        return with_current_units(matching_name(Business.objects.order_by("name", "pk"), self.query))

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, can_add=kept_committees(self.request.user).exists(), **kwargs)


class BusinessDetailView(RegisterReaderMixin, DetailView):
    """A business with every occupancy it has had, latest first."""

    template_name = "premises/business_detail.html"
    context_object_name = "business"
    queryset = Business.objects.select_related("committee")

    def get_context_data(self, **kwargs):
        business = self.object
        return super().get_context_data(
            occupancies=business.occupancies.select_related("unit").order_by("-since", "-pk"),
            website=safe_website(business.website),
            can_keep=can_keep_register(self.request.user, business.committee_id),
            today=timezone.localdate(),
            **kwargs,
        )


class BusinessKeeperMixin(RegisterReaderMixin):
    """Pages that change one business: only the keepers of its committee's register."""

    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()  # sign in first, before learning whether the business exists
        self.business = get_object_or_404(Business.objects.select_related("committee"), pk=kwargs["business"])
        if not can_keep_register(request.user, self.business.committee):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(business=self.business, **kwargs)

    def announce(self, message):
        messages.success(self.request, message)
        return HttpResponseRedirect(self.business.get_absolute_url())


class BusinessCreateView(RegisterKeeperMixin, ServiceFormMixin, FormView):
    form_class = BusinessForm
    template_name = "premises/business_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "committees": kept_committees(self.request.user)}

    def save(self, form):
        return services.business_create(by=self.request.user, **form.changes())

    def done(self, business):
        messages.success(self.request, _("%(business)s was added.") % {"business": business})
        return HttpResponseRedirect(business.get_absolute_url())


class BusinessUpdateView(BusinessKeeperMixin, ServiceFormMixin, EditConflictMixin, UpdateView):
    form_class = BusinessForm
    template_name = "premises/business_form.html"
    context_object_name = "stored"

    def get_object(self, queryset=None):
        return Business.objects.get(pk=self.business.pk)  # a copy: an invalid form changes its instance

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "committees": kept_committees(self.request.user)}

    def save(self, form):
        return services.business_update(business=self.object, by=self.request.user,
                                        expected_version=form.expected_version, **form.changes())

    def done(self, saved):
        self.business = saved
        return self.announce(_("The details of %(business)s were saved.") % {"business": saved})


class OccupancyStartView(BusinessKeeperMixin, ServiceFormMixin, FormView):
    form_class = OccupancyForm
    template_name = "premises/occupancy_form.html"

    def get_initial(self):
        return {"since": timezone.localdate()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "business": self.business}

    def save(self, form):
        return services.occupancy_start(business=self.business, by=self.request.user, **form.changes())

    def done(self, occupancy):
        return self.announce(_("The occupancy of %(unit)s by %(business)s was recorded.")
                             % {"business": self.business, "unit": occupancy.unit})


class OccupancyEditMixin(BusinessKeeperMixin, ServiceFormMixin, EditConflictMixin):
    """Ending or correcting one of the business's occupancies."""

    template_name = "premises/occupancy_form.html"
    context_object_name = "occupancy"

    def get_object(self, queryset=None):
        return get_object_or_404(Occupancy.objects.select_related("unit"), pk=self.kwargs["pk"], business=self.business)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "business": self.business}

    def save(self, form):
        return services.occupancy_update(occupancy=self.object, by=self.request.user,
                                         expected_version=form.expected_version, **form.changes())


class OccupancyEndView(OccupancyEditMixin, UpdateView):
    form_class = OccupancyEndForm

    def get_initial(self):
        return {"until": timezone.localdate()}

    def done(self, saved):
        return self.announce(_("The occupancy of %(unit)s was ended.") % {"unit": saved.unit})


class OccupancyCorrectView(OccupancyEditMixin, UpdateView):
    form_class = OccupancyForm

    def done(self, saved):
        return self.announce(_("The occupancy of %(unit)s was corrected; its history keeps what it said before.")
                             % {"unit": saved.unit})
