"""URL configuration of the kansen platform."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from kansen.web.accounts import views as accounts_views
from kansen.web.api import api
from kansen.web.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("gebieden/", include("kansen.web.need.urls")),
    path("gebieden/", include("kansen.web.areas.urls")),
    path("regelingen/", include("kansen.web.offers.urls")),
    path("aanbod/", include("kansen.web.offers.urls_public")),
    path("aanbieders/", include("kansen.web.offers.urls_manage")),
    path("plannen/", include("kansen.web.plans.urls")),
    path("normen/", include("kansen.web.norms.urls")),
    path("inloggen/", accounts_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("taal/", set_language, name="set_language"),
    path("api/", api.urls),
    path("beheer/", admin.site.urls),
]
