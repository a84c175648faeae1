"""The roles of the system and what each role may reach: the one access policy.

A role is a Django group; the group name is the role's value. Querysets of personal data ask
`reikwijdte_gebruiker` / `reikwijdte_token` how far a caller reaches and turn the answer into a filter
(venlo_armoede.accounts.toegang.PersoonsgegevensQuerySet), so every list, detail, export and selector
applies the same rule."""

from __future__ import annotations

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rol(models.TextChoices):
    KLANTADVISEUR = "klantadviseur", _("Klantadviseur")
    MIDOFFICE = "midoffice", _("Midoffice")
    KWALITEITSFUNCTIONARIS = "kwaliteitsfunctionaris", _("Kwaliteitsfunctionaris")
    BELEIDSADVISEUR = "beleidsadviseur", _("Beleidsadviseur")
    PARTNERMEDEWERKER = "partnermedewerker", _("Partnermedewerker")
    FUNCTIONEEL_BEHEER = "functioneel_beheer", _("Functioneel beheer")
    AUTORISATIEBEHEERDER = "autorisatiebeheerder", _("Autorisatiebeheerder")
    # The privacy officer (AVG art. 37-39): reads the audit log, and through it looks inwoners up.
    FUNCTIONARIS_GEGEVENSBESCHERMING = "functionaris_gegevensbescherming", _("Functionaris gegevensbescherming")
    # Leads one or more teams (Team.leiders): sees where the team's work gets stuck, and its casussen (read only).
    TEAMLEIDER = "teamleider", _("Teamleider")


# Every role sits in exactly one of these three sets (a test checks it), so a new role forces a decision.
# Roles that read personal data of inwoners.
PERSOONSGEGEVENS_ROLLEN = frozenset(
    {
        Rol.KLANTADVISEUR,
        Rol.MIDOFFICE,
        Rol.KWALITEITSFUNCTIONARIS,
        Rol.FUNCTIONARIS_GEGEVENSBESCHERMING,
        Rol.TEAMLEIDER,
    }
)
# Roles that hand out access: whoever holds them can reach personal data through others.
BEVOEGDHEID_ROLLEN = frozenset({Rol.FUNCTIONEEL_BEHEER, Rol.AUTORISATIEBEHEERDER})
# Roles functioneel beheer may give directly. Everything else needs a second person (vier ogen).
VRIJ_TOEKENBARE_ROLLEN = frozenset({Rol.BELEIDSADVISEUR, Rol.PARTNERMEDEWERKER})


def vraagt_vier_ogen(rol: str) -> bool:
    """True unless the role is explicitly free to give: an unknown or new role is guarded by default."""
    return rol not in VRIJ_TOEKENBARE_ROLLEN


# Where each role starts after logging in (URL names). A user with several roles starts at the first.
STARTPAGINA = {
    Rol.KLANTADVISEUR: "cases:werk",
    Rol.MIDOFFICE: "cases:triage",
    Rol.KWALITEITSFUNCTIONARIS: "cases:maatwerk",
    Rol.BELEIDSADVISEUR: "monitoring:beleid",
    Rol.PARTNERMEDEWERKER: "partners:portaal",
    Rol.FUNCTIONEEL_BEHEER: "admin:index",
    Rol.AUTORISATIEBEHEERDER: "accounts:autorisaties",
    Rol.FUNCTIONARIS_GEGEVENSBESCHERMING: "privacy:start",
    Rol.TEAMLEIDER: "team:overzicht",
}

# The gemeente's own case workers: the only roles that reach inwoners' personal data in the case files.
# (The functionaris gegevensbescherming reads the audit log about inwoners, not their files: Reikwijdte.GEEN.)
GEMEENTE_ROLLEN = (Rol.KLANTADVISEUR, Rol.MIDOFFICE, Rol.KWALITEITSFUNCTIONARIS)
# Who registers households and works the niet-gebruik list.
REGISTRATIE_ROLLEN = (Rol.KLANTADVISEUR, Rol.MIDOFFICE)
NIET_GEBRUIK_ROLLEN = (Rol.KLANTADVISEUR, Rol.MIDOFFICE)
# Who may open a casus page: the case workers, and a teamleider for the casussen of the teams they lead.
CASUS_LEZERS = (*GEMEENTE_ROLLEN, Rol.TEAMLEIDER)


class Scope(models.TextChoices):
    """What an API token may do. Named <resource>:<lezen|schrijven>."""

    HUISHOUDENS_LEZEN = "huishoudens:lezen", _("Huishoudens lezen")
    HUISHOUDENS_SCHRIJVEN = "huishoudens:schrijven", _("Huishoudens registreren")
    VROEGSIGNALEN_SCHRIJVEN = "vroegsignalen:schrijven", _("Vroegsignalen aanleveren")
    DOORVERWIJZINGEN_LEZEN = "doorverwijzingen:lezen", _("Doorverwijzingen lezen")
    DOORVERWIJZINGEN_SCHRIJVEN = "doorverwijzingen:schrijven", _("Doorverwijzingen beantwoorden")
    KPI_LEZEN = "kpi:lezen", _("KPI's lezen")
    # The first name of the same right; tokens that carry it keep working (SCOPE_ALIASSEN).
    KPIS_LEZEN = "kpis:lezen", _("KPI's lezen (oude naam)")
    CASUSSEN_LEZEN = "casussen:lezen", _("Casussen lezen")
    CASUSSEN_SCHRIJVEN = "casussen:schrijven", _("Casussen aanmelden en bijwerken")


# A scope a view asks for -> older names that give the same right.
SCOPE_ALIASSEN: dict[str, frozenset[str]] = {Scope.KPI_LEZEN: frozenset({Scope.KPIS_LEZEN})}


class OrganisatieSoort(models.TextChoices):
    GEMEENTE = "gemeente", _("Gemeente")
    PROFESSIONEEL = "professioneel", _("Professionele organisatie")
    VRIJWILLIGERS = "vrijwilligers", _("Vrijwilligersorganisatie")
    COMMERCIEEL = "commercieel", _("Commerciële partij")
    BEWINDVOERDER = "bewindvoerder", _("Bewindvoerder")
    FONDS = "fonds", _("Fonds")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
    SIGNAALPARTNER = "signaalpartner", _("Signaalpartner (vroegsignalering)")


# Organisations that send vroegsignalen (Wgs art. 3a): woningcorporaties, energieleveranciers and
# drinkwaterbedrijven are SIGNAALPARTNER, zorgverzekeraars their own kind. Which arrears a signal is about is the
# signal's own `soort`, so one kind covers the first three.
SIGNAALPARTNER_SOORTEN = frozenset({OrganisatieSoort.SIGNAALPARTNER, OrganisatieSoort.ZORGVERZEKERAAR})


# Scopes that read or write personal data of inwoners. Giving one to a token needs a second person.
PERSOONSGEGEVENS_SCOPES = frozenset(
    {
        Scope.HUISHOUDENS_LEZEN,
        Scope.HUISHOUDENS_SCHRIJVEN,
        Scope.DOORVERWIJZINGEN_LEZEN,
        Scope.DOORVERWIJZINGEN_SCHRIJVEN,
        Scope.VROEGSIGNALEN_SCHRIJVEN,
        Scope.CASUSSEN_LEZEN,
        Scope.CASUSSEN_SCHRIJVEN,
    }
)


# Scopes that reach the municipality's registry of inwoners (with the BSN). Non-government organisations
# never receive the BSN (DOMAIN.md §7), so only gemeente tokens may hold them.
ALLEEN_GEMEENTE_SCOPES = frozenset(
    {Scope.HUISHOUDENS_LEZEN, Scope.HUISHOUDENS_SCHRIJVEN, Scope.CASUSSEN_LEZEN, Scope.CASUSSEN_SCHRIJVEN}
)


class Reikwijdte(enum.Enum):
    """How far a caller reaches into personal data."""

    GEEN = "geen"  # nothing: beleid, partners (they see referrals, not the registry), beheer, anonymous
    ALLES = "alles"  # every household of the municipality: midoffice (triage)
    # Need-to-know for klantadviseurs: households with a casus of the own team (or the own casus), households
    # without a casus (being registered or triaged), and households opened with a stated reason
    # (break-the-glass, cases.Doorbraak) while that reason is valid.
    TEAM = "team"
    # A teamleider: only households with a casus of a klantadviseur in a team they lead (no households without a
    # casus, no break-the-glass: a teamleider oversees work, and does not register or open files outside it).
    LEIDING = "leiding"
    # A kwaliteitsfunctionaris: the proposals and the casus context needed to judge them, nothing else. A casus
    # (and what hangs off it: status history, notes, screening, ...) only when it has a maatwerk proposal; the
    # household and its members, incomes and debts when one of its casussen has one (toegang.maatwerk_filter).
    MAATWERK = "maatwerk"


def reikwijdte_gebruiker(user) -> Reikwijdte:
    if user is None or not (user.is_authenticated and user.is_active):
        return Reikwijdte.GEEN
    if user.heeft_rol(Rol.MIDOFFICE):
        return Reikwijdte.ALLES
    if user.heeft_rol(Rol.KLANTADVISEUR):
        return Reikwijdte.TEAM  # with the kwaliteitsfunctionaris role too: TEAM or MAATWERK (toegang)
    if user.heeft_rol(Rol.KWALITEITSFUNCTIONARIS):
        return Reikwijdte.MAATWERK
    if user.heeft_rol(Rol.TEAMLEIDER):
        return Reikwijdte.LEIDING
    return Reikwijdte.GEEN


def reikwijdte_token(token) -> Reikwijdte:
    """A token reaches the registry only for the gemeente itself and only with a registry scope. Which
    scope an operation needs is checked per view (accounts.permissions.HeeftScope)."""
    if token is None or not token.is_geldig():
        return Reikwijdte.GEEN
    if token.organisatie.soort == OrganisatieSoort.GEMEENTE and ALLEEN_GEMEENTE_SCOPES.intersection(token.scopes):
        return Reikwijdte.ALLES
    return Reikwijdte.GEEN
