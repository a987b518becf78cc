from django.urls import path

from premises import views

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

# The register as a spreadsheet (premises.spreadsheet_views).
from django.urls import re_path  # noqa: E402

from premises import spreadsheet_views  # noqa: E402

urlpatterns += [
    re_path(r"^register/export\.(?P<file_format>csv|xlsx)$", spreadsheet_views.RegisterExportView.as_view(), name="register-export"),
    path("register/import/", spreadsheet_views.RegisterImportView.as_view(), name="register-import"),
]
