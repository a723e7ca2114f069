"""Law 25: erasing a person's plan (accounts.privacy registry)."""

from django.db import transaction

from accounts.models import User
from action_plan.models import Plan, private_storage


def action_plan_personal_data_erase(*, user: User) -> None:
    """Delete the plan, the answers and the files (files once the transaction commits)."""
    plan = Plan.objects.filter(user=user).first()
    if plan is None:
        return
    names = list(plan.tasks.exclude(file="").values_list("file", flat=True))
    plan.delete()
    if names:
        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
