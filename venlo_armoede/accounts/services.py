"""Accounts' public write API: roles, access requests (vier ogen) and tokens.

Roles are groups; `synchroniseer_rollen` keeps the groups and their admin permissions in step with the code.
Nobody gives themselves power: functioneel beheer gives only the roles in VRIJ_TOEKENBARE_ROLLEN directly;
every other role, and every token scope with personal data, is first requested and then approved by a
different person with the role autorisatiebeheerder, or given by the operator (`manage.py ken_rol_toe`).
Every change lands in the beheerlogboek (see logboek.py)."""

from datetime import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from .logboek import als_gebruiker, als_operator, namens, schrijf
from .models import PERSOONSGEGEVENS_SCOPES, ApiToken, Autorisatieverzoek, BeheerActie, Scope, User, VerzoekStatus
from .roles import Rol, vraagt_vier_ogen

# What functioneel beheer may manage in /beheer/ (app_label, model). Personal data is deliberately absent:
# it is only reachable through the audited case screens. Groups and permissions are absent too: roles are
# given through the user form and the services below, never by editing what a role may do.
BEHEER_MODELLEN = [
    ("accounts", "user"),
    ("accounts", "apitoken"),
    ("accounts", "organisatie"),
    ("accounts", "team"),
    ("accounts", "stadsdeel"),
    ("cases", "gelijkgesteldedag"),
    ("cases", "bewaartermijn"),
    ("cases", "flexibelbudget"),
    ("cases", "nazorgtermijn"),
    ("cases", "mijlpaal"),
    ("cases", "kenmerksoort"),
    ("partners", "dienst"),
    ("regelingen", "regeling"),
    ("regelingen", "regelingversie"),
    ("regelingen", "norm"),
    ("regelingen", "aowleeftijd"),
    ("regelingen", "kostendelersnorm"),
    ("regelingen", "vermogensgrens"),
    ("regelingen", "testgeval"),
]
ALLEEN_LEZEN = [
    ("audit", "auditrecord"),
    ("regelingen", "herberekeningsrun"),
    ("accounts", "autorisatieverzoek"),
    ("accounts", "beheerlogboek"),
]


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
    with namens(als_operator("rollen bijgewerkt na migrate")):
        groepen[Rol.FUNCTIONEEL_BEHEER].permissions.set(perms)


class Geweigerd(PermissionDenied):
    """A refused change of access. The message is Dutch and safe to show to the user who tried."""


def _weiger(*, door: User, object_soort: str, object_id, object_naam: str, poging: dict, melding: str):
    """Log the refused attempt (outside any transaction that will roll back) and raise."""
    with namens(als_gebruiker(door)):
        schrijf(
            actie=BeheerActie.GEWEIGERD,
            object_soort=object_soort,
            object_id=object_id,
            object_naam=object_naam,
            na=poging,
            reden=melding,
        )
    raise Geweigerd(melding)


def mag_beheren(user: User) -> bool:
    return user.is_active and (user.is_superuser or (user.is_staff and user.heeft_rol(Rol.FUNCTIONEEL_BEHEER)))


def mag_beoordelen(user: User) -> bool:
    return user.is_active and user.heeft_rol(Rol.AUTORISATIEBEHEERDER)


# ---------------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------------


def _groep(rol: str) -> Group:
    return Group.objects.get(name=Rol(rol).value)


def _voeg_rol_toe(gebruiker: User, rol: str) -> None:
    gebruiker.groups.add(_groep(rol))
    if rol == Rol.FUNCTIONEEL_BEHEER and not gebruiker.is_staff:
        gebruiker.is_staff = True  # the admin needs it; nobody else gets it
        gebruiker.save(update_fields=["is_staff"])


def _haal_rol_weg(gebruiker: User, rol: str) -> None:
    gebruiker.groups.remove(_groep(rol))
    if rol == Rol.FUNCTIONEEL_BEHEER and gebruiker.is_staff:
        gebruiker.is_staff = False
        gebruiker.save(update_fields=["is_staff"])


def ken_rol_toe(*, gebruiker: User, rol: str, door: User, reden: str = "") -> None:
    """Functioneel beheer gives a role that needs no second person."""
    poging = {"rol": str(rol)}
    if not mag_beheren(door):
        _weiger(
            door=door,
            object_soort="gebruiker",
            object_id=gebruiker.pk,
            object_naam=gebruiker.get_username(),
            poging=poging,
            melding="Alleen functioneel beheer mag rollen toekennen.",
        )
    if vraagt_vier_ogen(rol):
        _weiger(
            door=door,
            object_soort="gebruiker",
            object_id=gebruiker.pk,
            object_naam=gebruiker.get_username(),
            poging=poging,
            melding=f"De rol {Rol(rol).label} kunt u niet zelf toekennen. Vraag hem aan; een autorisatiebeheerder "
            "beoordeelt het verzoek.",
        )
    with transaction.atomic(), namens(als_gebruiker(door, reden)):
        _voeg_rol_toe(gebruiker, rol)


def neem_rol_af(*, gebruiker: User, rol: str, door: User, reden: str = "") -> None:
    """Taking a role away never needs a second person: it only reduces access."""
    if not mag_beheren(door):
        _weiger(
            door=door,
            object_soort="gebruiker",
            object_id=gebruiker.pk,
            object_naam=gebruiker.get_username(),
            poging={"rol_afnemen": str(rol)},
            melding="Alleen functioneel beheer mag rollen afnemen.",
        )
    with transaction.atomic(), namens(als_gebruiker(door, reden)):
        _haal_rol_weg(gebruiker, rol)


def zet_rollen_als_operator(*, gebruiker: User, rollen: list[str], reden: str) -> None:
    """The operator's path (management command, demo data): any role, no second person, but a reason
    and a log entry are required."""
    if not reden.strip():
        raise ValueError("Geef een reden op.")
    gewenst = {Rol(r).value for r in rollen}
    with transaction.atomic(), namens(als_operator(reden)):
        huidig = set(gebruiker.groups.values_list("name", flat=True))
        for rol in sorted(huidig - gewenst):
            _haal_rol_weg(gebruiker, rol)
        for rol in sorted(gewenst - huidig):
            _voeg_rol_toe(gebruiker, rol)
        if Rol.FUNCTIONEEL_BEHEER not in gewenst and gebruiker.is_staff and not gebruiker.is_superuser:
            gebruiker.is_staff = False
            gebruiker.save(update_fields=["is_staff"])


def ken_rol_toe_als_operator(*, gebruiker: User, rol: str, reden: str) -> None:
    if not reden.strip():
        raise ValueError("Geef een reden op.")
    with transaction.atomic(), namens(als_operator(reden)):
        _voeg_rol_toe(gebruiker, rol)


def neem_rol_af_als_operator(*, gebruiker: User, rol: str, reden: str) -> None:
    if not reden.strip():
        raise ValueError("Geef een reden op.")
    with transaction.atomic(), namens(als_operator(reden)):
        _haal_rol_weg(gebruiker, rol)


# ---------------------------------------------------------------------------------------------------
# Requests (vier ogen)
# ---------------------------------------------------------------------------------------------------


def _verzoek_vastleggen(*, door: User, reden: str, **velden) -> Autorisatieverzoek:
    with transaction.atomic(), namens(als_gebruiker(door, reden)):
        try:
            with transaction.atomic():
                verzoek = Autorisatieverzoek.objects.create(aangevraagd_door=door, reden=reden, **velden)
        except IntegrityError:
            raise Geweigerd("Hiervoor loopt al een verzoek. Wacht op de beoordeling.") from None
        _log_verzoek(verzoek, BeheerActie.VERZOEK_INGEDIEND)
    return verzoek


def _log_verzoek(verzoek: Autorisatieverzoek, actie: str, voor=None) -> None:
    na = {
        "status": verzoek.status,
        "gebruiker": verzoek.gebruiker.get_username() if verzoek.gebruiker_id else None,
        "rol": verzoek.rol or None,
        "token_id": verzoek.token_id,
        "scope": verzoek.scope or None,
        "aangevraagd_door": verzoek.aangevraagd_door.get_username(),
    }
    if verzoek.beoordeeld_door_id:
        na["beoordeeld_door"] = verzoek.beoordeeld_door.get_username()
        na["toelichting"] = verzoek.toelichting
    schrijf(
        actie=actie,
        object_soort="autorisatieverzoek",
        object_id=verzoek.pk,
        object_naam=str(verzoek),
        voor=voor,
        na=na,
        reden=verzoek.reden,
    )


def vraag_rol_aan(*, gebruiker: User, rol: str, door: User, reden: str) -> Autorisatieverzoek:
    """Functioneel beheer asks for a guarded role for someone (possibly itself); a different person decides."""
    rol = Rol(rol)
    if not mag_beheren(door):
        raise Geweigerd("Alleen functioneel beheer kan een rol aanvragen.")
    if not reden.strip():
        raise Geweigerd("Geef een reden op voor dit verzoek.")
    if gebruiker.groups.filter(name=rol.value).exists():
        raise Geweigerd(f"{gebruiker.get_username()} heeft de rol {rol.label} al.")
    return _verzoek_vastleggen(door=door, reden=reden.strip(), gebruiker=gebruiker, rol=rol.value)


def vraag_scope_aan(*, token: ApiToken, scope: str, door: User, reden: str) -> Autorisatieverzoek:
    scope = Scope(scope)
    if not mag_beheren(door):
        raise Geweigerd("Alleen functioneel beheer kan een recht voor een token aanvragen.")
    if not reden.strip():
        raise Geweigerd("Geef een reden op voor dit verzoek.")
    if scope.value in token.scopes:
        raise Geweigerd(f"Dit token heeft het recht {scope.value} al.")
    return _verzoek_vastleggen(door=door, reden=reden.strip(), token=token, scope=scope.value)


def _beoordeel(*, verzoek_id: int, door: User, goedkeuren: bool, toelichting: str) -> Autorisatieverzoek:
    with transaction.atomic():
        verzoek = Autorisatieverzoek.objects.select_for_update().get(pk=verzoek_id)
        melding = None
        if not mag_beoordelen(door):
            melding = "Alleen een autorisatiebeheerder beoordeelt verzoeken."
        elif verzoek.status != VerzoekStatus.OPEN:
            melding = "Dit verzoek is al beoordeeld."
        elif goedkeuren and verzoek.aangevraagd_door_id == door.pk:
            melding = "U kunt uw eigen verzoek niet goedkeuren. Een andere autorisatiebeheerder moet dat doen."
        elif goedkeuren and verzoek.gebruiker_id == door.pk:
            melding = "U kunt geen rol aan uzelf toekennen. Een andere autorisatiebeheerder moet dat doen."
        if melding is None:
            voor = {"status": verzoek.status}
            verzoek.status = VerzoekStatus.GOEDGEKEURD if goedkeuren else VerzoekStatus.AFGEWEZEN
            verzoek.beoordeeld_door = door
            verzoek.beoordeeld_op = timezone.now()
            verzoek.toelichting = toelichting.strip()
            with namens(als_gebruiker(door, f"verzoek {verzoek.pk}: {verzoek.reden}")):
                verzoek.save()
                if goedkeuren and verzoek.gebruiker_id:
                    _voeg_rol_toe(verzoek.gebruiker, verzoek.rol)
                elif goedkeuren:
                    token = ApiToken.objects.select_for_update().get(pk=verzoek.token_id)
                    token.scopes = sorted(set(token.scopes) | {verzoek.scope})
                    token.save(update_fields=["scopes"])
                _log_verzoek(
                    verzoek,
                    BeheerActie.VERZOEK_GOEDGEKEURD if goedkeuren else BeheerActie.VERZOEK_AFGEWEZEN,
                    voor=voor,
                )
            return verzoek
    _weiger(
        door=door,
        object_soort="autorisatieverzoek",
        object_id=verzoek.pk,
        object_naam=str(verzoek),
        poging={"besluit": "goedkeuren" if goedkeuren else "afwijzen"},
        melding=melding,
    )


def keur_goed(*, verzoek: Autorisatieverzoek, door: User, toelichting: str = "") -> Autorisatieverzoek:
    """A different person than the requester, and than the one who gets the role, approves."""
    return _beoordeel(verzoek_id=verzoek.pk, door=door, goedkeuren=True, toelichting=toelichting)


def wijs_af(*, verzoek: Autorisatieverzoek, door: User, toelichting: str = "") -> Autorisatieverzoek:
    return _beoordeel(verzoek_id=verzoek.pk, door=door, goedkeuren=False, toelichting=toelichting)


# ---------------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------------


def _splits_scopes(scopes) -> tuple[set[str], set[str]]:
    gevraagd = {Scope(s).value for s in scopes}
    return gevraagd - PERSOONSGEGEVENS_SCOPES, gevraagd & PERSOONSGEGEVENS_SCOPES


def maak_token(
    *, organisatie, naam: str, scopes, door: User, reden: str = "", verloopt_op: datetime | None = None
) -> tuple[ApiToken, str, list[Autorisatieverzoek]]:
    """Create a token with the scopes that need nobody else; scopes with personal data become requests."""
    if not mag_beheren(door):
        raise Geweigerd("Alleen functioneel beheer maakt tokens.")
    vrij, bewaakt = _splits_scopes(scopes)
    if bewaakt and not reden.strip():
        raise Geweigerd("Geef een reden op voor de rechten met persoonsgegevens.")
    with transaction.atomic(), namens(als_gebruiker(door, reden)):
        token, sleutel = ApiToken.maak(organisatie=organisatie, naam=naam, scopes=sorted(vrij), verloopt_op=verloopt_op)
        verzoeken = [vraag_scope_aan(token=token, scope=s, door=door, reden=reden) for s in sorted(bewaakt)]
    return token, sleutel, verzoeken


def wijzig_token_scopes(*, token: ApiToken, scopes, door: User, reden: str = "") -> list[Autorisatieverzoek]:
    """Removing scopes and adding ones without personal data happens now; added scopes with personal data
    become requests."""
    if not mag_beheren(door):
        raise Geweigerd("Alleen functioneel beheer wijzigt tokens.")
    vrij, bewaakt = _splits_scopes(scopes)
    huidig = set(ApiToken.objects.get(pk=token.pk).scopes)
    nieuw_bewaakt = bewaakt - huidig
    if nieuw_bewaakt and not reden.strip():
        raise Geweigerd("Geef een reden op voor de rechten met persoonsgegevens.")
    with transaction.atomic(), namens(als_gebruiker(door, reden)):
        token.scopes = sorted(vrij | (bewaakt & huidig))
        token.save(update_fields=["scopes"])
        return [vraag_scope_aan(token=token, scope=s, door=door, reden=reden) for s in sorted(nieuw_bewaakt)]


def trek_token_in(*, token: ApiToken, door: User, reden: str = "") -> None:
    if not mag_beheren(door):
        raise Geweigerd("Alleen functioneel beheer trekt tokens in.")
    with transaction.atomic(), namens(als_gebruiker(door, reden)):
        token.ingetrokken = True
        token.save(update_fields=["ingetrokken"])
