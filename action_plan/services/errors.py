"""The plan's domain errors: the message is for the person (already translated); views show it."""


class PlanError(Exception):
    """A domain rule was broken; the message is for the person (already translated)."""


class NoTemplateAvailable(PlanError):
    pass


class TaskNotEditable(PlanError):
    pass


class DeliverableIncomplete(PlanError):
    pass


class ReviewNotAllowed(PlanError):
    pass
