"""Existing placements (made by casework before funding fields existed) get what follows
from their setting: governance, category, s251 line and column, LAs and place funding."""

from django.db import migrations


def fill(apps, schema_editor):
    from sendpath.funding.models import fill_from_setting

    Placement = apps.get_model("funding", "Placement")
    batch = []
    for p in Placement.objects.filter(governance="").select_related("setting", "plan").iterator(chunk_size=2000):
        fill_from_setting(p, p.setting, p.plan.local_authority_id)
        batch.append(p)
        if len(batch) >= 2000:
            _write(Placement, batch)
            batch = []
    _write(Placement, batch)


def _write(Placement, batch):
    Placement.objects.bulk_update(
        batch,
        [
            "governance",
            "category",
            "s251_line",
            "s251_column",
            "provider_la",
            "commissioning_la",
            "place_funded_by",
            "place_pence",
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_budgetline_consultantengagement_ledgerline_and_more")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
