"""Admin actions on plan templates: new draft versions, publication."""

from django.db import transaction
from django.utils import timezone

from action_plan.models import (
    PlanTemplate,
    StepLink,
)


@transaction.atomic
def template_new_version(*, template: PlanTemplate) -> PlanTemplate:
    """Copy a template (steps and links) into a new draft version that admins then edit and publish."""
    latest = PlanTemplate.objects.filter(slug=template.slug).order_by("-version").first()
    steps = list(template.steps.prefetch_related("links"))
    copy = PlanTemplate.objects.create(
        slug=template.slug,
        version=latest.version + 1,
        name_fr=template.name_fr,
        name_en=template.name_en,
        description_fr=template.description_fr,
        description_en=template.description_en,
        weeks=template.weeks,
        is_default=template.is_default,
        status=PlanTemplate.Status.DRAFT,
    )
    links = []
    for step in steps:
        old_links = list(step.links.all())
        step.pk = None
        step.template = copy
        step.save()
        for link in old_links:
            link.pk = None
            link.step = step
            links.append(link)
    StepLink.objects.bulk_create(links)
    return copy


@transaction.atomic
def template_publish(*, template: PlanTemplate) -> PlanTemplate:
    """Publish a version; older published versions of the family are archived. Existing plans keep
    their copy; their owners are offered the new version on their timeline."""
    PlanTemplate.objects.filter(slug=template.slug, status=PlanTemplate.Status.PUBLISHED).exclude(
        pk=template.pk
    ).update(status=PlanTemplate.Status.ARCHIVED)
    template.status = PlanTemplate.Status.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at", "updated_at"])
    return template
