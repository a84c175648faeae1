from django.apps import AppConfig


class OmgevingConfig(AppConfig):
    name = "venlo_armoede.omgeving"
    label = "omgeving"
    verbose_name = "Omgeving"
