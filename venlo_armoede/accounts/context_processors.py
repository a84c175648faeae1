from .roles import GEMEENTE_ROLLEN, STARTPAGINA, Rol


def rollen(request):
    """The signed-in user's roles and start page, for the navigation in the base layout."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or not hasattr(user, "startpagina"):
        return {}
    return {
        "mijn_rollen": [Rol(r).label for r in Rol if r in user.rollen],
        "mijn_startpagina": user.startpagina(),
        "STARTPAGINA": STARTPAGINA,
        "mag_zoeken": user.heeft_rol(*GEMEENTE_ROLLEN),  # the search box in the header
    }
