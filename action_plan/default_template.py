"""The default eleven-week plan template shipped with the portal, in French and English.

The template itself is data: `action_plan/data/default_template.json` ({"template": the
PlanTemplate fields, "steps": the TemplateStep fields, each with its "links"}). It is grounded in
../shared/data (settlement_steps.md, professional_orders.csv, regions.csv) and public facts only;
where the source flags a fact as possibly changed, the step asks the participant to check the
official page. Ministry admins edit the template in the admin afterwards: `load_default_template`
(called by migration 0002 and by `seed_demo`) only creates it when it is missing.
"""

import json
from functools import cache
from pathlib import Path

from django.utils import timezone

DATA_FILE = Path(__file__).resolve().parent / "data" / "default_template.json"
SLUG = "parcours-integration"


@cache
def default_template_data() -> dict:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert data["template"]["slug"] == SLUG, "the data file's slug must match SLUG"
    return data


def load_default_template(PlanTemplate, TemplateStep, StepLink) -> bool:
    """Create the default template when it is missing (model classes passed in: works in migrations).

    Returns True when it was created. Never touches an existing template: admins edit it.
    """
    if PlanTemplate.objects.filter(slug=SLUG).exists():
        return False
    data = default_template_data()
    template = PlanTemplate.objects.create(
        **data["template"], status="published", is_default=True, published_at=timezone.now()
    )
    links = []
    for fields in data["steps"]:
        fields = dict(fields)
        step_links = fields.pop("links", [])
        created = TemplateStep.objects.create(template=template, **fields)
        for order, item in enumerate(step_links):
            links.append(StepLink(step=created, order=order, **item))
    StepLink.objects.bulk_create(links)
    return True
