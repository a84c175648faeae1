"""Roles are groups; this keeps the groups and their admin permissions in step with the code."""

from django.contrib.auth.models import Group, Permission

from .roles import Rol

# What functioneel beheer may manage in /beheer/ (app_label, model). Personal data is deliberately absent:
# it is only reachable through the audited case screens.
BEHEER_MODELLEN = [
    ("accounts", "user"),
    ("accounts", "apitoken"),
    ("auth", "group"),
    ("accounts", "organisatie"),
    ("accounts", "team"),
    ("accounts", "stadsdeel"),
    ("cases", "bewaartermijn"),
    ("regelingen", "regeling"),
    ("regelingen", "regelingversie"),
    ("regelingen", "norm"),
    ("regelingen", "aowleeftijd"),
    ("regelingen", "kostendelersnorm"),
    ("regelingen", "vermogensgrens"),
]
ALLEEN_LEZEN = [("audit", "auditrecord"), ("regelingen", "herberekeningsrun")]


def synchroniseer_rollen(**kwargs) -> None:
    """Create every role's group and give functioneel beheer its admin permissions. Idempotent;
    runs after every migrate."""
    groepen = {rol: Group.objects.get_or_create(name=rol.value)[0] for rol in Rol}
    perms = Permission.objects.none()
    for app_label, model in BEHEER_MODELLEN:
        perms |= Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
    for app_label, model in ALLEEN_LEZEN:
        perms |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename__startswith="view_"
        )
    groepen[Rol.FUNCTIONEEL_BEHEER].permissions.set(perms)
