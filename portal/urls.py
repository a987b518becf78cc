from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import accounts, views

urlpatterns = [
    path("", include("portal.site_urls")),
    path("committees/", include("committees.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("surveys/", include("surveys.urls")),
    path("premises/", include("premises.urls")),
    path("businesses/", include("premises.business_urls")),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html"),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_changed.html"),
        name="password_change_done",
    ),
    path("accounts/password/reset/", accounts.PasswordResetRequestView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("accounts/password/reset/<uidb64>/<token>/", accounts.PasswordSetView.as_view(), name="password_reset_confirm"),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("accounts/invite/", accounts.StaffInviteView.as_view(), name="staff_invite"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
