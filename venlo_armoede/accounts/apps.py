from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "venlo_armoede.accounts"
    label = "accounts"
    verbose_name = "Gebruikers en toegang"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .logboek import verbind_signalen
        from .services import synchroniseer_rollen

        verbind_signalen()

        # After every app: permissions of apps listed after this one only exist once their turn has come.
        post_migrate.connect(synchroniseer_rollen, dispatch_uid="synchroniseer_rollen")
