"""The pages that span all three apps: home, search, my work and the mayor's summary."""
from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("my-work/", views.my_work, name="my-work"),
    path("summary/", views.summary, name="summary"),
    path("summary/export.csv", views.summary_csv, name="summary-csv"),
]
