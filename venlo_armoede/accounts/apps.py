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
        _geen_tweede_stap_sleutels_in_beheer()

        # After every app: permissions of apps listed after this one only exist once their turn has come.
        post_migrate.connect(synchroniseer_rollen, dispatch_uid="synchroniseer_rollen")


def _geen_tweede_stap_sleutels_in_beheer() -> None:
    """django-otp registers its devices in the admin; they hold the TOTP secrets and recovery codes, which
    functioneel beheer must never see (the admin's autodiscovery ran in the admin app's ready(), before ours)."""
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
