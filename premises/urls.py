from django.urls import path, re_path

from premises import audit_views, contact_views, public_views, spreadsheet_views, views

app_name = "premises"

# The staff register lives under register/; /premises/ itself is kept for the public figures.
urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="register"),
    path("register/plan/", views.BasePlanView.as_view(), name="base-plan"),
    path("register/new/", views.UnitCreateView.as_view(), name="unit-create"),
    path("register/<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path("register/<int:unit>/edit/", views.UnitUpdateView.as_view(), name="unit-update"),
    path("register/<int:unit>/status/", views.StatusRecordView.as_view(), name="status-create"),
    path("register/<int:unit>/status/<int:pk>/", views.StatusCorrectView.as_view(), name="status-update"),
]

# The public pages (premises.public_views): the figures and the units available to let.
urlpatterns += [
    path("", public_views.figures, name="public"),
    path("available/", public_views.available, name="available"),
    path("photos/<int:pk>/", public_views.unit_photo, name="unit-photo"),
]

# Owners', landlords' and letting agents' contacts of a unit: its committee's keepers only.
urlpatterns += [
    path("register/<int:unit>/contacts/new/", contact_views.ContactCreateView.as_view(), name="contact-create"),
    path("register/<int:unit>/contacts/<int:pk>/", contact_views.ContactUpdateView.as_view(), name="contact-update"),
    path("register/<int:unit>/contacts/<int:pk>/remove/", contact_views.ContactRemoveView.as_view(), name="contact-remove"),
    path("register/<int:unit>/contacts/<int:pk>/erase/", contact_views.ContactEraseView.as_view(), name="contact-erase"),
]

# The street audit on a phone: the keepers walk a street and set each unit's status.
urlpatterns += [
    path("register/audit/", audit_views.AuditStartView.as_view(), name="audit"),
    path("register/audit/street/", audit_views.AuditStreetView.as_view(), name="audit-street"),
]

# The register as a spreadsheet (premises.spreadsheet_views).
urlpatterns += [
    re_path(r"^register/export\.(?P<file_format>csv|xlsx)$", spreadsheet_views.RegisterExportView.as_view(), name="register-export"),
    path("register/import/", spreadsheet_views.RegisterImportView.as_view(), name="register-import"),
]
