"""Issue 8, "Done when" 1: one casus from a crisis aanmelding to nazorg, in Chromium, by the people who do it.

The midoffice registers a crisis and assigns it at triage; klantadviseur Karin takes it from Mijn werk through
the eerste gesprek, intake, schulden, a ZRM screening and a maatwerk proposal that a kwaliteitsfunctionaris
approves, up to closing as "Afgerond" with nazorg planned. Everything goes through the real pages with whole
forms submitted; only users, teams, the norms and the flexibel budget are made directly.

The clock is frozen (time_machine patches the clock process-wide, so the live_server thread sees it too;
tick=True keeps it moving for the login codes). Every deadline the pages show, counted by hand:

- Aanmelding Wednesday 23 December 2026, crisis: 3 werkdagen, the day itself not counted. Thursday 24 counts;
  Friday 25 (Eerste Kerstdag), Saturday 26 (Tweede Kerstdag) and Sunday 27 do not; Monday 28 and Tuesday 29
  count -> eerste gesprek uiterlijk Tuesday 29 December 2026. On the 23rd that is 3 werkdagen away: "Op tijd".
- Monday 28 December: 1 werkdag left (the 29th) -> "Bijna verlopen". The eerste gesprek is that day: met.
- Beschikking: 8 weeks after the eerste gesprek: 28 December + 56 days = Monday 22 February 2027, a werkdag,
  so no Atw shift.
- Toelatingsbeschikking the same Monday 28 December -> schuldregeling 120 calendar days: 3 (rest of December)
  + 31 + 28 + 31 + 27 = Tuesday 27 April 2027. That is Koningsdag, but the 120 days are an NVVK norm, not a
  statutory period, so the Atw does not move it.
- Schuldregeling reached and casus closed on Wednesday 31 March 2027 -> nazorg after 3 months on 30 June 2027
  (June has no 31st) and after 12 months on 31 March 2028.
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from cases.models import Casus, FlexibelBudget, MaatwerkVoorstel, NazorgTermijn, ZrmDomein, ZrmScoreWaarde
from tests import factories as f
from tests.browser.conftest import _open_sessie
from venlo_armoede.accounts.models import Stadsdeel, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMS = ZoneInfo("Europe/Amsterdam")


def _termijn(page, naam: str):
    tabel = page.get_by_role("table", name="Termijnen van deze casus (Wet gemeentelijke schuldhulpverlening)")
    return tabel.get_by_role("row", name=naam)


def _mijn_werk_rij(page, casus):
    tabel = page.get_by_role("table", name="Mijn open casussen, eerstvolgende termijn bovenaan")
    return tabel.get_by_role("row", name=f"Casus {casus.pk}")


def _opslaan(page, knop: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=knop, exact=True).click()


def _stap(page, status: str, *, reden: str | None = None, toelichting: str = "") -> None:
    """The whole 'Volgende stap' form: status, reason (only when closing), note, hidden version."""
    page.get_by_role("group", name="Volgende stap").get_by_label(status, exact=True).check()
    if reden:
        page.locator("#id_uitstroomreden").select_option(label=reden)
    page.locator("#id_toelichting").fill(toelichting)
    _opslaan(page, "Opslaan")
    expect(page.locator("main")).to_contain_text(f"De casus staat nu op: {status}.")


def test_crisis_van_aanmelding_tot_nazorg(chromium, live_server, gebruiker_met_rol, regels):
    # A transactional test starts from a flushed database: the data migration's nazorg terms are not there.
    for maanden in (3, 12):
        NazorgTermijn.objects.get_or_create(maanden=maanden)
    gebruiker_met_rol("midoffice", username="mo")
    karin = gebruiker_met_rol("klantadviseur", username="karin", first_name="Karin", last_name="Kessels")
    gebruiker_met_rol("kwaliteitsfunctionaris", username="quinten")
    zuid = Stadsdeel.objects.create(naam="Venlo-Zuid")
    team = Team.objects.create(naam="Team Zuid")
    team.leden.add(karin)
    team.stadsdelen.add(zuid)
    FlexibelBudget.objects.create(jaar=2026, bedrag=Decimal("1000.00"))
    # An older aanmelding without crisis, with the earlier date: the crisis must still come first at triage.
    ouder = f.CasusFactory(aangemeld_op=datetime(2026, 12, 14, 9, 0, tzinfo=AMS))
    f.InwonerFactory(huishouden=ouder.huishouden)

    contexten = []

    def open_als(gebruikersnaam):
        context, sessie = _open_sessie(chromium, live_server, viewport={"width": 1280, "height": 900})
        contexten.append((context, sessie))
        sessie.log_in(gebruikersnaam)
        return sessie

    try:
        with time_machine.travel(datetime(2026, 12, 23, 10, 0, tzinfo=AMS), tick=True) as reis:
            # --- Wednesday 23 December: the midoffice registers the crisis and assigns it. ---
            mo = open_als("mo")
            page = mo.page
            with page.expect_navigation():
                page.get_by_role("link", name="Nieuwe aanmelding").click()
            expect(page.locator("#id_aangemeld_op")).to_have_value("2026-12-23")
            page.locator("#id_hulpvraag").fill("De verhuurder heeft een ontruimingsvonnis laten betekenen.")
            page.locator("#id_bron").select_option("kcc")
            page.get_by_label("Er is een crisis").check()
            page.locator("#id_crisis_reden").select_option("dreigende_huisuitzetting")
            page.locator("#id_straat").fill("Hazenkampweg")
            page.locator("#id_huisnummer").fill("21")
            page.locator("#id_postcode").fill("5915 AB")
            page.locator("#id_stadsdeel").select_option(label="Venlo-Zuid")
            page.locator("#id_leden-0-voornaam").fill("Noor")
            page.locator("#id_leden-0-achternaam").fill("Hermans")
            page.locator("#id_leden-0-geboortedatum").fill("1988-09-12")
            _opslaan(page, "Aanmelding opslaan")
            expect(page.locator("main")).to_contain_text("De aanmelding is geregistreerd.")
            casus = Casus.objects.get(crisis=True)

            rijen = page.get_by_role("table", name="Aanmeldingen die wachten op triage").get_by_role("row")
            expect(rijen).to_have_count(3)
            expect(rijen.nth(1)).to_contain_text(f"Casus {casus.pk}")
            expect(rijen.nth(1)).to_contain_text("Dreigende huisuitzetting")
            expect(rijen.nth(1)).to_contain_text("dinsdag 29 december 2026")
            expect(rijen.nth(2)).to_contain_text(f"Casus {ouder.pk}")
            # 14 December + 4 weeks = Monday 11 January 2027.
            expect(rijen.nth(2)).to_contain_text("maandag 11 januari 2027")

            with page.expect_navigation():
                rijen.nth(1).get_by_role("link", name="Toewijzen").click()
            page.get_by_label("Hoofdbehandelaar").select_option(label="Karin Kessels")
            page.get_by_label("Team").select_option(label="Team Zuid")
            expect(page.get_by_label("Stadsdeel")).to_have_value(str(zuid.pk))
            _opslaan(page, "Toewijzen")
            expect(page.locator("main")).to_contain_text(f"Casus {casus.pk} is nu van Karin Kessels.")
            assert mo.csp_schendingen() == []

            # --- Still the 23rd: Karin sees it in Mijn werk, 3 werkdagen left. ---
            ka = open_als("karin")
            page = ka.page
            ka.ga_naar("/werk/")
            rij = _mijn_werk_rij(page, casus)
            expect(rij).to_contain_text("Eerste gesprek")
            expect(rij).to_contain_text("29 december 2026")
            expect(rij).to_contain_text("Op tijd")

            # --- Monday 28 December: one werkdag left; the eerste gesprek takes place. ---
            # Days later the server's 8-hour session has ended: Karin logs in again, as on any morning.
            reis.move_to(datetime(2026, 12, 28, 9, 0, tzinfo=AMS))
            ka = open_als("karin")
            page = ka.page
            ka.ga_naar("/werk/")
            rij = _mijn_werk_rij(page, casus)
            expect(rij).to_contain_text("29 december 2026")
            expect(rij).to_contain_text("Bijna verlopen")
            with page.expect_navigation():
                rij.get_by_role("link", name=f"Casus {casus.pk}").click()
            expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {casus.pk}")
            expect(_termijn(page, "Eerste gesprek")).to_contain_text("dinsdag 29 december 2026")
            expect(_termijn(page, "Eerste gesprek")).to_contain_text("Bijna verlopen (2 werkdagen of minder)")
            expect(_termijn(page, "Beschikking (toegang)")).to_contain_text("Begint nog niet")

            afspraak = page.get_by_role("form", name="Afspraak vastleggen")
            afspraak.get_by_role("group", name="Soort afspraak").get_by_label("Eerste gesprek").check()
            afspraak.get_by_label("Datum").fill("2026-12-28")
            afspraak.get_by_label("Omschrijving").fill("Kennismaking bij de inwoner thuis.")
            _opslaan(page, "Afspraak vastleggen")
            expect(page.locator("main")).to_contain_text("De afspraak is vastgelegd.")
            expect(_termijn(page, "Eerste gesprek")).to_contain_text("Gehaald op 28 december 2026")
            expect(_termijn(page, "Beschikking (toegang)")).to_contain_text("maandag 22 februari 2027")
            expect(_termijn(page, "Beschikking (toegang)")).to_contain_text("Op tijd")

            _stap(page, "Intake", toelichting="Eerste gesprek gehouden, intake gestart.")

            # Schuldenregistratie: two debts and their totals.
            with page.expect_navigation():
                page.get_by_role("link", name="Schulden", exact=True).click()
            for schuldeiser, soort, bedrag in (("Enexis", "Nutsvoorzieningen", "1.250,00"), ("CAK", "Zorg", "349,50")):
                page.get_by_label("Schuldeiser", exact=True).fill(schuldeiser)
                page.get_by_label(soort).check()
                page.get_by_label("Bedrag in euro", exact=True).fill(bedrag)
                _opslaan(page, "Schuld opslaan")
                expect(page.locator("main")).to_contain_text("De schuld is geregistreerd.")
            totaal = page.get_by_role("table", name="Totaal van de schulden en aantal schuldeisers")
            expect(totaal.get_by_role("row", name="Bij intake")).to_contain_text("1.599,50")
            expect(totaal.get_by_role("row", name="Bij intake")).to_contain_text("2")
            expect(totaal.get_by_role("row", name="Nu (niet afgelost)")).to_contain_text("1.599,50")

            # ZRM screening: all 13 domains.
            ka.ga_naar(f"/werk/casussen/{casus.pk}/")
            with page.expect_navigation():
                page.get_by_role("link", name="Screening (ZRM)").click()
            page.get_by_label("Datum van de screening").fill("2026-12-28")
            for i, domein in enumerate(ZrmDomein):
                score = ZrmScoreWaarde.NIET if domein == ZrmDomein.FINANCIEN else ZrmScoreWaarde(3 + i % 3)
                groep = page.get_by_role("group", name=str(domein.label), exact=True)
                groep.get_by_label(str(score.label), exact=True).check()
            page.get_by_role("group", name="Financiën", exact=True).get_by_label("Toelichting").fill("Huurachterstand")
            _opslaan(page, "Screening opslaan")
            expect(page.locator("main")).to_contain_text("De screening is vastgelegd.")
            tabel = page.get_by_role("table", name="ZRM-scores per domein, de nieuwste screening eerst")
            expect(tabel.locator("tbody tr")).to_have_count(13)

            # The toelatingsbeschikking starts the 120 days.
            ka.ga_naar(f"/werk/casussen/{casus.pk}/")
            beschikking = page.get_by_role("form", name="Beschikking vastleggen")
            beschikking.get_by_label("Datum van de beschikking").fill("2026-12-28")
            beschikking.get_by_label("Ja, toegelaten").check()
            _opslaan(page, "Beschikking vastleggen")
            expect(page.locator("main")).to_contain_text("De beschikking is vastgelegd.")
            expect(_termijn(page, "Beschikking (toegang)")).to_contain_text("Gehaald op 28 december 2026")
            expect(_termijn(page, "Schuldregeling of oplossing")).to_contain_text("dinsdag 27 april 2027")
            expect(_termijn(page, "Schuldregeling of oplossing")).to_contain_text("Op tijd")
            _stap(page, "Stabilisatie")

            # Maatwerk: Karin proposes an amount from the flexibel budget.
            with page.expect_navigation():
                page.get_by_role("link", name="Maatwerk voorstellen").click()
            page.get_by_label("Een bedrag uit het flexibel budget").check()
            page.get_by_label("Bedrag in euro").fill("300,00")
            page.get_by_label("Motivering").fill("De koelkast is kapot en er is geen buffer. Vier kinderen.")
            _opslaan(page, "Voorstel versturen")
            expect(page.locator("main")).to_contain_text("Uw voorstel is verstuurd.")
            voorstel = MaatwerkVoorstel.objects.for_systeem("test").get()

            # The kwaliteitsfunctionaris approves it at the maattafel; the budget goes down.
            kf = open_als("quinten")
            kf.ga_naar("/werk/maatwerk/")
            expect(kf.page.get_by_test_id("budget-over")).to_have_text("€ 1.000,00")
            kaart = kf.page.get_by_role("article", name=f"Voorstel {voorstel.pk} bij casus {casus.pk}")
            expect(kaart).to_contain_text("De koelkast is kapot")
            kaart.get_by_label("Goedkeuren").check()
            kaart.get_by_label("Reden van uw besluit").fill("Noodzakelijk; past binnen het beleid.")
            with kf.page.expect_navigation():
                kaart.get_by_role("button", name=f"Besluit over voorstel {voorstel.pk} opslaan").click()
            expect(kf.page.locator("main")).to_contain_text("Het voorstel is goedgekeurd.")
            expect(kf.page.get_by_test_id("budget-over")).to_have_text("€ 700,00")
            assert kf.csp_schendingen() == []

            # --- Wednesday 31 March 2027: schuldregeling reached, the casus steps up to closing. ---
            reis.move_to(datetime(2027, 3, 31, 9, 0, tzinfo=AMS))
            ka = open_als("karin")
            page = ka.page
            ka.ga_naar(f"/werk/casussen/{casus.pk}/")
            expect(page.locator("ol.venlo-tijdlijn")).to_contain_text("goedgekeurd")
            regeling = page.get_by_role("form", name="Schuldregeling bereikt")
            regeling.get_by_label("Datum waarop de schuldregeling of oplossing is bereikt").fill("2027-03-31")
            _opslaan(page, "Schuldregeling vastleggen")
            expect(page.locator("main")).to_contain_text("De schuldregeling is vastgelegd.")
            expect(_termijn(page, "Schuldregeling of oplossing")).to_contain_text("Gehaald op 31 maart 2027")
            _stap(page, "Schuldregeling of oplossing")
            _stap(page, "Nazorg")
            _stap(page, "Afgesloten", reden="Afgerond", toelichting="Schuldregeling loopt, inwoner heeft overzicht.")
            expect(page.locator("main")).to_contain_text("Afgesloten (Afgerond)")
            expect(_termijn(page, "Eerste gesprek")).to_contain_text("Gehaald op 28 december 2026")
            expect(_termijn(page, "Beschikking (toegang)")).to_contain_text("Gehaald op 28 december 2026")
            expect(_termijn(page, "Schuldregeling of oplossing")).to_contain_text("Gehaald op 31 maart 2027")

            with page.expect_navigation():
                page.get_by_role("link", name="Nazorg", exact=True).click()
            nazorg = page.get_by_role("table", name="Nazorgcontacten")
            expect(nazorg.get_by_role("row", name="Na 3 maanden")).to_contain_text("30 juni 2027")
            expect(nazorg.get_by_role("row", name="Na 12 maanden")).to_contain_text("31 maart 2028")
        # Every tab of the walk, each user's, without a blocked script or style.
        assert [s.csp_schendingen() for _c, s in contexten] == [[]] * len(contexten)
    finally:
        for context, _sessie in contexten:
            context.close()
