from tests.accounts.profile_factories import give_profile as give_any_profile


def give_profile(user, *, occupation: str | None = "3", **fields):
    """The job tests' usual person: a broad occupation category (3, health) unless told otherwise."""
    return give_any_profile(user, occupation=occupation, **fields)
