from accounts.navigation import nav_items_for


def navigation(request) -> dict:
    """The main navigation, which follows the person's role (accounts.navigation). No database query."""
    return {"nav_items": nav_items_for(getattr(request, "user", None))}
