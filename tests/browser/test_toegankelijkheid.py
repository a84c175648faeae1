"""axe-core (npm, pinned in package.json) on every main page of every role, with data on the pages:
no violation of impact "serious" or "critical" (WCAG 2.1 AA rules and axe's best practices).

axe.min.js comes from node_modules and is injected by Playwright into each loaded page (the `axe_sessie`
tab bypasses the CSP for that). Logging in goes through Sessie.log_in, the one place that knows the login
flow."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ERNSTIG = ("serious", "critical")

# role -> the pages it works with ({inwoner}, {beheerder}: ids from the `gegevens` fixture)
PAGINAS = {
    "klantadviseur": [
        "/werk/",
        "/werk/niet-gebruik/",
        "/werk/huishoudens/nieuw/",
        "/werk/inwoners/{inwoner}/",
        "/werk/inwoners/{inwoner}/kenmerken/",
        "/werk/huishoudens/{huishouden}/kenmerken/",
        "/werk/casussen/{casus}/",
        "/werk/casussen/{casus}/maatwerk/",
        "/werk/casussen/{casus}/doorverwijzen/",
        "/werk/casussen/{casus}/toestemming/",  # the consent form and the list with a revoke button
        "/werk/casussen/{casus}/schulden/",
        "/werk/casussen/{casus}/screening/",
        "/werk/casussen/{casus}/notities/",
        "/werk/casussen/{casus}/routekaart/",
        "/werk/bewind/",
        "/werk/inwoners/{inwoner}/bewind/",
        "/werk/casussen/{casus}/toewijzen/",
    ],
    "midoffice": [
        "/werk/triage/",
        "/werk/aanmelden/",
        "/werk/casussen/{casus}/toewijzen/",
        "/werk/vroegsignalen/",
        "/werk/vroegsignalen/{vroegsignaal}/",
    ],
    "kwaliteitsfunctionaris": ["/werk/maatwerk/"],
    "partnermedewerker": [
        "/partner/",
        "/partner/doorverwijzingen/{doorverwijzing}/",  # shared data, steps and the reaction form
        "/partner/signaal/",
        "/partner/wijk/",
    ],
    "beleidsadviseur": [
        "/beleid/",
        "/beleid/?doelgroep=ouderen",  # a doelgroep without figures
        "/beleid/scenario/",
        "/beleid/scenario/?regeling=leergeld&inkomensgrens_pct=150",  # with a scenario result
        # the list of voorwaarden with a new, still empty kenmerk voorwaarde (its messages) added
        "/beleid/scenario/?regeling=leergeld&vw-regeling=leergeld&vw-aantal=2&vw1-soort=kinderen&vw1-min_leeftijd=4"
        "&vw2-soort=kenmerk&nieuw=samenstelling&actie=toevoegen",
        "/beleid/rapport/",  # the half-yearly report's print page
        "/beheer/regels/herberekening/",  # the full recompute, followed by beleid
    ],
    "functioneel_beheer": [
        "/beheer/",
        "/beheer/accounts/apitoken/",  # a changelist
        "/beheer/accounts/apitoken/add/",  # the token form
        "/beheer/accounts/user/{beheerder}/change/",  # date-time fields and multi-selects
        "/beheer/accounts/team/add/",
        "/beheer/regels/regelset/",  # download and upload of the rule set
        "/beheer/regels/herberekening/",  # the full recompute with its button
    ],
}


# Without logging in: the public sociale kaart, as a whole and filtered (with the diensten of `gegevens`).
PUBLIEK = ["/geldzorgen/", "/geldzorgen/?hulpvraag=schulden&aanmeldroute=zelf"]


def ernstige_schendingen(page) -> list[str]:
    """Run axe-core on the page as it is now; one line per serious or critical violation and element."""
    page.add_script_tag(path=str(AXE))
    resultaat = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{schending['impact']} {schending['id']} ({schending['help']}): {knoop['target']} {knoop['html'][:120]}"
        for schending in resultaat["violations"]
        if schending["impact"] in ERNSTIG
        for knoop in schending["nodes"]
    ]


@pytest.fixture
def gegevens(regels, gebruiker_met_rol, django_capture_on_commit_callbacks):
    """Users for every role and households with casussen and computed rights, so tables are not empty."""
    from cases import services
    from cases.models import InkomensBron, Inwoner, KenmerkSoort
    from tests.helpers import maak_huishouden

    gebruikers = {rol: gebruiker_met_rol(rol, username=f"axe-{rol}") for rol in PAGINAS}
    with django_capture_on_commit_callbacks(execute=True):
        huishoudens = [
            maak_huishouden(inkomen=Decimal("1200.00"), kinderen=(8, 12)),
            maak_huishouden(inkomen=Decimal("1500.00"), kinderen=(6,), partner=True),
            maak_huishouden(inkomen=Decimal("900.00")),
        ]
        casussen = []
        for nummer, huishouden in enumerate(huishoudens):
            casus = services.open_casus(
                huishouden=huishouden,
                hulpvraag="Achterstand in de huur",
                door=gebruikers["klantadviseur"],
                crisis=nummer == 0,
                klantadviseur=gebruikers["klantadviseur"] if nummer < 2 else None,
            )
            casussen.append(casus)
        services.na_wijziging_huishouden([h.pk for h in huishoudens])
    from monitoring.services import bereken

    bereken()  # the KPI snapshots, so /beleid/ shows tiles, charts and tables
    _verwijsstromen_en_signaaltrechter()
    inwoner = Inwoner.objects.filter(huishouden=huishoudens[0], rol="aanvrager").get()
    _dossier(casussen[0], inwoner, gebruikers["klantadviseur"])
    assert InkomensBron.objects.filter(inwoner=inwoner).exists()
    # A flushed database has no kenmerken list (data migration): one of each kind, and one recorded.
    persoon = KenmerkSoort.objects.get_or_create(code="student", defaults={"naam": "Student", "geldt_voor": "persoon"})[
        0
    ]
    KenmerkSoort.objects.get_or_create(
        code="eigen_woning", defaults={"naam": "Eigen woning", "geldt_voor": "huishouden"}
    )
    services.leg_kenmerk_vast(
        inwoner=inwoner, soort=persoon, geldig_van=date(2026, 1, 1), bron="inwoner", door=gebruikers["klantadviseur"]
    )
    return {
        "inwoner": inwoner.pk,
        "huishouden": huishoudens[0].pk,
        "casus": casussen[0].pk,
        "beheerder": gebruikers["functioneel_beheer"].pk,
        "vroegsignaal": _vroegsignaal_met_contactpoging(gebruikers["midoffice"]).pk,
        "doorverwijzing": _doorverwijzing(casussen[0], gebruikers).pk,
    }


def _verwijsstromen_en_signaaltrechter():
    """Snapshot rows of this month for the referral flows and the vroegsignalen funnel, so /beleid/ and the
    report are checked with their charts and tables (the fixture has no referrals or signals of its own)."""
    from monitoring.models import KpiWaarde
    from tests.factories import OrganisatieFactory
    from tests.monitoring.test_stromen import DEZE_MAAND, _rij, _schrijf, _stromen

    OrganisatieFactory(naam="Schuldhulpmaatje", soort="vrijwilligers")
    alle = _stromen({"Schuldhulpmaatje": (30, 25, 20, 10, 6)})
    alle["vroegsignalen_ontvangen"] = [_rij(50)]
    alle["vroegsignalen_contact"] = [_rij(30, 50)]
    alle["vroegsignalen_hulp_geaccepteerd"] = [_rij(12, 24)]
    KpiWaarde.objects.filter(kpi__in=alle, maand=DEZE_MAAND).delete()
    _schrijf(alle)


def _dossier(casus, inwoner, adviseur):
    """A debt, two ZRM screenings (the chart with its dashed previous marker) and a bewind, so those pages
    are checked with content."""
    from datetime import date

    from cases import bewind, schulden, screening
    from cases.models import ZrmDomein

    schulden.registreer_schuld(casus=casus, door=adviseur, schuldeiser="Enexis", soort="nuts", bedrag=Decimal("250"))
    for score in (2, 3):
        scores = {d.value: (score, "Toelichting") for d in ZrmDomein}
        screening.leg_vast(casus=casus, door=adviseur, afgenomen_op=date.today(), scores=scores)
    bewind.leg_vast(inwoner=inwoner, door=adviseur, soort="budgetbeheer", organisatie_naam="Buro", sinds=date.today())


def _doorverwijzing(casus, gebruikers):
    """A referral to the partnermedewerker's organisation sharing every category, after a consent, so the
    partner's referral page and the casus' consent page are checked with content."""
    from partners import services
    from partners.models import Gegevenscategorie
    from tests.factories import DienstFactory

    partner, adviseur = gebruikers["partnermedewerker"], gebruikers["klantadviseur"]
    dienst = DienstFactory(
        organisatie=partner.organisatie,
        naam="Hulp bij rekeningen",
        aanmeldroutes=["zelf", "via_gemeente"],
        capaciteit_beschikbaar=3,
        capaciteit_maximum=10,
        capaciteit_eenheid="trajecten",
    )
    categorieen = list(Gegevenscategorie.values)
    services.leg_toestemming_vast(
        casus=casus,
        organisatie=dienst.organisatie,
        categorieen=categorieen,
        wijze="schriftelijk",
        gegeven_op=date.today(),
        geldig_tot=date.today() + timedelta(days=180),
        door=adviseur,
    )
    return services.verwijs_door(
        casus=casus,
        dienst=dienst,
        hulpvraag="Hulp bij het op orde krijgen van de rekeningen.",
        urgentie="normaal",
        categorieen=categorieen,
        door=adviseur,
    )


def _vroegsignaal_met_contactpoging(midoffice):
    from datetime import date

    from partners import services
    from venlo_armoede.accounts.models import ApiToken, Organisatie

    corporatie = Organisatie.objects.create(naam="Woningcorporatie axe", soort="signaalpartner")
    token, _ = ApiToken.maak(organisatie=corporatie, naam="axe", scopes=["vroegsignalen:schrijven"])
    signaal = services.ontvang_vroegsignaal(
        token=token,
        soort="huur",
        achterstand_bedrag=Decimal("640.00"),
        achterstand_sinds=date(2026, 8, 1),
        naam="P. de Vries",
        straat="Parade",
        huisnummer=3,
        postcode="5911 CA",
        woonplaats="Venlo",
    )
    services.registreer_contactpoging(signaal=signaal, soort="brief", datum=date.today(), bereikt=False, door=midoffice)
    return signaal


def test_axe_vindt_een_echte_schending(axe_sessie):
    """Control: the check really reports a serious/critical violation (an input without a label)."""
    axe_sessie.ga_naar("/inloggen/")
    assert ernstige_schendingen(axe_sessie.page) == []
    axe_sessie.page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')")
    assert any(" label " in regel for regel in ernstige_schendingen(axe_sessie.page))


def test_inlogpagina_zonder_ernstige_schendingen(axe_sessie):
    axe_sessie.ga_naar("/inloggen/")
    assert ernstige_schendingen(axe_sessie.page) == []


def test_openbare_paginas_zonder_ernstige_schendingen(axe_sessie, gegevens):
    gevonden = {}
    for pad in PUBLIEK:
        antwoord = axe_sessie.ga_naar(pad)
        assert antwoord.status == 200, pad
        assert "/inloggen/" not in axe_sessie.page.url  # really public, no login in between
        assert "Hulp bij rekeningen" in axe_sessie.page.content()  # checked with a dienst on the page
        if schendingen := ernstige_schendingen(axe_sessie.page):
            gevonden[pad] = schendingen
    assert gevonden == {}, "\n".join(f"{pad}: {regel}" for pad, regels in gevonden.items() for regel in regels)


@pytest.mark.parametrize("rol", list(PAGINAS))
def test_paginas_van_elke_rol_zonder_ernstige_schendingen(axe_sessie, gegevens, rol):
    axe_sessie.log_in(f"axe-{rol}")
    gevonden = {}
    for pad in PAGINAS[rol]:
        pad = pad.format(**gegevens)
        antwoord = axe_sessie.ga_naar(pad)
        assert antwoord.status == 200, pad
        schendingen = ernstige_schendingen(axe_sessie.page)
        if schendingen:
            gevonden[pad] = schendingen
    assert gevonden == {}, "\n".join(f"{pad}: {regel}" for pad, regels in gevonden.items() for regel in regels)
