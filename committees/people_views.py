"""The staff's people page: everyone the user may see listed with their committees, and the people
whose details are open to her added and corrected there, outside any one membership (the rules:
committees.rules and PersonQuerySet)."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, ListView, UpdateView

from committees import services
from committees.models import Person
from committees.rules import can_add_person, can_invite, can_read_people
from committees.view_helpers import PersonFormMixin, person_form_class

PEOPLE_PER_PAGE = 50


class PeopleMixin(LoginRequiredMixin):
    """Anonymous visitors sign in first; a signed-in user the `allowed` rule refuses gets 403."""

    allowed = staticmethod(can_read_people)
    success_url = reverse_lazy("committees:person-list")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.success_url, **kwargs)

    def done(self, person):
        messages.success(self.request, self.success_message % {"object": person})
        return HttpResponseRedirect(self.success_url)


class PersonListView(PeopleMixin, ListView):
    template_name = "committees/person_list.html"
    context_object_name = "people"
    paginate_by = PEOPLE_PER_PAGE

    def get_queryset(self):
        return Person.objects.for_people_page(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(can_add_person=can_add_person(user), can_invite=can_invite(user), **kwargs)


class PersonCreateView(PeopleMixin, FormView):
    """A person on no committee yet: the one who enters them keeps seeing their details until their
    first term begins (PersonQuerySet.contact_details_open_to)."""

    allowed = staticmethod(can_add_person)
    template_name = "committees/person_form.html"
    success_message = _("%(object)s was added.")

    def get_form_class(self):
        return person_form_class(self.request.user)

    def form_valid(self, form):
        return self.done(services.person_create(by=self.request.user, **form.changes()))


class PersonEditView(PeopleMixin, PersonFormMixin, UpdateView):
    """A person's name and private contact details from the people page: only people whose details
    are open to the user exist here; those who may add no one get 403."""

    allowed = staticmethod(can_add_person)
    success_message = _("The contact details of %(object)s were saved.")

    def get_queryset(self):
        return Person.objects.contact_details_open_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        erasable = Person.objects.erasable_by(self.request.user).filter(pk=self.object.pk).exists()
        committee = context["person_committees"].first() if erasable else None
        if committee is not None:
            context["erase_url"] = reverse("committees:person-erase", args=[committee.slug, self.object.pk])
        return context
