"""The permission matrix: every URL pattern and every API operation, for every role, anonymous, and API tokens
of the gemeente and of another organisation, with the status each must get.

The routes are read from the URL resolver and the operations from the OpenAPI schema, so a new path or
operation without an entry here fails `test_elke_route_staat_in_de_matrix` (and the same check is proven to
fail on a URLconf with one extra path). This file is the guard of the access policy (accounts.roles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.helpers import als_browser
from venlo_armoede.accounts.roles import (
    CASUS_LEZERS,
    GEMEENTE_ROLLEN,
    NIET_GEBRUIK_ROLLEN,
    REGISTRATIE_ROLLEN,
    Rol,
)
from venlo_armoede.accounts.toegang import PersoonsgegevensQuerySet

ANONIEM = "anoniem"
ROLLEN = [rol.value for rol in Rol]
IEDEREEN = [*ROLLEN, ANONIEM]


def alle(status: int) -> dict[str, int]:
    return dict.fromkeys(IEDEREEN, status)


def alleen(*rollen: str, ok: int = 200) -> dict[str, int]:
    """A page for these roles: they get `ok`, other roles 403 and anonymous visitors the login page (302)."""
    return {rol: ok if rol in rollen else 403 for rol in ROLLEN} | {ANONIEM: 302}


# --- Pages (URL name -> status per role). Object pages name the fixture object they are opened with. -------
PAGINAS: dict[str, dict[str, int]] = {
    "start": alle(302),  # everyone goes on to their own start page, anonymous visitors to the login page
    "login": dict.fromkeys(ROLLEN, 302) | {ANONIEM: 200},  # signed in: straight on
    "logout": alle(405),  # only POST logs out
    # The code step of two-factor login (ADR 0007); the matrix's sessions have passed it already.
    "tweede_stap": alle(302),  # already past it: on to the start page; anonymous: to the password step
    "tweede_stap_instellen": alle(302),
    "tweede_stap_herstelcodes": alle(302),
    "healthz": alle(200),
    "cases:werk": alleen(Rol.KLANTADVISEUR),
    "cases:triage": alleen(Rol.MIDOFFICE),
    "cases:maatwerk": alleen(Rol.KWALITEITSFUNCTIONARIS),
    "cases:maatwerk-besluit": alleen(Rol.KWALITEITSFUNCTIONARIS, ok=302),  # deciding is a POST; GET: the list
    "cases:maatwerk-nieuw": alleen(Rol.KLANTADVISEUR),  # the klantadviseur of the casus
    "cases:nazorg": alleen(Rol.KLANTADVISEUR),
    # The casus dossier (issue 8 items 4, 7, 8, 9, 11): the klantadviseur who reaches the casus or inwoner.
    "cases:schulden": alleen(Rol.KLANTADVISEUR),
    "cases:schuld-wijzigen": alleen(Rol.KLANTADVISEUR),
    "cases:screening": alleen(Rol.KLANTADVISEUR),
    "cases:notities": alleen(Rol.KLANTADVISEUR),
    "cases:routekaart": alleen(Rol.KLANTADVISEUR),
    "cases:bewind": alleen(Rol.KLANTADVISEUR),
    "cases:bewind-inwoner": alleen(Rol.KLANTADVISEUR),
    "cases:huishouden-nieuw": alleen(*REGISTRATIE_ROLLEN),
    # Aanmelding (new household, or from a household's page) and assigning the hoofdbehandelaar: the midoffice
    # for any casus, the klantadviseur for her own (the matrix casus is the matrix klantadviseur's).
    "cases:aanmelden": alleen(*REGISTRATIE_ROLLEN),
    "cases:huishouden-aanmelden": alleen(*REGISTRATIE_ROLLEN),
    "cases:toewijzen": alleen(*REGISTRATIE_ROLLEN),
    "cases:inwoner": alleen(*GEMEENTE_ROLLEN),
    # Recording kenmerken is registration work: klantadviseur and midoffice, within their reach (for_user).
    "cases:inwoner-kenmerken": alleen(*REGISTRATIE_ROLLEN),
    "cases:huishouden-kenmerken": alleen(*REGISTRATIE_ROLLEN),
    # A teamleider reads the casussen of the teams they lead (the fixture casus's klantadviseur is in one).
    "cases:casus": alleen(*CASUS_LEZERS),
    "team:overzicht": alleen(Rol.TEAMLEIDER),
    "cases:zoeken": alleen(*GEMEENTE_ROLLEN),
    # The fixture household's casus is the matrix klantadviseur's own, so she reaches the household.
    "cases:huishouden": alleen(*GEMEENTE_ROLLEN),
    # Registering an aanvraag is a POST; a GET is refused (405) for whoever may post.
    "aanvragen:registreren": alleen(*REGISTRATIE_ROLLEN, ok=405),
    # The reason step (break-the-glass) is a klantadviseur's; a household within reach sends on to the page.
    "cases:doorbraak": alleen(Rol.KLANTADVISEUR, ok=302),
    "accounts:autorisaties": alleen(Rol.AUTORISATIEBEHEERDER),
    "accounts:beoordeel": alleen(Rol.AUTORISATIEBEHEERDER, ok=302),  # deciding is a POST; a GET goes to the list
    "niet_gebruik:lijst": alleen(*NIET_GEBRUIK_ROLLEN),
    "niet_gebruik:export": alleen(*NIET_GEBRUIK_ROLLEN),
    "partners:portaal": alleen(Rol.PARTNERMEDEWERKER),
    "partners:signaal-nieuw": alleen(Rol.PARTNERMEDEWERKER),
    "partners:wijksignaal-nieuw": alleen(Rol.PARTNERMEDEWERKER),
    "partners:vroegsignalen": alleen(Rol.MIDOFFICE),
    "partners:vroegsignaal": alleen(Rol.MIDOFFICE),
    # Warme doorverwijzing: the partner's own referral, the capacity form (a POST; a GET goes back to the portal),
    # and the klantadviseur's consent and referral pages of a casus within reach.
    "partners:doorverwijzing": alleen(Rol.PARTNERMEDEWERKER),
    "partners:capaciteit": alleen(Rol.PARTNERMEDEWERKER, ok=302),
    "partners:toestemming-nieuw": alleen(Rol.KLANTADVISEUR),
    "partners:toestemming-intrekken": alleen(Rol.KLANTADVISEUR, ok=302),
    "partners:doorverwijzen": alleen(Rol.KLANTADVISEUR),
    # The privacy officer's reading of the audit log (ADR 0015); the export without a filter goes back (302).
    "privacy:start": alleen(Rol.FUNCTIONARIS_GEGEVENSBESCHERMING),
    "privacy:inwoner": alleen(Rol.FUNCTIONARIS_GEGEVENSBESCHERMING),
    "privacy:gebruiker": alleen(Rol.FUNCTIONARIS_GEGEVENSBESCHERMING),
    "privacy:doorbraken": alleen(Rol.FUNCTIONARIS_GEGEVENSBESCHERMING),
    "privacy:betrokkenen": alleen(Rol.FUNCTIONARIS_GEGEVENSBESCHERMING),
    "privacy:export": alleen(Rol.FUNCTIONARIS_GEGEVENSBESCHERMING, ok=302),
    "monitoring:beleid": alleen(Rol.BELEIDSADVISEUR),
    # KPI exports, the recompute (a POST; a GET is 405) and following its run: beleid only, aggregates only.
    "monitoring:export": alleen(Rol.BELEIDSADVISEUR),
    "monitoring:bereken": alleen(Rol.BELEIDSADVISEUR, ok=405),
    "monitoring:run": alleen(Rol.BELEIDSADVISEUR),
    "monitoring:run-status": alleen(Rol.BELEIDSADVISEUR),
    # The half-yearly report, as a print page and as a PDF: aggregates only, the same suppression.
    "monitoring:rapport": alleen(Rol.BELEIDSADVISEUR),
    "monitoring:rapport-pdf": alleen(Rol.BELEIDSADVISEUR),
    "scenario:scenario": alleen(Rol.BELEIDSADVISEUR),
    # A what-if in the background: its page and counters (aggregates only), for beleid (issue 12, item 8).
    "scenario:run": alleen(Rol.BELEIDSADVISEUR),
    "scenario:run-status": alleen(Rol.BELEIDSADVISEUR),
    # The full recompute: functioneel beheer starts and follows it (starting is a POST), beleid may follow it.
    "regelbeheer:herberekeningen": alleen(Rol.FUNCTIONEEL_BEHEER, Rol.BELEIDSADVISEUR),
    "regelbeheer:herberekening": alleen(Rol.FUNCTIONEEL_BEHEER, Rol.BELEIDSADVISEUR),
    "regelbeheer:herberekening-status": alleen(Rol.FUNCTIONEEL_BEHEER, Rol.BELEIDSADVISEUR),
    # The complete rule set as one YAML file, download and upload (issue 10, item 5): functioneel beheer only.
    "regelbeheer:regelset": alleen(Rol.FUNCTIONEEL_BEHEER),
    "regelbeheer:regelset-export": alleen(Rol.FUNCTIONEEL_BEHEER),
    # The history of a regeling's versions and the version editor (issue 10): functioneel beheer only.
    "regelbeheer:historie": alleen(Rol.FUNCTIONEEL_BEHEER),
    "regelbeheer:versie-wijzigen": alleen(Rol.FUNCTIONEEL_BEHEER),
    "api:schema": alle(200),
    "api:docs": alle(200),
    "kaart:geldzorgen": alle(200),  # the public sociale kaart: no login
    "regelingen:check-je-recht": alle(200),  # the public check je recht: no login, stores nothing
}
OBJECTPAGINAS = {
    "cases:inwoner": "inwoner",
    "cases:inwoner-kenmerken": "inwoner",
    "cases:huishouden-kenmerken": "huishouden",
    "cases:casus": "casus",
    "cases:doorbraak": "inwoner",
    "cases:huishouden": "huishouden",
    "aanvragen:registreren": "huishouden",
    "accounts:beoordeel": "onbekend",
    "partners:vroegsignaal": "vroegsignaal",
    "partners:doorverwijzing": "doorverwijzing",
    "partners:capaciteit": "dienst",
    "partners:toestemming-nieuw": "casus",
    "partners:toestemming-intrekken": {"pk": "casus", "toestemming": "toestemming"},
    "partners:doorverwijzen": "casus",
    "cases:maatwerk-besluit": "voorstel",
    "cases:maatwerk-nieuw": "casus",
    "cases:nazorg": "casus",
    "cases:huishouden-aanmelden": "huishouden",
    "cases:toewijzen": "casus",
    "cases:schulden": "casus",
    "cases:schuld-wijzigen": {"pk": "casus", "schuld": "schuld"},
    "cases:screening": "casus",
    "cases:notities": "casus",
    "cases:routekaart": "casus",
    "cases:bewind-inwoner": "inwoner",
    "regelbeheer:historie": "regeling",
    "regelbeheer:versie-wijzigen": "regelingversie",
    "monitoring:export": {"tabel": "kpi_tabel", "formaat": "kpi_formaat"},
    "monitoring:run": "kpi_run",
    "monitoring:run-status": "kpi_run",
    "scenario:run": "scenario_run",
    "scenario:run-status": "scenario_run",
    "regelbeheer:herberekening": "herberekening",
    "regelbeheer:herberekening-status": "herberekening",
}  # URL name -> key of the object in the `objecten` fixture (or URL kwarg -> key)

# --- /beheer/: only functioneel beheer; what it may do per model. Personal data is never in the admin. -----
BEHEER = "beheer"  # view, add, change
LEZEN = "lezen"  # view only
GEEN = "geen"  # registered by a library, not for functioneel beheer
ADMIN_MODELLEN: dict[str, str] = {
    "accounts.user": BEHEER,
    "accounts.apitoken": BEHEER,
    "accounts.organisatie": BEHEER,
    "accounts.stadsdeel": BEHEER,
    "accounts.team": BEHEER,
    "cases.gelijkgesteldedag": BEHEER,
    "partners.dienst": BEHEER,
    "auth.group": GEEN,  # roles are not edited in the admin (vier-ogen, ADR 0009)
    "accounts.autorisatieverzoek": LEZEN,
    "accounts.beheerlogboek": LEZEN,
    "cases.bewaartermijn": BEHEER,
    "cases.flexibelbudget": BEHEER,  # the maatwerk budget per year; what is spent is read-only
    "cases.nazorgtermijn": BEHEER,
    "cases.mijlpaal": BEHEER,  # the Routekaart mijlpalen (reference data)
    "cases.kenmerksoort": BEHEER,
    "regelingen.regeling": BEHEER,
    "regelingen.norm": BEHEER,
    "regelingen.aowleeftijd": BEHEER,
    "regelingen.kostendelersnorm": BEHEER,
    "regelingen.vermogensgrens": BEHEER,
    "regelingen.testgeval": BEHEER,
    "regelingen.herberekeningsrun": LEZEN,
    "audit.auditrecord": LEZEN,
    "axes.accessattempt": GEEN,
    "axes.accessfailurelog": GEEN,
    "axes.accesslog": GEEN,
}
NOOIT_VERWIJDEREN = {
    "accounts.user",
    "accounts.apitoken",
    "cases.flexibelbudget",
}  # deactivate or revoke instead (ADR 0009)
ADMIN_ALGEMEEN = {  # admin URL names that belong to no model -> status for functioneel beheer
    "index": 200,
    "app_list": 200,
    "login": 302,
    "logout": 405,
    "password_change": 200,
    "password_change_done": 200,
    "jsi18n": 200,
    "autocomplete": 403,  # without a model to search in
    "view_on_site": 404,  # no such object
    "beheer/login/": 302,  # the admin's login is the application's own (with the code step)
}

ADMIN_VANGNET = ("beheer/(?P<app_label>", "beheer/(?P<url>")  # the admin's unnamed catch-alls: 404


SIGNAALPARTNERS = ("signaalpartner", "zorgverzekeraar")
# Tokens (of TOKENS below) whose organisation is not the one the matrix's referral went to.
ANDERE_ORGANISATIES_MET_RECHT = (
    "gemeente met het recht",
    "andere organisatie met het recht",
    "signaalpartner met het recht",
    "zorgverzekeraar met het recht",
)


# --- API operations ((method, path) from the OpenAPI schema) ---------------------------------------------
@dataclass(frozen=True)
class Api:
    """Who may call one operation. `ok` is the status of an allowed call with the matrix's request (an empty
    POST body gives 400: the caller got past the access check). Open operations are open to everyone."""

    rollen: tuple[str, ...] = ()
    scope: str | None = None
    ok: int = 200
    open: bool = False
    alleen_gemeente: bool = True  # the scope is only for tokens of the gemeente itself
    # When set: only tokens of organisations of these kinds may call it (vroegsignalen: signaalpartners).
    token_soorten: tuple[str, ...] | None = None
    ok_token: int | None = None  # status for an allowed token when it differs from `ok` (another's object: 404)
    pad_object: str | None = None  # object key for {id} in the path
    verwacht: dict[str, int] = field(default_factory=dict)


API_OPERATIES: dict[tuple[str, str], Api] = {
    ("GET", "/api/v1/huishoudens/"): Api(rollen=GEMEENTE_ROLLEN, scope="huishoudens:lezen"),
    ("POST", "/api/v1/huishoudens/"): Api(rollen=REGISTRATIE_ROLLEN, scope="huishoudens:schrijven", ok=400),
    ("GET", "/api/v1/huishoudens/{id}/"): Api(
        rollen=GEMEENTE_ROLLEN, scope="huishoudens:lezen", pad_object="huishouden"
    ),
    # Casussen (issue 8): gemeente tokens only; an empty PATCH on the matrix's casus lacks If-Match (428).
    ("GET", "/api/v1/casussen/"): Api(rollen=GEMEENTE_ROLLEN, scope="casussen:lezen"),
    ("POST", "/api/v1/casussen/"): Api(rollen=REGISTRATIE_ROLLEN, scope="casussen:schrijven", ok=400),
    ("GET", "/api/v1/casussen/{id}/"): Api(rollen=GEMEENTE_ROLLEN, scope="casussen:lezen", pad_object="casus"),
    ("PATCH", "/api/v1/casussen/{id}/"): Api(
        rollen=REGISTRATIE_ROLLEN, scope="casussen:schrijven", pad_object="casus", ok=428
    ),
    ("GET", "/api/v1/regelingen/"): Api(open=True),
    ("POST", "/api/v1/rechtencheck/"): Api(open=True, ok=400),
    ("GET", "/api/v1/diensten/"): Api(open=True),
    # Vroegsignalen: signaalpartner systems only (no session role); an empty POST lacks the Idempotency-Key (400);
    # the matrix's signal belongs to another signaalpartner, so an allowed token gets 404 on it.
    # KPIs: aggregates only; any organisation's token with the right may read them.
    ("GET", "/api/v1/kpis/"): Api(rollen=(Rol.BELEIDSADVISEUR,), scope="kpi:lezen", alleen_gemeente=False),
    ("GET", "/api/v1/vroegsignalen/"): Api(scope="vroegsignalen:schrijven", token_soorten=SIGNAALPARTNERS),
    ("POST", "/api/v1/vroegsignalen/"): Api(scope="vroegsignalen:schrijven", token_soorten=SIGNAALPARTNERS, ok=400),
    ("GET", "/api/v1/vroegsignalen/{id}/"): Api(
        scope="vroegsignalen:schrijven", token_soorten=SIGNAALPARTNERS, pad_object="vroegsignaal", ok_token=404
    ),
    # Referrals for partner systems: a token of any organisation with the scope gets in, but sees only its own
    # organisation's referrals, so the matrix's referral (to "Testpartner") is a 404 for the matrix's tokens.
    ("GET", "/api/v1/doorverwijzingen/"): Api(
        rollen=(Rol.PARTNERMEDEWERKER,), scope="doorverwijzingen:lezen", alleen_gemeente=False
    ),
    ("GET", "/api/v1/doorverwijzingen/{id}/"): Api(
        rollen=(Rol.PARTNERMEDEWERKER,),
        scope="doorverwijzingen:lezen",
        alleen_gemeente=False,
        pad_object="doorverwijzing",
        verwacht=dict.fromkeys(ANDERE_ORGANISATIES_MET_RECHT, 404),
    ),
    ("POST", "/api/v1/doorverwijzingen/{id}/stappen/"): Api(
        rollen=(Rol.PARTNERMEDEWERKER,),
        scope="doorverwijzingen:schrijven",
        alleen_gemeente=False,
        pad_object="doorverwijzing",
        ok=428,  # the partner's own referral, without If-Match
        verwacht=dict.fromkeys(ANDERE_ORGANISATIES_MET_RECHT, 404),
    ),
}


# --- Reading the routes -----------------------------------------------------------------------------------
def routes(patronen=None, prefix="", namespace="") -> list[tuple[str, str]]:
    """(URL name with namespace, route) of every pattern."""
    if patronen is None:
        patronen = get_resolver().url_patterns
    gevonden = []
    for patroon in patronen:
        if isinstance(patroon, URLResolver):
            ns = f"{namespace}:{patroon.namespace}".strip(":") if patroon.namespace else namespace
            gevonden += routes(patroon.url_patterns, prefix + str(patroon.pattern), ns)
        elif isinstance(patroon, URLPattern):
            naam = f"{namespace}:{patroon.name}".strip(":") if patroon.name else f"{prefix}{patroon.pattern}"
            gevonden.append((naam, prefix + str(patroon.pattern)))
    return gevonden


def api_operaties() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (methode.upper(), pad)
        for pad, operaties in schema["paths"].items()
        for methode in operaties
        if methode in {"get", "post", "put", "patch", "delete"}
    }


def admin_naam_per_model() -> dict[str, str]:
    """admin URL name -> "app.model" for every model admin route (the unnamed "<object_id>/" redirect is
    named by its route)."""
    namen = {}
    for model in admin.site._registry:
        app, naam = model._meta.app_label, model._meta.model_name
        for actie in ("changelist", "add", "change", "delete", "history"):
            namen[f"admin:{app}_{naam}_{actie}"] = f"{app}.{naam}"
        namen[f"beheer/{app}/{naam}/<path:object_id>/"] = f"{app}.{naam}"
    namen["admin:auth_user_password_change"] = "accounts.user"  # UserAdmin's own extra page
    return namen


def ontbrekend(route_lijst: list[tuple[str, str]], operaties: set[tuple[str, str]]) -> list[str]:
    """Routes and operations that have no entry in the matrix."""
    per_model = admin_naam_per_model()
    api_routes = {
        "api:huishouden-list",
        "api:huishouden-detail",
        "api:casus-list",
        "api:casus-detail",
        "api:regelingen",
        "api:rechtencheck",
        "api:diensten",
        "api:vroegsignaal-list",
        "api:vroegsignaal-detail",
        "api:doorverwijzingen",
        "api:doorverwijzing",
        "api:doorverwijzing-stappen",
        "api:kpis",
    }
    missen = []
    for naam, route in route_lijst:
        if naam in PAGINAS or naam in api_routes:
            continue
        if naam.startswith("admin:") or route.startswith("beheer/"):
            if naam in per_model and per_model[naam] in ADMIN_MODELLEN:
                continue
            if naam.removeprefix("admin:") in ADMIN_ALGEMEEN or naam.startswith(ADMIN_VANGNET):
                continue
        missen.append(f"{naam} ({route})")
    missen += [f"{methode} {pad}" for methode, pad in sorted(operaties - API_OPERATIES.keys())]
    return missen


def test_elke_route_staat_in_de_matrix():
    assert ontbrekend(routes(), api_operaties()) == []


def test_een_nieuwe_route_zonder_regel_wordt_gevonden():
    """The completeness check itself: a URLconf with one extra page and one extra API operation fails it."""
    extra_route = [*routes(), ("cases:nieuw-geheim", "werk/geheim/")]
    extra_operatie = {*api_operaties(), ("DELETE", "/api/v1/huishoudens/{id}/")}
    assert ontbrekend(extra_route, extra_operatie) == [
        "cases:nieuw-geheim (werk/geheim/)",
        "DELETE /api/v1/huishoudens/{id}/",
    ]


def test_geen_persoonsgegevens_in_beheer():
    for model in admin.site._registry:
        assert not isinstance(model._default_manager.get_queryset(), PersoonsgegevensQuerySet), model


# --- Fixtures ---------------------------------------------------------------------------------------------
@pytest.fixture
def objecten(db, maak_huishouden_via_service, gebruiker_met_rol):
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from cases.services import open_casus
    from monitoring.models import KpiRun
    from partners import services as partners_services
    from partners.services import ontvang_vroegsignaal
    from regelingen.models import HerberekeningsRun, Regeling, RegelingVersie, ScenarioRun
    from tests.factories import DienstFactory
    from venlo_armoede.accounts.models import ApiToken, Organisatie

    huishouden = maak_huishouden_via_service()
    corporatie = Organisatie.objects.create(naam="Woningcorporatie Matrix", soort="signaalpartner")
    token, _ = ApiToken.maak(organisatie=corporatie, naam="matrix", scopes=["vroegsignalen:schrijven"])
    vroegsignaal = ontvang_vroegsignaal(
        token=token,
        soort="huur",
        achterstand_bedrag=Decimal("500.00"),
        achterstand_sinds=date(2026, 1, 1),
        naam="A. Aerts",
        straat="Parade",
        huisnummer=1,
        postcode="5911 CA",
        woonplaats="Venlo",
    )
    # A casus of the matrix's klantadviseur, referred to the matrix's partner organisation ("Testpartner").
    adviseur = gebruiker_met_rol(Rol.KLANTADVISEUR)
    casus = open_casus(huishouden=huishouden, hulpvraag="Schulden", door=adviseur, klantadviseur=adviseur)
    # The matrix's teamleider leads the klantadviseur's team, so the casus is within their reach.
    from venlo_armoede.accounts.models import Team

    team = Team.objects.create(naam="Matrixteam")
    team.leden.add(adviseur)
    team.leiders.add(gebruiker_met_rol(Rol.TEAMLEIDER))
    partner, _ = Organisatie.objects.get_or_create(naam="Testpartner", defaults={"soort": "fonds"})
    dienst = DienstFactory(organisatie=partner)
    vandaag = timezone.localdate()
    toestemming = partners_services.leg_toestemming_vast(
        casus=casus,
        organisatie=partner,
        categorieen=["hulpvraag"],
        wijze="mondeling",
        gegeven_op=vandaag,
        geldig_tot=vandaag + timedelta(days=30),
        door=adviseur,
    )
    doorverwijzing = partners_services.verwijs_door(
        casus=casus, dienst=dienst, hulpvraag="Schulden", urgentie="normaal", categorieen=["hulpvraag"], door=adviseur
    )
    from cases.models import MaatwerkVoorstel
    from tests.factories import UserFactory

    voorstel = MaatwerkVoorstel.objects.create(
        casus=casus,
        soort="flexibel_budget",
        bedrag=100,
        motivering="Nodig.",
        voorgesteld_door=UserFactory(username="voorsteller"),
        voorgesteld_op=casus.aangemeld_op,
    )
    from cases.models import Schuld

    schuld = Schuld.objects.create(
        huishouden=huishouden, casus=casus, schuldeiser="Matrix BV", soort="overig", bedrag=10, geregistreerd_op=vandaag
    )
    regeling = Regeling.objects.create(code="matrix", naam="Matrixregeling", doelstelling="preventie")
    versie = RegelingVersie.objects.create(regeling=regeling, geldig_van=date(2024, 1, 1))
    return {
        "huishouden": huishouden,
        "inwoner": huishouden.leden.first(),
        "onbekend": SimpleNamespace(pk=999_999),
        "vroegsignaal": vroegsignaal,
        "casus": casus,
        "dienst": dienst,
        "toestemming": toestemming,
        "doorverwijzing": doorverwijzing,
        "voorstel": voorstel,
        "schuld": schuld,
        "regeling": regeling,
        "regelingversie": versie,
        "kpi_tabel": SimpleNamespace(pk="overzicht"),
        "kpi_formaat": SimpleNamespace(pk="csv"),
        "kpi_run": KpiRun.objects.create(status="klaar", totaal=1, klaar=1),
        "scenario_run": ScenarioRun.objects.create(
            gestart_door=gebruiker_met_rol(Rol.BELEIDSADVISEUR),
            regeling_code="matrix",
            regeling_naam="Matrixregeling",
            peildatum=vandaag,
        ),
        "herberekening": HerberekeningsRun.objects.create(
            actief=False, status="klaar", aantal_chunks=1, chunks_klaar=1
        ),
    }


@pytest.fixture
def maak_huishouden_via_service(db):
    from datetime import date

    from cases.services import NieuwLid, registreer_huishouden
    from venlo_armoede.accounts.models import Stadsdeel

    def maak(straat="Parade"):
        return registreer_huishouden(
            door=None,
            straat=straat,
            huisnummer=1,
            postcode="5911 CA",
            stadsdeel=Stadsdeel.objects.get_or_create(naam="Venlo-Centrum")[0],
            leden=[NieuwLid(voornaam="Ans", achternaam="Aerts", geboortedatum=date(1980, 1, 1), rol="aanvrager")],
        )

    return maak


@pytest.fixture
def client_voor(gebruiker_met_rol, django_user_model):
    def maak(wie: str, soort=Client):
        client = soort()
        if wie != ANONIEM:
            # The `objecten` fixture may have made this role's user already (the klantadviseur of its casus).
            bestaand = django_user_model.objects.filter(username=f"test-{wie}").first()
            client.force_login(bestaand or gebruiker_met_rol(wie))
        return client

    return maak


# --- The matrix itself ------------------------------------------------------------------------------------
@pytest.mark.parametrize("wie", IEDEREEN)
@pytest.mark.parametrize("naam", sorted(PAGINAS))
def test_pagina(naam, wie, objecten, client_voor):
    sleutels = OBJECTPAGINAS.get(naam, {})
    sleutels = {"pk": sleutels} if isinstance(sleutels, str) else sleutels
    kwargs = {kwarg: objecten[sleutel].pk for kwarg, sleutel in sleutels.items()}
    response = client_voor(wie).get(reverse(naam, kwargs=kwargs))
    assert response.status_code == PAGINAS[naam][wie], f"{naam} als {wie}"


def _admin_url(naam: str) -> str:
    if naam.startswith(ADMIN_VANGNET):
        return "/beheer/regelingen/bestaat-niet/"
    if naam.startswith("beheer/"):  # the unnamed redirect to an object's change page
        return "/" + naam.replace("<path:object_id>", "999999")
    if naam == "admin:auth_user_password_change":
        return reverse(naam, kwargs={"id": 999_999})
    args = {
        "app_list": {"app_label": "regelingen"},
        "view_on_site": {"content_type_id": 1, "object_id": 999_999},
    }.get(naam.removeprefix("admin:"))
    if naam in admin_naam_per_model() and naam.endswith(("_change", "_delete", "_history")):
        args = {"object_id": 999_999}  # no such object: the check that matters is who gets in at all
    return reverse(naam, kwargs=args)


def _admin_verwacht(naam: str, per_model: dict[str, str]) -> int | None:
    kort = naam.removeprefix("admin:")
    if naam.startswith(ADMIN_VANGNET):
        return 404
    if kort in ADMIN_ALGEMEEN:
        return ADMIN_ALGEMEEN[kort]
    niveau = ADMIN_MODELLEN[per_model[naam]]
    if niveau == GEEN:
        return None  # refused one way or another (403, or 302 away from an object it may not see)
    if kort.endswith("_changelist"):
        return 200
    if kort.endswith("_add"):
        return 200 if niveau == BEHEER else 403
    if kort == "auth_user_password_change":
        return 404
    if kort.endswith("_delete") and (niveau == LEZEN or per_model[naam] in NOOIT_VERWIJDEREN):
        return 403
    return 302  # an object that does not exist: back to the list with a message


@pytest.mark.parametrize("wie", IEDEREEN)
def test_beheer(wie, client_voor):
    per_model = admin_naam_per_model()
    client = client_voor(wie)
    for naam, route in routes():
        if not route.startswith("beheer/") or naam in PAGINAS:  # own pages under /beheer/: in PAGINAS
            continue
        response = client.get(_admin_url(naam))
        if wie == Rol.FUNCTIONEEL_BEHEER:
            verwacht = _admin_verwacht(naam, per_model)
            if verwacht is None:
                assert response.status_code != 200, naam
            else:
                assert response.status_code == verwacht, naam
        elif naam in ("admin:login", "admin:logout", "admin:jsi18n", "admin:view_on_site", "beheer/login/"):
            # Logging in and out, the JavaScript catalog and the shortcut redirect show nothing of the beheer.
            assert response.status_code != 200 or naam in ("admin:login", "admin:jsi18n"), (naam, wie)
        else:
            assert response.status_code == 302 and "/beheer/login/" in response["Location"], (naam, wie)


def _api_pad(pad: str, operatie: Api, objecten) -> str:
    if operatie.pad_object:
        pad = pad.replace("{id}", str(objecten[operatie.pad_object].pk))
    return pad


def _vraag(client, methode: str, pad: str):
    return client.get(pad) if methode == "GET" else client.generic(methode, pad, "{}", "application/json")


@pytest.mark.parametrize("wie", IEDEREEN)
@pytest.mark.parametrize("sleutel", sorted(API_OPERATIES), ids=lambda s: f"{s[0]} {s[1]}")
def test_api_per_rol(sleutel, wie, objecten, client_voor):
    methode, pad = sleutel
    operatie = API_OPERATIES[sleutel]
    response = _vraag(client_voor(wie, APIClient), methode, _api_pad(pad, operatie, objecten))
    if operatie.open or wie in operatie.rollen:
        verwacht = operatie.ok
    else:
        verwacht = 401 if wie == ANONIEM else 403
    assert response.status_code == verwacht, response.content
    if verwacht >= 400:
        assert response["Content-Type"] == "application/problem+json"


TOKENS = {
    "gemeente met het recht": ("gemeente", True),
    "gemeente zonder het recht": ("gemeente", False),
    "andere organisatie met het recht": ("vrijwilligers", True),
    "andere organisatie zonder het recht": ("vrijwilligers", False),
    "signaalpartner met het recht": ("signaalpartner", True),
    "signaalpartner zonder het recht": ("signaalpartner", False),
    "zorgverzekeraar met het recht": ("zorgverzekeraar", True),
}


@pytest.mark.parametrize("token", sorted(TOKENS))
@pytest.mark.parametrize("sleutel", sorted(API_OPERATIES), ids=lambda s: f"{s[0]} {s[1]}")
def test_api_per_token(sleutel, token, objecten):
    from venlo_armoede.accounts.models import ApiToken, Organisatie

    methode, pad = sleutel
    operatie = API_OPERATIES[sleutel]
    soort, met_recht = TOKENS[token]
    organisatie = Organisatie.objects.create(naam=f"Organisatie {soort}", soort=soort)
    scopes = [operatie.scope] if (met_recht and operatie.scope) else []
    _, sleutel_tekst = ApiToken.maak(organisatie=organisatie, naam="matrix", scopes=scopes)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel_tekst}")
    response = _vraag(client, methode, _api_pad(pad, operatie, objecten))
    if operatie.token_soorten is not None:
        toegestaan = met_recht and soort in operatie.token_soorten
    else:
        toegestaan = operatie.open or (met_recht and (soort == "gemeente" or not operatie.alleen_gemeente))
    ok = operatie.ok_token if operatie.ok_token is not None else operatie.ok
    verwacht = operatie.verwacht.get(token, ok) if toegestaan else 403
    assert response.status_code == verwacht, response.content


@pytest.mark.parametrize("wie", ROLLEN)
def test_niemand_geeft_zichzelf_macht_via_beheer(wie, gebruiker_met_rol):
    """Every role posts its own user form in /beheer/ as a browser would, plus the fields an attacker adds by
    hand (superuser, staff, a personal-data role): nobody ends up with more than they had. The vier-ogen path
    itself is tested in tests/test_autorisatie.py."""
    from django.contrib.auth.models import Group

    gebruiker = gebruiker_met_rol(wie)
    client = Client()
    client.force_login(gebruiker)
    pagina = f"/beheer/accounts/user/{gebruiker.pk}/change/"
    formulier = client.get(pagina)
    data = als_browser(formulier) if formulier.status_code == 200 else {}
    klantadviseur = Group.objects.get(name=Rol.KLANTADVISEUR)
    data.update(is_superuser="on", is_staff="on", groups=[str(klantadviseur.pk)], rollen=[Rol.KLANTADVISEUR.value])
    client.post(pagina, data)

    gebruiker.refresh_from_db()
    assert not gebruiker.is_superuser
    assert set(gebruiker.groups.values_list("name", flat=True)) == {wie} | (
        {Rol.KLANTADVISEUR.value} if wie == Rol.KLANTADVISEUR else set()
    )
