"""Forms of the organisations and of a recommendation's addressees and their replies."""
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput
from committees.models import AddresseeReply, Organisation
from core.edit_forms import VersionedModelForm
from core.roles import ROLE_NAMES


class ServiceErrors:
    """Puts a service's ValidationError next to the form's fields (the rest at the top of the form)."""

    def add_service_error(self, error):
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class AccountChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


def staff_accounts():
    """The accounts that may be linked to an organisation: active accounts with a staff role."""
    return get_user_model().objects.filter(is_active=True, groups__name__in=ROLE_NAMES).distinct().order_by(
        "first_name", "last_name", "username"
    )


class OrganisationForm(ServiceErrors, VersionedModelForm):
    accounts = AccountChoiceField(
        label=_("staff accounts that speak for it"), queryset=staff_accounts(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For example the mayor of a municipality: she records its replies to recommendations."),
    )

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accounts"].queryset = staff_accounts()
        if self.instance.pk:
            self.fields["accounts"].initial = [link.user_id for link in self.instance.accounts.all()]

    def changes(self):
        return {**super().changes(), "accounts": list(self.cleaned_data["accounts"])}


class AddresseesAddForm(ServiceErrors, forms.Form):
    """More organisations to send a recommendation to; the dates only matter once it is sent."""

    organisations = forms.ModelMultipleChoiceField(
        label=_("organisations"), queryset=Organisation.objects.none(), widget=forms.CheckboxSelectMultiple,
    )
    sent_on = forms.DateField(label=_("sent on"), widget=DateInput(), required=False, initial=timezone.localdate)
    response_due_on = forms.DateField(
        label=_("reply due by"), widget=DateInput(), required=False,
        help_text=_("Leave empty to give them the recommendation's own deadline."),
    )

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.exclude(
            pk__in=recommendation.addressees.values("organisation_id")
        )
        if recommendation.sent_on is None:  # sending sends to them, on that day
            del self.fields["sent_on"]
            del self.fields["response_due_on"]
        else:
            self.fields["sent_on"].required = True


class AddresseeReplyForm(ServiceErrors, VersionedModelForm):
    """A reply of one addressee, new or corrected; the reply's own rules (not before the sending day,
    not in the future) are checked with the addressee it belongs to."""

    class Meta:
        model = AddresseeReply
        fields = ["received_on", "kind", "text"]
        widgets = {"received_on": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, addressee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.addressee = addressee
        if not self.instance.pk:
            self.fields["received_on"].initial = timezone.localdate()
