"""The platform administrator's norms page."""

from django.urls import path

from . import views

app_name = "norms"

urlpatterns = [path("", views.index, name="index")]
