from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casuswerk"

    def ready(self):
        # Connect the receivers of the dossier parts, nazorg and handovers to the cases signals (casus_afgesloten,
        # tijdlijn_gevraagd).
        from . import bewind, maatwerk, nazorg, notities, routekaart, schulden, screening, toewijzing  # noqa: F401
