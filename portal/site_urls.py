"""The pages that span all three apps: home, search, my work, the mayor's summary, privacy, accessibility."""
from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("my-work/", views.my_work, name="my-work"),
    path("summary/", views.summary, name="summary"),
    path("summary/export.csv", views.summary_export, name="summary-csv"),
    path("summary/export.xlsx", views.summary_export, {"file_format": "xlsx"}, name="summary-xlsx"),
]
