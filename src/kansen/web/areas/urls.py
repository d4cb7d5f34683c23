from django.urls import path

from . import views

app_name = "areas"

urlpatterns = [
    path("", views.index, name="index"),
    path("kaart.geojson", views.map_data, name="map_data"),
    path("export/<str:what>.<str:fmt>", views.export, name="export"),
    path("indicatoren/", views.indicators, name="indicators"),
    path("vergelijken/", views.peers, name="peers"),
    path("importeren/", views.import_data, name="import"),
    path("importeren/<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:year>/<str:code>/", views.profile, name="profile"),
]
