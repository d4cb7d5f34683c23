"""Public pages of the directory: search, offer pages (no login)."""

from django.urls import path
from django.views.generic import RedirectView

app_name = "directory"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="offers:check"), name="search"),
]
