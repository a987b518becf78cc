"""What the committees' pages share: finding the committee in the URL, who may see or edit it, and
showing a form again after an edit conflict. Not views themselves, so that views import no views."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404

import copy

from committees import services
from committees.forms import PersonAccountForm, PersonContactForm
from committees.models import Committee
from committees.rules import can_edit_committee, can_link_account, can_read_internal, can_view_committee
from core.edit_forms import form_after_conflict, stale_conflict
from core.edits import EditConflict


class CommitteeMixin:
    """Finds the committee named in the URL; a committee the user may not see does not exist for them."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self.committee = get_object_or_404(Committee, slug=kwargs["slug"])
        if not can_view_committee(request.user, self.committee):
            raise Http404
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self):
        """Staff pages refuse users who may not edit the committee."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            committee=self.committee,
            can_edit=can_edit_committee(self.request.user, self.committee),
            can_read_internal=can_read_internal(self.request.user, self.committee),
            **kwargs,
        )


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


class EditConflictMixin:
    """For pages that edit a row with an edit version (core.edits). Each view defines `save(form)`,
    which calls the service that writes the edit (committees.services) with the form's values; a
    save refused because someone else saved in between shows the form again with everything typed,
    and the saved values that differ from it."""

    FORM_ONLY_KWARGS = ("data", "files", "instance", "initial", "prefix")

    def form_valid(self, form):
        try:
            saved = self.save(form)
        except EditConflict as edit_conflict:
            return self.conflict(form, edit_conflict)
        return self.done(self.named(saved))

    def named(self, saved):
        """What the success message names."""
        return saved

    def form_invalid(self, form):
        edit_conflict = stale_conflict(form)
        return self.conflict(form, edit_conflict) if edit_conflict else super().form_invalid(form)

    def conflict(self, form, edit_conflict):
        kwargs = {key: value for key, value in self.get_form_kwargs().items() if key not in self.FORM_ONLY_KWARGS}
        self.object = edit_conflict.stored
        form, details = form_after_conflict(self.get_form_class(), form, edit_conflict, **kwargs)
        return self.render_to_response(self.get_context_data(form=form, conflict=details))


def person_form_class(user):
    return PersonAccountForm if can_link_account(user) else PersonContactForm


class PersonFormMixin(EditConflictMixin):
    """A person's name and private contact details (and, for the administrators, the linked account),
    wherever the page that edits them is reached from. The view's queryset says whom it reaches."""

    template_name = "committees/person_form.html"
    success_message = ""

    def get_form_class(self):
        return person_form_class(self.request.user)

    def get_form_kwargs(self):
        # A copy: an invalid form changes its instance, and the heading still needs the saved name.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def get_context_data(self, **kwargs):
        committees = Committee.objects.visible_to(self.request.user).with_member(self.object)
        return super().get_context_data(person_committees=committees, **kwargs)

    def save(self, form):
        return services.person_contact_update(
            person=self.object, by=self.request.user, expected_version=form.expected_version, **form.changes()
        )
