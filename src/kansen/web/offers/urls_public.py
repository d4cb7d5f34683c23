"""Public pages of the directory: search, offer pages (no login)."""

from django.urls import path

from . import public_views

app_name = "directory"

urlpatterns = [
    path("", public_views.search, name="search"),
    path("kaart/buurten.geojson", public_views.areas, name="areas"),
    path("<slug:slug>/", public_views.offer, name="offer"),
]
