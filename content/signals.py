"""Domain events of content that other apps listen to."""

from django.dispatch import Signal

# Sent when a person has watched a capsule (90 % seen or all checkpoints answered).
# kwargs: user, capsule. The action plan ticks the plan step links to this capsule.
capsule_watched = Signal()
