"""The signed link of the reminder e-mails' "unsubscribe" (no login needed, one plan per token)."""

from django.core import signing

from action_plan.models import Plan

UNSUBSCRIBE_SALT = "action_plan.unsubscribe"


def unsubscribe_token(plan: Plan) -> str:
    return signing.dumps({"plan": plan.pk}, salt=UNSUBSCRIBE_SALT)


def plan_from_unsubscribe_token(token: str) -> Plan | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Plan.objects.filter(pk=data.get("plan")).select_related("user").first()
