"""Keep reading an existing registry's fiscal years as they were read before the start became
data: until now "FY2019" meant 1 October 2018 - 30 September 2019, fixed in code. A new, empty
registry starts with the calendar year until its data says otherwise."""

from django.db import migrations


def keep_october(apps, schema_editor):
    Figure = apps.get_model("datasets", "Figure")
    RegistrySettings = apps.get_model("datasets", "RegistrySettings")
    if Figure.objects.exists() and not RegistrySettings.objects.exists():
        RegistrySettings.objects.create(id=1, fiscal_year_start_month=10, fiscal_year_start_day=1)


class Migration(migrations.Migration):
    dependencies = [
        ("datasets", "0003_units_and_registry_settings"),
    ]

    operations = [
        migrations.RunPython(keep_october, migrations.RunPython.noop),
    ]
