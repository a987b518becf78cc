"""Django's own user and group admins, with the portal's bounded search box."""
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
