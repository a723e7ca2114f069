"""Domain events of accounts that other apps listen to (connect in their AppConfig.ready)."""

from django.dispatch import Signal

# Sent once, when a participant finishes onboarding. kwargs: profile (accounts.models.Profile).
# The action plan is generated from it.
onboarding_completed = Signal()

# Sent when a participant changes their profile after onboarding. kwargs: profile, changed_fields (set[str]).
profile_updated = Signal()
