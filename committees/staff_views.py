"""The secretary's pages: keep the committee, its members, meetings, recommendations and documents."""
import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from committees import services
from committees.forms import (
    CommitteeForm,
    DocumentForm,
    MeetingForm,
    MeetingRecordForm,
    MembershipAddForm,
    MembershipEndForm,
    MembershipForm,
    PersonContactForm,
    RecommendationForm,
    RecommendationMoveForm,
)
from committees.models import Committee, Person
from committees.rules import can_create_committee, can_edit_committee
from committees.views import CommitteeMixin


class CommitteeEditMixin(LoginRequiredMixin, CommitteeMixin):
    """Anonymous users sign in first; users who may not edit this committee get 403."""

    http_method_names = ["get", "post", "head", "options"]
    success_message = ""
    takes_committee = False  # whether the form needs the committee (to offer only its meetings)

    def check_permission(self):
        if not can_edit_committee(self.request.user, self.committee):
            raise PermissionDenied

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.takes_committee:
            kwargs["committee"] = self.committee
        return kwargs

    def get_success_url(self):
        return self.committee.get_absolute_url()

    def done(self, obj=None):
        messages.success(self.request, self.success_message % {"object": obj or self.committee})
        return HttpResponseRedirect(self.get_success_url())


class CommitteeCreateView(LoginRequiredMixin, FormView):
    form_class = CommitteeForm
    template_name = "committees/committee_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_create_committee(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        committee = services.committee_create(creator=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("The committee %(name)s was created.") % {"name": committee.name})
        return HttpResponseRedirect(committee.get_absolute_url())


class CommitteeUpdateView(CommitteeEditMixin, UpdateView):
    form_class = CommitteeForm
    template_name = "committees/committee_form.html"
    success_message = _("The committee's details were saved.")

    def get_object(self, queryset=None):
        # A copy: an invalid form changes its instance, and the page's links still need the saved slug.
        return Committee.objects.get(pk=self.committee.pk)

    def form_valid(self, form):
        self.committee = form.save()
        return self.done()


class MembershipAddView(CommitteeEditMixin, FormView):
    form_class = MembershipAddForm
    template_name = "committees/membership_form.html"
    success_message = _("%(object)s was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        membership = services.membership_add(committee=self.committee, by=self.request.user, **form.service_arguments())
        return self.done(membership.person)


class MembershipUpdateView(CommitteeEditMixin, UpdateView):
    form_class = MembershipForm
    template_name = "committees/membership_form.html"
    success_message = _("The membership of %(object)s was saved.")

    def get_queryset(self):
        return self.committee.memberships.with_people()

    def form_valid(self, form):
        return self.done(form.save().person)


class MembershipEndView(CommitteeEditMixin, UpdateView):
    form_class = MembershipEndForm
    template_name = "committees/membership_end_form.html"
    success_message = _("The term of %(object)s was ended.")

    def get_queryset(self):
        return self.committee.memberships.with_people()

    def form_valid(self, form):
        membership = services.membership_end(membership=self.object, on=form.cleaned_data["term_end"])
        return self.done(membership.person)


class PersonUpdateView(CommitteeEditMixin, UpdateView):
    """A member's name and private contact details, reached through a committee of theirs: only
    people whose details are open to the user (PersonQuerySet.contact_details_open_to) exist here."""

    form_class = PersonContactForm
    template_name = "committees/person_form.html"
    success_message = _("The contact details of %(object)s were saved.")

    def get_queryset(self):
        people = Person.objects.contact_details_open_to(self.request.user)
        return people.filter(pk__in=self.committee.memberships.values("person_id"))

    def get_form_kwargs(self):
        # A copy: an invalid form changes its instance, and the heading still needs the saved name.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def get_context_data(self, **kwargs):
        committees = Committee.objects.visible_to(self.request.user).with_member(self.object)
        return super().get_context_data(person_committees=committees, **kwargs)

    def form_valid(self, form):
        return self.done(services.person_contact_update(person=self.object, **form.cleaned_data))


class PersonEraseView(CommitteeEditMixin, DetailView):
    """Erase a person's personal data on their request, after a confirmation page. Reached through a
    committee of theirs; only people the user may erase (PersonQuerySet.erasable_by) exist here."""

    template_name = "committees/person_confirm_erase.html"
    context_object_name = "person"

    def get_queryset(self):
        people = Person.objects.erasable_by(self.request.user)
        return people.filter(pk__in=self.committee.memberships.values("person_id"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(memberships=self.object.memberships.with_people(), **kwargs)

    def post(self, request, *args, **kwargs):
        services.person_erase(person=self.get_object())
        # No name in the message: it would be kept in the session until shown.
        messages.success(request, _("The person's data were erased. The committee's records now say “a former member”."))
        return HttpResponseRedirect(self.get_success_url())


class MeetingQuerysetMixin:
    def get_queryset(self):
        return self.committee.meetings.select_related("committee")

    def get_success_url(self):
        return self.object.get_absolute_url()


class MeetingCreateView(MeetingQuerysetMixin, CommitteeEditMixin, CreateView):
    form_class = MeetingForm
    template_name = "committees/meeting_form.html"
    success_message = _("The meeting %(object)s was scheduled.")

    def form_valid(self, form):
        form.instance.committee = self.committee
        self.object = form.save()
        return self.done(self.object)


class MeetingUpdateView(MeetingQuerysetMixin, CommitteeEditMixin, UpdateView):
    form_class = MeetingForm
    template_name = "committees/meeting_form.html"
    success_message = _("The meeting %(object)s was saved.")

    def form_valid(self, form):
        return self.done(form.save())


class MeetingRecordView(MeetingQuerysetMixin, CommitteeEditMixin, UpdateView):
    """Attendance, minutes and the outcome (held or cancelled) of a meeting."""

    form_class = MeetingRecordForm
    template_name = "committees/meeting_record_form.html"
    success_message = _("The record of %(object)s was saved.")

    def get_form_kwargs(self):
        meeting = self.object
        members_then = self.committee.memberships.current(meeting.starts_at.date())
        people = Person.objects.filter(Q(memberships__in=members_then) | Q(attendances__meeting=meeting)).distinct()
        return {**super().get_form_kwargs(), "people": people.order_by("full_name")}

    def form_valid(self, form):
        meeting = services.meeting_record(
            meeting=self.object,
            status=form.cleaned_data["status"],
            minutes=form.cleaned_data["minutes"],
            minutes_published=form.cleaned_data["minutes_published"],
            attendance=form.attendance(),
        )
        return self.done(meeting)


class MeetingCancelView(MeetingQuerysetMixin, CommitteeEditMixin, DetailView):
    template_name = "committees/meeting_confirm_cancel.html"
    success_message = _("The meeting %(object)s was cancelled.")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.done(services.meeting_cancel(meeting=self.object))


class RecommendationQuerysetMixin:
    def get_queryset(self):
        return self.committee.recommendations.with_committee()

    def get_success_url(self):
        return self.object.get_absolute_url()


class RecommendationCreateView(RecommendationQuerysetMixin, CommitteeEditMixin, CreateView):
    form_class = RecommendationForm
    template_name = "committees/recommendation_form.html"
    takes_committee = True
    success_message = _("The draft recommendation %(object)s was saved.")

    def form_valid(self, form):
        form.instance.committee = self.committee
        self.object = form.save()
        return self.done(self.object)


class RecommendationUpdateView(RecommendationQuerysetMixin, CommitteeEditMixin, UpdateView):
    form_class = RecommendationForm
    template_name = "committees/recommendation_form.html"
    takes_committee = True
    success_message = _("The recommendation %(object)s was saved.")

    def form_valid(self, form):
        return self.done(form.save())


class RecommendationMoveView(RecommendationQuerysetMixin, CommitteeEditMixin, FormView):
    """Move a recommendation on to its next status, with the date of the step."""

    form_class = RecommendationMoveForm
    template_name = "committees/recommendation_move_form.html"
    success_message = _("The recommendation %(object)s is now %(status)s.")

    @cached_property
    def object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "recommendation": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(recommendation=self.object, **kwargs)

    def form_valid(self, form):
        try:
            services.recommendation_move(recommendation=self.object, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
            self.object.refresh_from_db()
            return self.form_invalid(form)
        messages.success(
            self.request,
            self.success_message % {"object": self.object, "status": self.object.get_status_display()},
        )
        return HttpResponseRedirect(self.get_success_url())


class DocumentUploadView(CommitteeEditMixin, CreateView):
    form_class = DocumentForm
    template_name = "committees/document_form.html"
    takes_committee = True
    success_message = _("The document %(object)s was uploaded.")

    def form_valid(self, form):
        form.instance.committee = self.committee
        return self.done(form.save())
