from django.urls import path

from . import views

app_name = "practices"

urlpatterns = [
    path("", views.index, name="index"),
    path("vergelijken/", views.compare, name="compare"),
    path("eigen/", views.mine, name="mine"),
    path("nieuw/", views.create, name="create"),
    path("landelijk/", views.national_view, name="national"),
    path("landelijk/overzicht.xlsx", views.national_export, name="national_export"),
    path("open-data/praktijken.<str:fmt>", views.download, name="download"),
    path("<slug:municipality>/<slug:slug>/", views.detail, name="detail"),
    path("<slug:municipality>/<slug:slug>/wijzigen/", views.edit, name="edit"),
    path("<slug:municipality>/<slug:slug>/publiceren/", views.publish, name="publish"),
    path("<slug:municipality>/<slug:slug>/intrekken/", views.withdraw, name="withdraw"),
]
