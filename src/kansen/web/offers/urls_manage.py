"""Pages for providers and the municipality to keep offers current (login)."""

from django.urls import path

from . import manage_views

app_name = "providers"

urlpatterns = [
    path("", manage_views.index, name="index"),
    path("aanbod/nieuw/", manage_views.offer_create, name="offer_create"),
    path("aanbod/alles-actueel/", manage_views.mark_all_checked, name="mark_all_checked"),
    path("aanbod/<slug:slug>/", manage_views.offer_edit, name="offer_edit"),
    path("aanbod/<slug:slug>/actueel/", manage_views.mark_checked, name="mark_checked"),
    path("gemeente/instellingen/", manage_views.settings_page, name="settings"),
    path("gemeente/import/", manage_views.import_page, name="import"),
    path("gemeente/export.<str:fmt>", manage_views.export, name="export"),
    path("gemeente/niet-gecontroleerd/", manage_views.flagged, name="flagged"),
]
