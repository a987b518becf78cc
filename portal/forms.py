"""Forms of the cross-app pages: the summary's period and committee filter, site search, and staff
accounts (invitations, password resets)."""
import datetime
import unicodedata
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from committees.services import ACCOUNT_EXISTS, staff_email_in_use
from committees.rules import committees_kept_by, invitable_roles, invitation_needs_committee
from core.roles import MANAGERS, MAYORS, SECRETARIES

# A custom period longer than this is almost certainly a typing mistake in the year.
LONGEST_PERIOD = datetime.timedelta(days=366 * 20)


def one_year_before(day):
    """The same day a year earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: datetime.date
    end: datetime.date
    label: str

    @property
    def starts_at(self):
        """The first moment of the period, for datetime fields."""
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def ends_before(self):
        """The first moment after the period, for datetime fields."""
        return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))


class SummaryFilterForm(forms.Form):
    """The summary's GET form: which period and which committee. Works without JavaScript."""

    THIS_YEAR = "year"
    LAST_12_MONTHS = "12m"
    CUSTOM = "custom"
    PERIOD_CHOICES = [
        (THIS_YEAR, _("this year")),
        (LAST_12_MONTHS, _("last 12 months")),
        (CUSTOM, _("custom (from – to)")),
    ]

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False, initial=THIS_YEAR)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("all committees"),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filters"
        self.helper.layout = Layout(
            Row(
                *(Column(name, css_class="col-sm-6 col-lg") for name in ("period", "start", "end", "committee")),
                Column(Submit("", _("Show"), css_class="btn-primary mb-3"), css_class="col-auto d-flex align-items-end"),
            )
        )

    def clean(self):
        data = super().clean()
        if data.get("period") != self.CUSTOM:
            return data
        start, end = data.get("start"), data.get("end")
        if "start" in data and not start:
            self.add_error("start", _("Give the first day of the period."))
        if "end" in data and not end:
            self.add_error("end", _("Give the last day of the period."))
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        elif start and end and end - start > LONGEST_PERIOD:
            self.add_error("end", _("Choose a period of at most twenty years."))
        return data

    def selection(self):
        """(period, committee) the page shows; this year and all committees while the form is unbound or wrong."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return self._period(data), data.get("committee")

    def _period(self, data):
        today = self.today
        choice = data.get("period") or self.THIS_YEAR
        if choice == self.CUSTOM:
            return Period(data["start"], data["end"], _("custom period"))
        if choice == self.LAST_12_MONTHS:
            return Period(one_year_before(today) + datetime.timedelta(days=1), today, _("last 12 months"))
        return Period(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31), _("this year"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())


# Staff accounts ------------------------------------------------------------------------------------

ROLE_LABELS = {
    MANAGERS: _("Town-centre manager"),
    SECRETARIES: _("Committee secretary"),
    MAYORS: _("Mayor"),
}


class StaffPasswordResetForm(PasswordResetForm):
    """Django's own reset form; it also reaches an invited account that has never signed in (its
    invitation's link may have expired), not only accounts with a password."""

    def get_users(self, email):
        accounts = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            account for account in accounts
            if (account.has_usable_password() or account.last_login is None) and same_address(email, account.email)
        )


def same_address(typed, stored):
    """Django's own rule for a reset request: the typed address is the account's under Unicode case
    folding, not only under the database's case-insensitive match (which takes "mıha", with a dotless
    ı, for "miha")."""
    return unicodedata.normalize("NFKC", typed).casefold() == unicodedata.normalize("NFKC", stored).casefold()


class StaffInviteForm(forms.Form):
    """Whom to invite, in which role, for which committee: only the roles and committees
    committees.rules lets the inviter hand out."""

    # The account keeps the name as first and last name of at most 150 characters each
    # (services.staff_invite splits it): a longer name would fail only there.
    full_name = forms.CharField(label=_("full name"), max_length=150)
    email = forms.EmailField(
        label=_("e-mail address"), max_length=150,
        help_text=_("The invitation goes here. It is also the user name to sign in with."),
    )
    role = forms.ChoiceField(label=_("role"), widget=forms.RadioSelect)
    committee = forms.ModelChoiceField(label=_("committee"), queryset=Committee.objects.none())
    language = forms.ChoiceField(
        label=_("their language"), required=False,
        choices=[("", _("not known: the portal's default language")), *settings.LANGUAGES],
        help_text=_("The invitation e-mail is written in it."),
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, ROLE_LABELS[role]) for role in invitable_roles(inviter)]
        if len(self.fields["role"].choices) == 1:  # nothing to choose: it is chosen
            self.fields["role"].initial = self.fields["role"].choices[0][0]
        committee = self.fields["committee"]
        if invitation_needs_committee(inviter):
            committee.queryset = Committee.objects.filter(pk__in=committees_kept_by(inviter)).order_by("name")
            committee.help_text = _("One of the committees you keep: your colleague keeps it with you as its secretary from today.")
        else:
            committee.queryset = Committee.objects.order_by("name")
            committee.required = False
            committee.help_text = _("Optional: the committee they sit on from today (a secretary as its secretary, "
                                    "anyone else as a member). A manager edits only the initiatives of their committees.")

    def clean_email(self):
        email = self.cleaned_data["email"]
        if staff_email_in_use(email):
            raise forms.ValidationError(ACCOUNT_EXISTS, code="account_exists")
        return email
