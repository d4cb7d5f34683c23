"""The youth panel in the administration: questionnaires and waves for the platform
administrator to look at. Answers have no admin page: they are read through the results only,
with disclosure control (privacy by design)."""

from django.contrib import admin

from kansen.web.accounts.admin_site import MunicipalityScopedAdmin, TabularInline

from .models import ClassCode, Questionnaire, Wave


@admin.register(Questionnaire)
class QuestionnaireAdmin(MunicipalityScopedAdmin):
    list_display = ["identifier", "municipality", "created_on"]
    list_filter = ["municipality"]
    readonly_fields = ["uuid"]


class ClassCodeInline(TabularInline):
    model = ClassCode
    fields = [
        "code",
        "name",
        "school_level",
        "school",
        "year_of_study",
        "neighbourhood",
        "pupils",
        "closed",
        "responses",
    ]
    readonly_fields = ["code", "responses"]
    extra = 0


@admin.register(Wave)
class WaveAdmin(MunicipalityScopedAdmin):
    municipality_path = "questionnaire__municipality"
    list_display = ["questionnaire", "label", "opens", "closes", "status", "published"]
    list_filter = ["status", "published"]
    readonly_fields = ["uuid", "version"]
    inlines = [ClassCodeInline]
