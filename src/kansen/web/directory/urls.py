"""Public pages of the directory: search, offer pages (no login)."""

from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("kaart/buurten.geojson", views.areas, name="areas"),
    path("<slug:slug>/", views.offer, name="offer"),
]
