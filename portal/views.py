from axes.decorators import axes_dispatch
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.decorators import method_decorator

from committees.models import Committee, Meeting, Membership


def home(request):
    context = {
        "committees": Committee.objects.public().with_current_member_count(),
        "upcoming_meetings": Meeting.objects.of_public_committees().upcoming().select_related("committee")[:5],
    }
    return render(request, "portal/home.html", context)


@login_required
def my_work(request):
    memberships = Membership.objects.current().filter(person__user=request.user).with_people()
    return render(request, "portal/my_work.html", {"memberships": memberships})


@method_decorator(axes_dispatch, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the page must render even when the database is what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())
