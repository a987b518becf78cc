"""The portal's URLs plus one view that fails, to see the 500 page a resident would get."""
from django.urls import path

from portal.urls import handler404, handler500, urlpatterns as portal_urlpatterns  # noqa: F401


def broken_view(request):
    raise RuntimeError("a bug the resident must not see")


urlpatterns = [path("broken/", broken_view), *portal_urlpatterns]
