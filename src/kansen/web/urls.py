"""URL configuration of the kansen platform."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.i18n import set_language

from kansen.web.accounts import views as accounts_views
from kansen.web.api import api
from kansen.web.core import views as core_views
from kansen.web.moved_apps import old_admin_address

urlpatterns = [
    path("", core_views.home, name="home"),
    path("gebieden/", include("kansen.web.deprivation.urls")),
    path("gebieden/", include("kansen.web.areas.urls")),
    path("regelingen/", include("kansen.web.regulations.urls")),
    path("aanbod/", include("kansen.web.directory.urls")),
    path("aanbieders/", include("kansen.web.providers.urls")),
    path("plannen/", include("kansen.web.plans.urls")),
    path("plannen/", include("kansen.web.monitoring.urls")),
    path("hulpvragen/", include("kansen.web.support.urls")),
    path("jeugdpanel/", include("kansen.web.youthpanel.urls")),
    path("", include("kansen.web.livepoll.urls")),  # /peilingen/ and /stem/
    path("praktijken/", include("kansen.web.practices.urls")),
    path("normen/", include("kansen.web.norms.urls")),
    path("inloggen/", accounts_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("taal/", set_language, name="set_language"),
    path("api/", api.urls),
    # the admin's addresses of models that moved to another app (ADR 0019)
    re_path(r"^beheer/(?P<label>need|offers)/(?P<rest>.*)$", old_admin_address),
    path("beheer/", admin.site.urls),
]
