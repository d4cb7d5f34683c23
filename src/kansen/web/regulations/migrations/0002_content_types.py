"""The content types of the regulations follow them from the offers app (ADR 0019)."""

from django.db import migrations

from kansen.web.moved_apps import rename_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("regulations", "0001_initial"),
    ]

    operations = [rename_content_types("regulations")]
