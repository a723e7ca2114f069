"""Reads on accounts shared by views, consumers and tasks."""

from accounts.models import Occupation, Region


def region_list():
    return Region.objects.order_by("code")


def occupation_list(*, level: int | None = None):
    qs = Occupation.objects.order_by("code")
    return qs.filter(level=level) if level is not None else qs
