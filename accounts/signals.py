"""Domain events of accounts that other apps listen to (connect in their AppConfig.ready)."""

from django.dispatch import Signal

# Sent once, when a participant finishes onboarding. kwargs: profile (accounts.models.Profile).
# The action plan is generated from it.
onboarding_completed = Signal()

# Sent when a participant changes their profile after onboarding. kwargs: profile, changed_fields (set[str]).
profile_updated = Signal()

# Sent when an admin deactivates an account in the user admin. kwargs: user, request (the admin's,
# so a listener can tell them what the deactivation leaves to do: coaching lists the participants
# a coach leaves without a coach).
account_deactivated = Signal()
