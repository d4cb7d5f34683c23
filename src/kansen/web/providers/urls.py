"""Pages for providers and the municipality to keep offers current (login)."""

from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("", views.index, name="index"),
    path("aanbod/nieuw/", views.offer_create, name="offer_create"),
    path("aanbod/alles-actueel/", views.mark_all_checked, name="mark_all_checked"),
    path("aanbod/<slug:slug>/", views.offer_edit, name="offer_edit"),
    path("aanbod/<slug:slug>/actueel/", views.mark_checked, name="mark_checked"),
    path("gemeente/instellingen/", views.settings_page, name="settings"),
    path("gemeente/import/", views.import_page, name="import"),
    path("gemeente/export.<str:fmt>", views.export, name="export"),
    path("gemeente/niet-gecontroleerd/", views.flagged, name="flagged"),
]
