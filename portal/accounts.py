"""Staff accounts without the admin: an invitation by e-mail, and "forgot your password?".

Both send Django's own one-time link (PasswordResetTokenGenerator: it stops working once the
password is set, or after PASSWORD_RESET_TIMEOUT) to Django's own PasswordResetConfirmView, where
the owner chooses a password; signing in afterwards goes through the sign-in page and its lockout
(django-axes). A reset request is answered the same whether the address belongs to an account or
not; an address (client_ip) may send PASSWORD_RESETS_PER_ADDRESS_PER_HOUR of them, and an account is
sent at most PASSWORD_RESET_MAILS_PER_ACCOUNT_PER_HOUR e-mails (further requests are answered as
usual, without one)."""
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.generic import FormView

from committees import services
from committees.rules import can_invite
from core.client_ip import client_ip
from core.rate_limits import attempt_count, counter_key
from portal.forms import ROLE_LABELS, StaffInviteForm, StaffPasswordResetForm

HOUR = 3600


def link_context():
    """What the e-mails say besides the link."""
    return {"town": settings.TOWN_NAME, "link_hours": settings.PASSWORD_RESET_TIMEOUT // HOUR}


def send_invitation(request, user, *, inviter, role, language=""):
    """The invitation e-mail with the one-time link where `user` sets a password, written in the
    invitee's `language` when the inviter knows it, else in the portal's default language (never
    in the inviter's own: it is the invitee who reads it)."""
    form = StaffPasswordResetForm({"email": user.email})
    form.is_valid()
    with translation.override(language or settings.LANGUAGE_CODE):
        form.save(
            request=request, use_https=request.is_secure(),
            subject_template_name="registration/invitation_subject.txt",
            email_template_name="registration/invitation_email.txt",
            extra_email_context={
                **link_context(), "inviter": inviter.get_full_name() or inviter.get_username(),
                "role": ROLE_LABELS[role],
            },
        )


def _over(kind, value, limit):
    return attempt_count(counter_key("accounts:password-reset", kind, value), HOUR) > limit


class PasswordResetRequestView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"

    @property
    def extra_email_context(self):
        return link_context()

    def form_valid(self, form):
        if _over("address", client_ip(self.request), settings.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR):
            form.add_error(None, _("Too many requests for a new password came from your connection. "
                                   "Please try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        email = form.cleaned_data["email"].casefold()
        if _over("email", email, settings.PASSWORD_RESET_MAILS_PER_ACCOUNT_PER_HOUR):
            return HttpResponseRedirect(self.get_success_url())  # as usual: nothing tells whether it exists
        return super().form_valid(form)


# Django 5.2 reworded the message of its MinimumLengthValidator, and its own Slovenian and Persian
# catalogues lack the new words: listed here, the message is in the portal's catalogues, which
# Django reads first.
DJANGO_MESSAGES_MISSING_FROM_ITS_CATALOGUES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
)

class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Django's own page behind the link. Once the password is set, the failed sign-ins counted
    against the account's user name are forgotten: its owner signs in at once with the new one."""

    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=self.user.get_username())
        return response


class StaffInviteView(LoginRequiredMixin, FormView):
    """The administrator, or a secretary for the committees she keeps, invites a staff member
    (committees.rules.invitable_roles says whom)."""

    form_class = StaffInviteForm
    template_name = "registration/staff_invite.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_invite(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "inviter": self.request.user}

    def form_valid(self, form):
        invitation = {name: value for name, value in form.cleaned_data.items() if name != "language"}
        try:
            user = services.staff_invite(by=self.request.user, **invitation)
        except ValidationError as error:  # its address was taken meanwhile (a double click): nothing stored
            form.add_error("email", error)
            return self.form_invalid(form)
        send_invitation(self.request, user, inviter=self.request.user, role=form.cleaned_data["role"],
                        language=form.cleaned_data["language"])
        messages.success(self.request, _("The invitation was sent to %(email)s.") % {"email": user.email})
        return HttpResponseRedirect(reverse("staff_invite"))
