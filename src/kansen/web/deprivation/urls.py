from django.urls import path

from . import views

app_name = "deprivation"

urlpatterns = [
    path("index/", views.builder, name="builder"),
    path("index/opslaan/", views.save, name="save"),
    path("verdelen/", views.allocation, name="allocation"),
]
