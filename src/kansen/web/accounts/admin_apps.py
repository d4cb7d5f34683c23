"""The admin application with the platform's site (``INSTALLED_APPS`` names it instead of
``django.contrib.admin``): access and scoping by the role matrix."""

from django.contrib.admin.apps import AdminConfig


class KansenAdminConfig(AdminConfig):
    default_site = "kansen.web.accounts.admin_site.KansenAdminSite"
