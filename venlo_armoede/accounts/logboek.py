"""The beheerlogboek: every change of a user, role or token, with who did it, before and after.

Services say who acts and why (`namens`); the web request says it for everything else (middleware).
The writing itself hangs on model signals, so a change made from the admin, a service, a management
command or the shell is logged the same way; with nobody known the actor is recorded as "systeem"."""

import getpass
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import ApiToken, BeheerActie, Beheerlogboek, Team, User


@dataclass(frozen=True)
class Actor:
    id: int | None
    naam: str
    soort: str  # gebruiker, operator or systeem
    reden: str = ""
    trace_id: str = ""


SYSTEEM = Actor(id=None, naam="systeem (geen gebruiker bekend)", soort="systeem")

_actor: ContextVar[Actor | Callable[[], Actor | None] | None] = ContextVar("beheer_actor", default=None)


def als_gebruiker(user, reden: str = "", trace_id: str = "") -> Actor:
    return Actor(id=user.pk, naam=user.get_username(), soort="gebruiker", reden=reden, trace_id=trace_id)


def als_operator(reden: str) -> Actor:
    try:
        naam = getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        naam = "onbekend"
    return Actor(id=None, naam=f"operator ({naam})", soort="operator", reden=reden)


@contextmanager
def namens(actor: Actor | Callable[[], Actor | None]):
    """Everything logged inside this block is attributed to `actor` (a callable is resolved lazily)."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def huidige_actor() -> Actor:
    actor = _actor.get()
    if callable(actor):
        actor = actor()
    return actor or SYSTEEM


class BeheerActorMiddleware:
    """Attributes changes made during a web request to the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def actor():
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                return als_gebruiker(user, trace_id=getattr(request, "trace_id", ""))
            return None

        with namens(actor):
            return self.get_response(request)


def schrijf(*, actie: str, object_soort: str, object_id, object_naam: str, voor=None, na=None, reden: str = ""):
    actor = huidige_actor()
    return Beheerlogboek.objects.create(
        actor_id=actor.id,
        actor_naam=actor.naam[:150],
        actor_soort=actor.soort,
        actie=actie,
        object_soort=object_soort,
        object_id=str(object_id),
        object_naam=str(object_naam)[:200],
        voor=voor,
        na=na,
        reden=reden or actor.reden,
        trace_id=actor.trace_id,
    )


# ---------------------------------------------------------------------------------------------------
# Snapshots: the fields that matter for access. The password hash is never written, only that it changed.
# ---------------------------------------------------------------------------------------------------

GEBRUIKER_VELDEN = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser"]
TOKEN_VELDEN = ["naam", "prefix", "verloopt_op", "ingetrokken"]
VERBORGEN = "(gewijzigd)"


def _gebruiker_snapshot(user) -> dict:
    data = {veld: getattr(user, veld) for veld in GEBRUIKER_VELDEN}
    data["organisatie_id"] = user.organisatie_id
    data["password"] = user.password
    return data


def _token_snapshot(token) -> dict:
    data = {veld: getattr(token, veld) for veld in TOKEN_VELDEN}
    # In UTC and whole seconds, as the admin form round-trips it; otherwise every save looks like a change.
    data["verloopt_op"] = token.verloopt_op.astimezone(UTC).isoformat(timespec="seconds") if token.verloopt_op else None
    data["organisatie_id"] = token.organisatie_id
    data["scopes"] = sorted(token.scopes or [])
    return data


def _verschil(voor: dict, na: dict) -> tuple[dict, dict]:
    gewijzigd = [k for k in na if voor.get(k) != na.get(k)]
    v = {k: voor.get(k) for k in gewijzigd}
    n = {k: na.get(k) for k in gewijzigd}
    if "password" in gewijzigd:
        v["password"] = n["password"] = VERBORGEN
    return v, n


def _zonder_wachtwoord(snapshot: dict) -> dict:
    return {k: v for k, v in snapshot.items() if k != "password"}


def _alleen(update_fields, velden: set[str]) -> bool:
    return update_fields is not None and set(update_fields) <= velden


def _voor_opslaan(snapshot, sender, instance, update_fields=None, **kwargs):
    if instance._state.adding or instance.pk is None:
        return
    oud = sender._base_manager.filter(pk=instance.pk).first()
    instance._beheer_voor = snapshot(oud) if oud else None


def gebruiker_voor_opslaan(sender, instance, update_fields=None, **kwargs):
    if _alleen(update_fields, {"last_login"}):
        return  # a login is not a change of the account
    _voor_opslaan(_gebruiker_snapshot, sender, instance, update_fields)


def gebruiker_opgeslagen(sender, instance, created, update_fields=None, **kwargs):
    if _alleen(update_fields, {"last_login"}):
        return
    na = _gebruiker_snapshot(instance)
    if created:
        schrijf(
            actie=BeheerActie.AANGEMAAKT,
            object_soort="gebruiker",
            object_id=instance.pk,
            object_naam=instance.get_username(),
            na=_zonder_wachtwoord(na),
        )
        return
    voor = instance.__dict__.pop("_beheer_voor", None) or {}
    v, n = _verschil(voor, na)
    if n:
        schrijf(
            actie=BeheerActie.GEWIJZIGD,
            object_soort="gebruiker",
            object_id=instance.pk,
            object_naam=instance.get_username(),
            voor=v,
            na=n,
        )


def gebruiker_verwijderd(sender, instance, **kwargs):
    schrijf(
        actie=BeheerActie.VERWIJDERD,
        object_soort="gebruiker",
        object_id=instance.pk,
        object_naam=instance.get_username(),
        voor=_zonder_wachtwoord(_gebruiker_snapshot(instance)),
    )


def token_voor_opslaan(sender, instance, update_fields=None, **kwargs):
    if _alleen(update_fields, {"laatst_gebruikt_op"}):
        return
    _voor_opslaan(_token_snapshot, sender, instance, update_fields)


def token_opgeslagen(sender, instance, created, update_fields=None, **kwargs):
    if _alleen(update_fields, {"laatst_gebruikt_op"}):
        return
    na = _token_snapshot(instance)
    if created:
        schrijf(actie=BeheerActie.AANGEMAAKT, object_soort="token", object_id=instance.pk, object_naam=instance, na=na)
        return
    voor = instance.__dict__.pop("_beheer_voor", None) or {}
    v, n = _verschil(voor, na)
    if n:
        actie = BeheerActie.TOKEN_INGETROKKEN if n.get("ingetrokken") is True else BeheerActie.GEWIJZIGD
        schrijf(actie=actie, object_soort="token", object_id=instance.pk, object_naam=instance, voor=v, na=n)


def token_verwijderd(sender, instance, **kwargs):
    schrijf(
        actie=BeheerActie.VERWIJDERD,
        object_soort="token",
        object_id=instance.pk,
        object_naam=instance,
        voor=_token_snapshot(instance),
    )


# ---------------------------------------------------------------------------------------------------
# Roles: User.groups, from either side (user.groups.add or group.user_set.add), and a role's permissions.
# ---------------------------------------------------------------------------------------------------


def _rollen(user_pk) -> list[str]:
    return sorted(Group.objects.filter(user__pk=user_pk).values_list("name", flat=True))


def _betrokken_gebruikers(instance, reverse, pk_set) -> list[int]:
    if not reverse:
        return [instance.pk]
    if pk_set is None:  # clear() from the group's side
        return list(instance.user_set.values_list("pk", flat=True))
    return list(pk_set)


def rollen_gewijzigd(sender, instance, action, reverse, pk_set, **kwargs):
    if action.startswith("pre_"):
        gebruikers = _betrokken_gebruikers(instance, reverse, pk_set)
        instance._beheer_rollen_voor = {pk: _rollen(pk) for pk in gebruikers}
        return
    voor_per_gebruiker = instance.__dict__.pop("_beheer_rollen_voor", {})
    for pk, voor in voor_per_gebruiker.items():
        na = _rollen(pk)
        if na == voor:
            continue
        if reverse:
            naam = User.objects.filter(pk=pk).values_list("username", flat=True).first()
        else:
            naam = instance.get_username()
        schrijf(
            actie=BeheerActie.ROLLEN_GEWIJZIGD,
            object_soort="gebruiker",
            object_id=pk,
            object_naam=naam or pk,
            voor={"rollen": voor},
            na={"rollen": na},
        )
    if not reverse:
        instance.__dict__.pop("rollen", None)  # User.rollen is a cached_property


def _rechten(groep_pk) -> list[str]:
    return sorted(
        f"{app}.{codename}"
        for app, codename in Group.objects.get(pk=groep_pk).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def rechten_gewijzigd(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse:  # permission.group_set changes: rare, log per group
        groepen = list(pk_set) if pk_set is not None else list(instance.group_set.values_list("pk", flat=True))
    else:
        groepen = [instance.pk]
    if action.startswith("pre_"):
        instance._beheer_rechten_voor = {pk: _rechten(pk) for pk in groepen}
        return
    for pk, voor in instance.__dict__.pop("_beheer_rechten_voor", {}).items():
        na = _rechten(pk)
        if na != voor:
            schrijf(
                actie=BeheerActie.RECHTEN_GEWIJZIGD,
                object_soort="rol",
                object_id=pk,
                object_naam=Group.objects.get(pk=pk).name,
                voor={"rechten": voor},
                na={"rechten": na},
            )


def _team_snapshot(team) -> dict:
    return {
        "naam": team.naam,
        "leden": sorted(team.leden.values_list("username", flat=True)),
        "stadsdelen": sorted(team.stadsdelen.values_list("naam", flat=True)),
    }


def team_opgeslagen(sender, instance, created, **kwargs):
    if created:
        schrijf(
            actie=BeheerActie.AANGEMAAKT,
            object_soort="team",
            object_id=instance.pk,
            object_naam=instance.naam,
            na={"naam": instance.naam},
        )


def team_verwijderd(sender, instance, **kwargs):
    schrijf(actie=BeheerActie.VERWIJDERD, object_soort="team", object_id=instance.pk, object_naam=instance.naam)


def team_gewijzigd(sender, instance, action, reverse, pk_set, **kwargs):
    """Team members decide who reaches which households (Reikwijdte.TEAM): every change is logged, from either side."""
    teams = [instance] if not reverse else list(Team.objects.filter(pk__in=pk_set or ()))
    if reverse and pk_set is None:  # clear() from the user's or stadsdeel's side
        teams = list(instance.teams.all())
    if action.startswith("pre_"):
        for team in teams:
            team._beheer_voor = _team_snapshot(team)
        if reverse:
            instance._beheer_teams = teams
        return
    for team in getattr(instance, "_beheer_teams", None) or teams:
        voor = team.__dict__.pop("_beheer_voor", None)
        na = _team_snapshot(team)
        if voor is None or voor == na:
            continue
        v, n = _verschil(voor, na)
        schrijf(
            actie=BeheerActie.GEWIJZIGD, object_soort="team", object_id=team.pk, object_naam=team.naam, voor=v, na=n
        )
    instance.__dict__.pop("_beheer_teams", None)


def verbind_signalen() -> None:
    post_save.connect(team_opgeslagen, sender=Team, dispatch_uid="beheer_team_na")
    post_delete.connect(team_verwijderd, sender=Team, dispatch_uid="beheer_team_weg")
    m2m_changed.connect(team_gewijzigd, sender=Team.leden.through, dispatch_uid="beheer_team_leden")
    m2m_changed.connect(team_gewijzigd, sender=Team.stadsdelen.through, dispatch_uid="beheer_team_stadsdelen")
    pre_save.connect(gebruiker_voor_opslaan, sender=User, dispatch_uid="beheer_gebruiker_voor")
    post_save.connect(gebruiker_opgeslagen, sender=User, dispatch_uid="beheer_gebruiker_na")
    post_delete.connect(gebruiker_verwijderd, sender=User, dispatch_uid="beheer_gebruiker_weg")
    pre_save.connect(token_voor_opslaan, sender=ApiToken, dispatch_uid="beheer_token_voor")
    post_save.connect(token_opgeslagen, sender=ApiToken, dispatch_uid="beheer_token_na")
    post_delete.connect(token_verwijderd, sender=ApiToken, dispatch_uid="beheer_token_weg")
    m2m_changed.connect(rollen_gewijzigd, sender=User.groups.through, dispatch_uid="beheer_rollen")
    m2m_changed.connect(rechten_gewijzigd, sender=Group.permissions.through, dispatch_uid="beheer_rechten")
