from django.urls import path

from . import views

app_name = "youthpanel"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.questionnaire_new, name="questionnaire_new"),
    path("vragenlijst/<uuid:key>/", views.questionnaire, name="questionnaire"),
    path("vragenlijst/<uuid:key>/instellingen/", views.questionnaire_settings, name="settings"),
    path("vragenlijst/<uuid:key>/vraag/nieuw/", views.question_form, name="question_new"),
    path(
        "vragenlijst/<uuid:key>/vraag/<slug:question>/", views.question_form, name="question_edit"
    ),
    path(
        "vragenlijst/<uuid:key>/vraag/<slug:question>/actie/",
        views.question_action,
        name="question_action",
    ),
    path(
        "vragenlijst/<uuid:key>/deel/<str:section>/verwijderen/",
        views.section_remove,
        name="section_remove",
    ),
    path("vragenlijst/<uuid:key>/indicator/", views.indicator_link, name="indicator_link"),
    path("vragenlijst/<uuid:key>/json/", views.questionnaire_json, name="json"),
    path("vragenlijst/<uuid:key>/versie/", views.save_version, name="save_version"),
    path("vragenlijst/<uuid:key>/voorbeeld/", views.preview, name="preview"),
    path("vragenlijst/<uuid:key>/meting/nieuw/", views.wave_new, name="wave_new"),
    path("meting/<uuid:key>/", views.wave, name="wave"),
    path("meting/<uuid:key>/wijzigen/", views.wave_update, name="wave_update"),
    path("meting/<uuid:key>/klas/", views.class_new, name="class_new"),
    path("meting/<uuid:key>/klas/<str:code>/", views.class_update, name="class_update"),
    path("meting/<uuid:key>/blad/", views.wave_sheet, name="sheet"),
    path("meting/<uuid:key>/resultaten/", views.results_page, name="results"),
    path("meting/<uuid:key>/resultaten.<str:fmt>", views.results_download, name="download"),
    # the pupil: no account
    path("doe-mee/", views.pupil_start, name="pupil_start"),
    path("k/<str:code>/", views.pupil_landing, name="pupil"),
    path("k/<str:code>/vraag/<int:number>/", views.pupil_step, name="pupil_step"),
    path("k/<str:code>/versturen/", views.pupil_send, name="pupil_send"),
]
