from django.urls import path

from . import views

app_name = "livepoll"

urlpatterns = [
    # the presenter
    path("peilingen/", views.index, name="index"),
    path("peilingen/nieuw/", views.poll_new, name="poll_new"),
    path("peilingen/<uuid:key>/", views.poll, name="poll"),
    path("peilingen/<uuid:key>/vraag/nieuw/", views.question_form, name="question_new"),
    path("peilingen/<uuid:key>/vraag/<int:question>/", views.question_form, name="question_edit"),
    path(
        "peilingen/<uuid:key>/vraag/<int:question>/actie/",
        views.question_action,
        name="question_action",
    ),
    path("peilingen/<uuid:key>/bediening/", views.control, name="control"),
    path("peilingen/<uuid:key>/scherm/", views.screen, name="screen"),
    path("peilingen/<uuid:key>/scherm/stand.json", views.screen_state, name="screen_state"),
    path(
        "peilingen/<uuid:key>/antwoord/<int:answer>/verwijderen/",
        views.remove_answer,
        name="remove_answer",
    ),
    path("peilingen/<uuid:key>/acties/", views.action_new, name="action_new"),
    path(
        "peilingen/<uuid:key>/acties/<int:action>/verwijderen/",
        views.action_delete,
        name="action_delete",
    ),
    path("peilingen/<uuid:key>/acties/evaluatie/", views.export_actions, name="export_actions"),
    path("peilingen/<uuid:key>/resultaten.<str:fmt>", views.download, name="download"),
    path("peilingen/<uuid:key>/kennisdeling/", views.record, name="record"),
    # knowledge sessions
    path("peilingen/kennissessies/", views.sessions, name="sessions"),
    path("peilingen/kennissessies/nieuw/", views.session_new, name="session_new"),
    path("peilingen/kennissessies/<uuid:key>/", views.session, name="session"),
    path("peilingen/kennissessies/<uuid:key>/bewerken/", views.session_edit, name="session_edit"),
    # the participant: no account
    path("stem/", views.join, name="join"),
    path("stem/<str:code>/", views.participate, name="participate"),
    path("stem/<str:code>/stand.json", views.participant_state, name="participant_state"),
]
