from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("nieuw/", views.create, name="create"),
    path("importeren/", views.import_plan, name="import"),
    path("<slug:municipality>/<slug:slug>/", views.detail, name="detail"),
    path("<slug:municipality>/<slug:slug>/bewerken/", views.edit, name="edit"),
    path("<slug:municipality>/<slug:slug>/geschiedenis/", views.history, name="history"),
    path("<slug:municipality>/<slug:slug>/publiceren/", views.publish, name="publish"),
    path("<slug:municipality>/<slug:slug>/download/<str:fmt>/", views.download, name="download"),
]
