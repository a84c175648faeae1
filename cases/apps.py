from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casuswerk"

    def ready(self):
        # Connect the receivers of maatwerk, nazorg and handovers to the cases signals (casus_afgesloten,
        # tijdlijn_gevraagd).
        from . import maatwerk, nazorg, toewijzing  # noqa: F401
