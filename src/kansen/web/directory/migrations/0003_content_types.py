"""The content types of the directory's models follow them from the offers app (ADR 0019)."""

from django.db import migrations

from kansen.web.moved_apps import rename_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0002_offer_choices_from_the_schema"),
    ]

    operations = [rename_content_types("directory")]
