from django.urls import path

from . import views

app_name = "monitoring"

_PLAN = "<slug:municipality>/<slug:slug>/monitoring/"

urlpatterns = [
    path("rapportagesjabloon/", views.report_template, name="template"),
    path("cbs-importeren/", views.cbs_import, name="cbs_import"),
    path(_PLAN, views.dashboard, name="dashboard"),
    path(_PLAN + "publiceren/", views.publish, name="publish"),
    path(_PLAN + "doel/nieuw/", views.goal_form, name="goal_new"),
    path(_PLAN + "doel/<uuid:goal>/", views.goal_form, name="goal_edit"),
    path(_PLAN + "doel/<uuid:goal>/verwijderen/", views.goal_delete, name="goal_delete"),
    path(_PLAN + "doel/<uuid:goal>/indicator/nieuw/", views.indicator_form, name="indicator_new"),
    path(_PLAN + "indicator/<uuid:indicator>/", views.indicator_form, name="indicator_edit"),
    path(
        _PLAN + "indicator/<uuid:indicator>/verwijderen/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        _PLAN + "indicator/<uuid:indicator>/meting/",
        views.measurement_form,
        name="measurement_new",
    ),
    path(
        _PLAN + "indicator/<uuid:indicator>/meting/<int:measurement>/",
        views.measurement_form,
        name="measurement_edit",
    ),
    path(
        _PLAN + "indicator/<uuid:indicator>/meting/<int:measurement>/verwijderen/",
        views.measurement_delete,
        name="measurement_delete",
    ),
    path(_PLAN + "evaluaties/", views.evaluations, name="evaluations"),
    path(_PLAN + "evaluaties/<uuid:session>/", views.session, name="session"),
    path(_PLAN + "evaluaties/<uuid:session>/wijzigen/", views.session_edit, name="session_edit"),
    path(_PLAN + "acties/<int:action>/", views.action_done, name="action_done"),
    path(_PLAN + "rapportage/<int:year>/", views.report_settings, name="report"),
    path(
        _PLAN + "rapportage/<int:year>/<str:fmt>/",
        views.report_download,
        name="report_download",
    ),
]
