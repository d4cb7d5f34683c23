"""Pages for providers and the municipality to keep offers current (login)."""

from django.urls import path
from django.views.generic import RedirectView

app_name = "providers"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="home"), name="index"),
]
