"""Handlers of other apps' domain events (connected in ActionPlanConfig.ready)."""

from action_plan import services


def on_onboarding_completed(sender, profile, **kwargs) -> None:
    services.plan_generate_for_profile_if_missing(profile=profile)


def on_profile_updated(sender, profile, changed_fields, **kwargs) -> None:
    services.plan_on_profile_updated(profile=profile, changed_fields=set(changed_fields))


def on_capsule_watched(sender, user, capsule, **kwargs) -> None:
    services.plan_links_tick(user=user, kind="capsule", object_id=capsule.pk)
