from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "venlo_armoede.audit"
    label = "audit"
    verbose_name = "Logboek dataverwerkingen"
