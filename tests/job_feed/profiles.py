from accounts.models import Occupation, Profile, Region


def give_profile(user, *, region: str | None = "06", occupation: str | None = "3", stage="arrived", french_level=None):
    return Profile.objects.update_or_create(
        user=user,
        defaults={
            "region": Region.objects.get(code=region) if region else None,
            "occupation": Occupation.objects.get(code=occupation) if occupation else None,
            "stage": stage,
            "french_level": french_level,
        },
    )[0]
