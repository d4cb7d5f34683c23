from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "regulations"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="regulations:check"), name="index"),
    path("check/", views.check, name="check"),
    path("check/pdf/", views.check_pdf, name="check_pdf"),
]
