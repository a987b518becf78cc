"""The pages of the organisations, and of a recommendation's addressees and their replies."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.urls import reverse
from django.views.generic import FormView, ListView, View

from committees import services
from committees.addressee_forms import AddresseeReplyForm, AddresseesAddForm, OrganisationForm
from committees.models import AddresseeReply, Organisation, RecommendationAddressee
from committees.rules import can_keep_organisations, can_record_reply
from committees.view_helpers import CommitteeEditMixin, CommitteeMixin
from core import reading
from core.edit_forms import form_after_conflict, stale_conflict
from core.edits import EditConflict
from core.roles import is_staff_reader


def with_authors(records):
    """History records, each with `who` saved it (a name, or empty when it was not a signed-in user)."""
    records = list(records)
    for record in records:
        user = record.history_user
        record.who = (user.get_full_name() or user.get_username()) if user else ""
    return records


# Organisations ------------------------------------------------------------------------------


class OrganisationListView(LoginRequiredMixin, ListView):
    """Every organisation, with its kind and the accounts that speak for it: staff read, secretaries keep."""

    template_name = "committees/organisation_list.html"
    context_object_name = "organisations"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_staff_reader(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Organisation.objects.prefetch_related("accounts__user")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_keep=can_keep_organisations(self.request.user), **kwargs)


class OrganisationEditMixin(LoginRequiredMixin):
    template_name = "committees/organisation_form.html"
    form_class = OrganisationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_keep_organisations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            organisation = self.save(form)
        except EditConflict as edit_conflict:
            form, details = form_after_conflict(type(form), form, edit_conflict)
            return self.render_to_response(self.get_context_data(form=form, conflict=details))
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"name": organisation.name})
        return HttpResponseRedirect(reverse("committees:organisation-list"))


class OrganisationCreateView(OrganisationEditMixin, FormView):
    success_message = _("The organisation %(name)s was added.")

    def save(self, form):
        return services.organisation_create(by=self.request.user, **form.changes())


class OrganisationUpdateView(OrganisationEditMixin, FormView):
    success_message = _("The organisation %(name)s was saved.")

    @cached_property
    def organisation(self):
        return get_object_or_404(Organisation, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        # A copy: an invalid form changes its instance, and the heading still names the saved organisation.
        return {**super().get_form_kwargs(), "instance": Organisation.objects.get(pk=self.organisation.pk)}

    def get_context_data(self, **kwargs):
        changes = with_authors(self.organisation.history.select_related("history_user").order_by("-history_date")[:10])
        return super().get_context_data(organisation=self.organisation, changes=changes, **kwargs)

    def form_invalid(self, form):
        edit_conflict = stale_conflict(form)
        if edit_conflict:
            form, details = form_after_conflict(type(form), form, edit_conflict)
            return self.render_to_response(self.get_context_data(form=form, conflict=details))
        return super().form_invalid(form)

    def save(self, form):
        return services.organisation_update(
            organisation=self.organisation, by=self.request.user, expected_version=form.expected_version,
            **form.changes(),
        )


# A recommendation's addressees ----------------------------------------------------------------


class RecommendationMixin:
    """The recommendation named in the URL, under the committee of the URL."""

    @cached_property
    def recommendation(self):
        return get_object_or_404(self.committee.recommendations.with_committee(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(recommendation=self.recommendation, **kwargs)

    def get_success_url(self):
        return self.recommendation.get_absolute_url()


class RecommendationAddresseesView(RecommendationMixin, CommitteeEditMixin, FormView):
    """Whom the recommendation goes to: the addressees so far, and more to add."""

    form_class = AddresseesAddForm
    template_name = "committees/recommendation_addressees.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "recommendation": self.recommendation}

    def get_context_data(self, **kwargs):
        addressees = self.recommendation.addressees.select_related("organisation").prefetch_related("replies")
        return super().get_context_data(addressees=addressees, **kwargs)

    def form_valid(self, form):
        try:
            added = services.recommendation_addressees_add(
                recommendation=self.recommendation, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, _("The recommendation now also goes to: %(names)s.")
                         % {"names": reading.listed(addressee.organisation for addressee in added)})
        return HttpResponseRedirect(reverse(
            "committees:recommendation-addressees", args=[self.committee.slug, self.recommendation.pk]
        ))


class AddresseeRemoveView(RecommendationMixin, CommitteeEditMixin, View):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        addressee = get_object_or_404(self.recommendation.addressees.select_related("organisation"),
                                      pk=self.kwargs["addressee"])
        try:
            services.recommendation_addressee_remove(addressee=addressee, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(organisation)s was removed from the addressees.")
                             % {"organisation": addressee.organisation})
        return HttpResponseRedirect(reverse(
            "committees:recommendation-addressees", args=[self.committee.slug, self.recommendation.pk]
        ))


class ReplyMixin(LoginRequiredMixin, RecommendationMixin, CommitteeMixin):
    """Pages of one addressee's replies: for whoever keeps the committee, and for the accounts that
    speak for the addressee (committees.rules.can_record_reply)."""

    http_method_names = ["get", "post", "head", "options"]
    form_class = AddresseeReplyForm
    template_name = "committees/addressee_reply_form.html"

    @cached_property
    def addressee(self):
        addressees = RecommendationAddressee.objects.select_related("organisation", "recommendation__committee")
        return get_object_or_404(addressees, recommendation=self.recommendation, pk=self.kwargs["addressee"])

    def check_permission(self):
        if not can_record_reply(self.request.user, self.addressee):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "addressee": self.addressee}

    def get_context_data(self, **kwargs):
        return super().get_context_data(addressee=self.addressee, **kwargs)

    def get_success_url(self):
        return self.addressee.get_absolute_url()

    def form_valid(self, form):
        try:
            reply = self.save(form)
        except EditConflict as edit_conflict:
            return self.conflict(form, edit_conflict)
        except ValidationError as error:  # the rules checked again under lock: said next to the fields
            form.add_service_error(error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {
            "organisation": self.addressee.organisation, "reply": reply.get_kind_display()
        })
        return HttpResponseRedirect(self.get_success_url())

    def conflict(self, form, edit_conflict):
        form, details = form_after_conflict(type(form), form, edit_conflict, addressee=self.addressee)
        return self.render_to_response(self.get_context_data(form=form, conflict=details))


class AddresseeReplyCreateView(ReplyMixin, FormView):
    success_message = _("The reply of %(organisation)s (%(reply)s) was recorded.")

    def save(self, form):
        values = {name: form.cleaned_data[name] for name in ("received_on", "kind", "text")}
        return services.addressee_reply_record(addressee=self.addressee, by=self.request.user, **values)


class AddresseeReplyCorrectView(ReplyMixin, FormView):
    """Correct a recorded reply; the page lists what it said before each correction."""

    success_message = _("The reply of %(organisation)s (%(reply)s) was corrected.")

    @cached_property
    def reply(self):
        return get_object_or_404(AddresseeReply, addressee=self.addressee, pk=self.kwargs["reply"])

    def get_form_kwargs(self):
        # A copy: an invalid form changes its instance, and the history still shows the saved reply.
        return {**super().get_form_kwargs(), "instance": AddresseeReply.objects.get(pk=self.reply.pk)}

    def get_context_data(self, **kwargs):
        history = with_authors(self.reply.history.select_related("history_user").order_by("-history_date", "-history_id"))
        return super().get_context_data(reply=self.reply, reply_history=history, **kwargs)

    def form_invalid(self, form):
        edit_conflict = stale_conflict(form)
        return self.conflict(form, edit_conflict) if edit_conflict else super().form_invalid(form)

    def save(self, form):
        return services.addressee_reply_correct(
            reply=self.reply, by=self.request.user, expected_version=form.expected_version, **form.changes()
        )
