"""The pages that add, correct, remove and erase a unit's owner, landlord and letting-agent contacts:
the keepers of the unit's committee only (premises.rules.can_see_contacts; UnitKeeperMixin asks
can_keep_register, the same rule). The writes are premises.contacts'."""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from committees.models import Person
from core import reading
from core.edit_forms import version_field
from premises import contacts
from premises.models import ContactRole, UnitContact
from premises.views import ServiceFormMixin, UnitKeeperMixin


class ContactForm(forms.Form):
    """A contact's role and firm, and the person's name, e-mail and phone. A new contact can instead be
    someone already a contact of the committee's units (`people`): their details are typed once."""

    role = forms.ChoiceField(label=_("Role"), choices=ContactRole.choices)
    person = forms.ModelChoiceField(
        label=_("Someone already in the register"), queryset=Person.objects.none(), required=False,
        empty_label=_("someone new: type their details below"),
        help_text=_("The owners, landlords and agents of this committee's other units."),
    )
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False,
                                help_text=_("A person's name, or the firm's if no one is named."))
    organisation = forms.CharField(label=_("Firm"), max_length=200, required=False,
                                   help_text=_("The company or agency the contact is reached through, if any."))
    email = forms.EmailField(label=_("E-mail (private)"), required=False)
    phone = forms.CharField(label=_("Phone (private)"), max_length=40, required=False)
    version = version_field()
    person_version = version_field()

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not cleaned.get("full_name", "").strip() and "full_name" not in self.errors:
            self.add_error("full_name", _("Give the name of the person or of the firm."))
        typed = [name for name in ("full_name", "email", "phone") if str(self.data.get(self.add_prefix(name), "")).strip()]
        if cleaned.get("person") and typed:  # the picked person's details are kept: what was typed would be dropped
            self.add_error("person", _("Either choose someone already in the register, or type the details of "
                                       "someone new, not both."))
        return cleaned


class ContactCreateView(UnitKeeperMixin, ServiceFormMixin, FormView):
    form_class = ContactForm
    template_name = "premises/contact_form.html"

    def get_form_kwargs(self):
        people = Person.objects.not_erased().filter(unit_contacts__unit__committee=self.unit.committee_id)
        return {**super().get_form_kwargs(), "people": people.distinct().order_by("full_name", "pk")}

    def save(self, form):
        data = form.cleaned_data
        person = data["person"]
        details = {} if person else {"full_name": data["full_name"], "email": data["email"], "phone": data["phone"]}
        return contacts.contact_add(unit=self.unit, by=self.request.user, role=data["role"], person=person,
                                    organisation=data["organisation"], **details)

    def done(self, saved):
        return self.announce(_("The contact was added to %(unit)s.") % {"unit": self.unit})


class UnitContactMixin(UnitKeeperMixin):
    """Pages of one contact of the unit."""

    def dispatch(self, request, *args, **kwargs):
        self.contact = None
        return super().dispatch(request, *args, **kwargs)

    def get_contact(self):
        if self.contact is None:
            self.contact = get_object_or_404(UnitContact.objects.readable(), pk=self.kwargs["pk"], unit=self.unit)
        return self.contact

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact=self.get_contact(), **kwargs)


class ContactUpdateView(UnitContactMixin, ServiceFormMixin, FormView):
    form_class = ContactForm
    template_name = "premises/contact_form.html"

    def get_initial(self):
        contact = self.get_contact()
        person = contact.person
        return {"role": contact.role, "organisation": contact.organisation, "full_name": person.full_name,
                "email": person.email, "phone": person.phone, "version": contact.version, "person_version": person.version}

    def save(self, form):
        data = form.cleaned_data
        return contacts.contact_update(
            contact=self.get_contact(), by=self.request.user, expected_version=data["version"],
            expected_person_version=data["person_version"], role=data["role"], organisation=data["organisation"],
            full_name=data["full_name"], email=data["email"], phone=data["phone"],
        )

    def conflict(self, form, edit_conflict):
        """Someone saved the contact meanwhile: the form keeps what was typed, says what is saved now,
        and carries the saved versions, so that saving again replaces it knowingly."""
        self.contact = None
        contact = self.get_contact()
        person = contact.person
        data = form.data.copy()
        data["version"], data["person_version"] = contact.version, person.version
        form = self.form_class(data)
        form.is_valid()
        saved = reading.listed(text for text in (contact.get_role_display(), person.full_name, contact.organisation, person.email, person.phone) if text)
        form.add_error(None, _("Someone else saved this contact after you opened it. Saved now: %(saved)s. Your change is below: save it again to replace that.") % {"saved": saved})
        return self.render_to_response(self.get_context_data(form=form))

    def done(self, saved):
        return self.announce(_("The contact of %(unit)s was saved.") % {"unit": self.unit})


class ContactConfirmView(UnitContactMixin, TemplateView):
    """A page that asks before a POST changes the contact."""

    template_name = "premises/contact_confirm.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())  # the URL's unit and pk are not the page's context


class ContactRemoveView(ContactConfirmView):
    """Take the contact off the unit (no longer its owner, landlord or agent); asked first."""

    extra_context = {"action": "remove"}

    def post(self, request, *args, **kwargs):
        erased = contacts.contact_remove(contact=self.get_contact(), by=request.user)
        if erased:
            return self.announce(_("The contact was removed from %(unit)s; as they are nobody else's contact, their personal data was erased.") % {"unit": self.unit})
        return self.announce(_("The contact was removed from %(unit)s.") % {"unit": self.unit})


class ContactEraseView(ContactConfirmView):
    """Erase a contact's personal data on their request, from every unit; asked first. Who may:
    premises.contacts.erasable_contacts (else the page says who can)."""

    extra_context = {"action": "erase"}

    def erasable(self):
        return contacts.erasable_contacts(self.request.user).filter(pk=self.get_contact().person_id).exists()

    def get_context_data(self, **kwargs):
        return super().get_context_data(erasable=self.erasable(), **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.erasable():
            raise PermissionDenied
        contacts.contact_erase(person=self.get_contact().person, by=request.user)
        messages.success(request, _("The contact's personal data was erased from the register."))
        return HttpResponseRedirect(self.unit.get_absolute_url())
