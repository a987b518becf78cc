from django.urls import path

from premises import business_views as views

app_name = "businesses"

# /businesses/ is the public directory; the staff pages live under manage/.
urlpatterns = [
    path("", views.directory, name="directory"),
    path("manage/", views.BusinessListView.as_view(), name="manage"),
    path("manage/new/", views.BusinessCreateView.as_view(), name="create"),
    path("manage/<int:pk>/", views.BusinessDetailView.as_view(), name="detail"),
    path("manage/<int:business>/edit/", views.BusinessUpdateView.as_view(), name="update"),
    path("manage/<int:business>/occupancy/new/", views.OccupancyStartView.as_view(), name="occupancy-create"),
    path("manage/<int:business>/occupancy/<int:pk>/", views.OccupancyCorrectView.as_view(), name="occupancy-update"),
    path("manage/<int:business>/occupancy/<int:pk>/end/", views.OccupancyEndView.as_view(), name="occupancy-end"),
]
