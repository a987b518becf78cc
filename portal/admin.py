"""Django's own user and group admins, with the portal's bounded search box; the whole admin is for
superusers only."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from core.free_text import FirstWordsAdminSearch


class PortalUserAdmin(FirstWordsAdminSearch, UserAdmin):
    pass


class PortalGroupAdmin(FirstWordsAdminSearch, GroupAdmin):
    pass


for model, model_admin in ((get_user_model(), PortalUserAdmin), (Group, PortalGroupAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)



def superusers_only(request):
    """The admin is the administrators' (superusers'): a role group's model permissions, or a ticked
    "staff status", open none of it. Staff keep the portal's own pages, whose rules say what they may."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only
