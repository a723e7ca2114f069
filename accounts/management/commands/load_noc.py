"""Refresh the NOC/CNP 2021 unit groups and their example titles from accounts/data/."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Occupation, OccupationExample
from accounts.reference_data import load_noc_unit_groups


class Command(BaseCommand):
    help = "Load or refresh the NOC/CNP 2021 unit groups and example titles (accounts/data/noc2021_*.csv)."

    def handle(self, *args, **options):
        with transaction.atomic():
            groups, examples = load_noc_unit_groups(Occupation, OccupationExample)
        self.stdout.write(f"{groups} unit groups, {examples} example titles.")
