from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.requests_list, name="requests"),
    path("nieuw/", views.request_new, name="new"),
    path("coordinatie/", views.coordination, name="coordination"),
    path("coordinatie/koppelen/", views.run, name="run"),
    path("coordinatie/voorstel/<int:pk>/accepteren/", views.match_accept, name="match_accept"),
    path("coordinatie/voorstel/<int:pk>/afwijzen/", views.match_reject, name="match_reject"),
    path("coordinatie/voorstel/<int:pk>/wijzigen/", views.match_change, name="match_change"),
    path("aanbieder/", views.provider, name="provider"),
    path("aanbieder/koppeling/<int:pk>/bevestigen/", views.match_confirm, name="match_confirm"),
    path("aanbieder/koppeling/<int:pk>/weigeren/", views.match_decline, name="match_decline"),
    path("aanbieder/koppeling/<int:pk>/beeindigen/", views.match_end, name="match_end"),
    path("aanbieder/vrijwilliger/nieuw/", views.volunteer_form, name="volunteer_new"),
    path("aanbieder/vrijwilliger/<int:pk>/", views.volunteer_form, name="volunteer_edit"),
    path("aanbieder/aanbod/<int:offer>/plaatsen/", views.places_form, name="places"),
    path("signalen/", views.signals, name="signals"),
    path("meldingen/", views.notices, name="notices"),
    path("aanvragen/<slug:municipality>/", views.public_form, name="public_form"),
    path("intrekken/<str:reference>/<str:token>/", views.public_withdraw, name="public_withdraw"),
    path("<str:reference>/", views.request_detail, name="detail"),
    path("<str:reference>/intrekken/", views.request_withdraw, name="withdraw"),
]
