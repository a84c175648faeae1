import hashlib
import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Q

from cases.bsn import is_geldig_bsn
from cases.models import Casus, CasusStatus, Huishouden, InkomensBron, Inwoner, Schuld
from cases.workflow import CasusStatusWaarde, mag_overgaan
from demo import populatie as demo
from regelingen import engine, selectors
from tests import factories as f

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    uit = StringIO()
    # Tests run with DEBUG off (as Django's test runner sets it), so say that this is a demo database.
    call_command("seed_demo", *args, "--ook-zonder-debug", stdout=uit)
    return uit.getvalue()


def test_weigert_zonder_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG staat uit"):
        call_command("seed_demo", "--households", "0", stdout=StringIO())
    assert not get_user_model().objects.filter(username="beheerder").exists()


def _volgorde(model) -> dict[int, int]:
    """pk -> position in insertion order, so rows can be compared without their database ids."""
    return {pk: i for i, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True))}


def digest() -> str:
    """A hash over every population row, with foreign keys as positions and users as usernames; without
    pks and the automatic timestamps (the only values that may differ between two identical seeds)."""
    huishoudens, inwoners, casussen = _volgorde(Huishouden), _volgorde(Inwoner), _volgorde(Casus)
    gebruikers = dict(get_user_model().objects.values_list("pk", "username"))
    h = hashlib.sha256()

    def rijen(model, velden, vertaal):
        for rij in model.objects.order_by("pk").values_list(*velden):
            h.update(repr(vertaal(rij)).encode())
        h.update(b"|")

    rijen(
        Huishouden,
        ["straat", "huisnummer", "huisnummer_toevoeging", "postcode", "woonplaats", "stadsdeel__naam", "vermogen",
         "laag_inkomen_sinds", "geen_contact"],
        lambda r: r,
    )  # fmt: skip
    rijen(
        Inwoner,
        ["huishouden_id", "voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "bsn", "rol"],
        lambda r: (huishoudens[r[0]], *r[1:]),
    )
    rijen(
        InkomensBron,
        ["inwoner_id", "soort", "netto_maandbedrag", "geldig_van", "geldig_tot"],
        lambda r: (inwoners[r[0]], *r[1:]),
    )
    rijen(
        Schuld,
        ["huishouden_id", "schuldeiser", "soort", "bedrag", "geregistreerd_op"],
        lambda r: (huishoudens[r[0]], *r[1:]),
    )
    rijen(
        Casus,
        ["huishouden_id", "klantadviseur_id", "hulpvraag", "crisis", "status", "aangemeld_op"],
        lambda r: (huishoudens[r[0]], gebruikers.get(r[1]), *r[2:]),
    )
    rijen(
        CasusStatus,
        ["casus_id", "status", "tijdstip", "door_id", "toelichting"],
        lambda r: (casussen[r[0]], r[1], r[2], gebruikers.get(r[3]), r[4]),
    )
    return h.hexdigest()


def snapshots_uit_db(peildatum: date) -> list[engine.Huishouden]:
    """Engine snapshots built straight from the stored rows (independent of regelingen.rechten):
    per member the sum of the incomes valid on the peildatum."""
    inkomen: dict[int, Decimal] = defaultdict(Decimal)
    geldig = Q(geldig_van__lte=peildatum) & (Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=peildatum))
    for inwoner_id, bedrag in InkomensBron.objects.filter(geldig).values_list("inwoner_id", "netto_maandbedrag"):
        inkomen[inwoner_id] += bedrag
    leden = defaultdict(list)
    for pk, huishouden_id, rol, geboortedatum in Inwoner.objects.values_list(
        "pk", "huishouden_id", "rol", "geboortedatum"
    ):
        leden[huishouden_id].append(engine.Lid(rol, geboortedatum, inkomen.get(pk, Decimal("0"))))
    return [
        engine.Huishouden(leden=tuple(leden[pk]), vermogen=vermogen, laag_inkomen_sinds=sinds)
        for pk, vermogen, sinds in Huishouden.objects.values_list("pk", "vermogen", "laag_inkomen_sinds")
    ]


def test_zelfde_seed_geeft_zelfde_data_andere_seed_andere():
    seed("--households", "300", "--seed", "7")
    eerste = digest()
    aantallen = (Huishouden.objects.count(), Inwoner.objects.count(), Casus.objects.count())
    assert aantallen[0] == 300 and aantallen[2] >= 1

    seed("--households", "300", "--seed", "7", "--reset")
    assert (Huishouden.objects.count(), Inwoner.objects.count(), Casus.objects.count()) == aantallen
    assert digest() == eerste

    seed("--households", "300", "--seed", "8", "--reset")
    assert Huishouden.objects.count() == 300
    assert digest() != eerste


def test_bestaande_populatie_wordt_niet_aangevuld():
    seed("--households", "50", "--seed", "1")
    aantal = Inwoner.objects.count()
    uit = seed("--households", "50", "--seed", "2")
    assert "populatie niet aangevuld" in uit
    assert Huishouden.objects.count() == 50 and Inwoner.objects.count() == aantal


def test_gekalibreerd_en_venlo_achtig():
    uit = seed("--households", "2000")
    assert "Venlo-demo-2026" in uit
    tabel = selectors.normtabel()
    snapshots = snapshots_uit_db(demo.PEILDATUM)
    assert len(snapshots) == 2000

    laag = 0
    for huishouden in snapshots:
        norm, _ = engine.bereken_norm(huishouden, demo.PEILDATUM, tabel, kostendelersnorm=True)
        if engine.huishoudinkomen(huishouden) <= norm * Decimal("1.10"):
            laag += 1
    assert 0.10 <= laag / 2000 <= 0.14

    def soort(h: engine.Huishouden) -> str:
        rollen = {lid.rol for lid in h.leden}
        if "overig" in rollen:
            return "overig"
        if "partner" in rollen:
            return "paar_met_kinderen" if "kind" in rollen else "paar"
        return "eenouder" if "kind" in rollen else "alleenstaande"

    aandelen = Counter(soort(h) for h in snapshots)
    assert 0.33 <= aandelen["alleenstaande"] / 2000 <= 0.43
    assert 0.23 <= aandelen["paar"] / 2000 <= 0.33
    assert 0.19 <= aandelen["paar_met_kinderen"] / 2000 <= 0.29
    assert 0.05 <= aandelen["eenouder"] / 2000 <= 0.11
    assert 0 < aandelen["overig"] / 2000 <= 0.05

    leeftijden = [engine.leeftijd(lid.geboortedatum, demo.PEILDATUM) for h in snapshots for lid in h.leden]
    rollen = [lid.rol for h in snapshots for lid in h.leden]
    aanvragers = [jaren for jaren, rol in zip(leeftijden, rollen, strict=True) if rol == "aanvrager"]
    assert 0.16 <= sum(1 for jaren in aanvragers if jaren >= 67) / len(aanvragers) <= 0.25
    kinderen = [jaren for jaren, rol in zip(leeftijden, rollen, strict=True) if rol == "kind"]
    assert kinderen and min(kinderen) >= 0 and max(kinderen) <= 17
    huisgenoten = [jaren for jaren, rol in zip(leeftijden, rollen, strict=True) if rol == "overig"]
    assert any(jaren >= 27 for jaren in huisgenoten)  # kostendelers

    stadsdelen = Counter(Huishouden.objects.values_list("stadsdeel__naam", flat=True))
    assert 0.39 <= stadsdelen["Venlo"] / 2000 <= 0.51
    assert 0.20 <= stadsdelen["Blerick"] / 2000 <= 0.30
    assert set(stadsdelen) == {"Venlo", "Blerick", "Tegelen", "Belfeld", "Arcen en Velden"}
    assert all(re.fullmatch(r"59\d\d [A-Z]{2}", p) for p in Huishouden.objects.values_list("postcode", flat=True))

    assert 0.05 <= Huishouden.objects.filter(vermogen__isnull=True).count() / 2000 <= 0.15
    assert Huishouden.objects.exclude(laag_inkomen_sinds=None).count() >= laag
    assert Schuld.objects.exists()
    assert len(set(InkomensBron.objects.values_list("soort", flat=True))) >= 7
    meerdere = Inwoner.objects.filter(inkomens__geldig_tot__isnull=True).values("pk")
    assert meerdere.count() > meerdere.distinct().count()  # some people have two current incomes


def test_elk_bsn_geldig_en_uniek():
    seed("--households", "1000")
    bsns = list(Inwoner.objects.exclude(bsn=None).values_list("bsn", flat=True))
    assert len(bsns) > 1000
    assert len(set(bsns)) == len(bsns)
    assert all(is_geldig_bsn(bsn) for bsn in bsns)


def test_synthetisch_bsn():
    reeks = [demo.synthetisch_bsn(n) for n in range(5000)]
    assert len(set(reeks)) == 5000 and all(is_geldig_bsn(bsn) for bsn in reeks)


def test_casussen_voor_de_startpaginas():
    seed("--households", "1000")
    casussen = list(Casus.objects.prefetch_related("statushistorie"))
    assert 5 <= len(casussen) <= 20
    assert any(c.status == CasusStatusWaarde.AANMELDING for c in casussen)
    assert any(c.klantadviseur and c.klantadviseur.username == "klantadviseur" for c in casussen)
    assert any(c.crisis for c in casussen)
    for casus in casussen:
        historie = sorted(casus.statushistorie.all(), key=lambda s: (s.tijdstip, s.pk))
        assert historie[0].status == CasusStatusWaarde.AANMELDING
        assert historie[-1].status == casus.status
        assert all(mag_overgaan(a.status, b.status) for a, b in zip(historie, historie[1:], strict=False))


DEMO_START = {
    "klantadviseur": "/werk/",
    "midoffice": "/werk/triage/",
    "kwaliteitsfunctionaris": "/werk/maatwerk/",
    "beleidsadviseur": "/beleid/",
    "partner": "/partner/",
    "beheerder": "/beheer/",
    "autorisatie": "/autorisaties/",
    "privacy": "/privacy/",
    "teamleider": "/werk/team/",
}


def test_demogebruikers_met_rol_en_startpagina(client):
    seed("--households", "0")
    User = get_user_model()
    for gebruikersnaam, rol, *_ in demo.DEMO_GEBRUIKERS:
        gebruiker = User.objects.get(username=gebruikersnaam)
        assert list(gebruiker.groups.values_list("name", flat=True)) == [rol.value]
        assert gebruiker.check_password(demo.DEMO_WACHTWOORD)
        client.force_login(gebruiker)
        antwoord = client.get("/")
        assert antwoord.status_code == 302
        assert antwoord["Location"] == DEMO_START[gebruikersnaam]
    assert User.objects.get(username="beheerder").is_staff
    assert User.objects.get(username="partner").organisatie.naam == "Stichting Leergeld Venlo"
    # Running again updates them in place.
    seed("--households", "0")
    assert User.objects.filter(username__in=DEMO_START).count() == len(DEMO_START)


def test_factories_maken_geldige_rijen():
    inwoners = [f.InwonerFactory(), f.InwonerFactory(rol="partner"), f.InwonerFactory()]
    assert len({i.bsn for i in inwoners}) == 3
    for inwoner in inwoners:
        inwoner.full_clean()
        inwoner.huishouden.full_clean()
    bron = f.InkomensBronFactory(inwoner=inwoners[0])
    bron.full_clean()
    gebruiker = f.UserFactory(rollen=["klantadviseur", "midoffice"])
    assert gebruiker.heeft_rol("klantadviseur") and gebruiker.heeft_rol("midoffice")
    assert gebruiker.check_password(f.TEST_WACHTWOORD)
    casus = f.CasusFactory(eerste_status=gebruiker)
    assert casus.statushistorie.get().door == gebruiker
    f.CasusStatusFactory(casus=casus)
    f.SchuldFactory(huishouden=casus.huishouden).full_clean()
    versie = f.RegelingVersieFactory(regeling__aanbieder=f.OrganisatieFactory())
    versie.full_clean()
    assert f.NormFactory().pk == f.NormFactory().pk  # one row per (date, category, type)
    for factory in (f.AowLeeftijdFactory, f.KostendelersnormFactory, f.VermogensgrensFactory):
        factory().full_clean()


def test_casusdossiers_in_de_demo(client):
    from django.contrib.auth import get_user_model

    from cases.models import Bewind, Notitie, Schuld, ZrmScreening

    seed("--households", "1000")
    assert Schuld.objects.for_systeem("test").filter(casus__isnull=False, bij_intake=True).exists()
    assert ZrmScreening.objects.for_systeem("test").exists() and Notitie.objects.for_systeem("test").exists()
    assert Bewind.objects.for_systeem("test").exists()
    client.force_login(get_user_model().objects.get(username="klantadviseur"))
    lijst = client.get("/werk/bewind/").content.decode()
    assert 'scope="row"' in lijst and "geen screening" not in lijst  # rows, each with a ZRM score


def test_demo_heeft_termijnen_gehaald_bijna_en_verlopen(client):
    """Mijn werk and the team page show every stand after `make run`: met, at risk (≤ 2 werkdagen), missed
    and on time, counted on the day of seeding as the pages count them; the events follow the status path."""
    from django.utils import timezone

    from cases import selectors as cases_selectors
    from cases.termijnen import Termijnstatus

    seed("--households", "1000")
    vandaag = timezone.localdate()
    dagen, start = cases_selectors.gelijkgestelde_dagen(), cases_selectors.schuldregeling_startmoment()
    standen, gehaald = Counter(), 0
    for casus in Casus.objects.filter(klantadviseur__username="klantadviseur"):
        t = cases_selectors.casus_termijnen(casus, dagen=dagen, startmoment=start)  # raises on an impossible order
        if casus.eerste_gesprek_op is not None:
            assert casus.eerste_gesprek_op <= vandaag
            gehaald += casus.eerste_gesprek_op <= t.eerste_gesprek_uiterlijk
        if casus.status not in (CasusStatusWaarde.AANMELDING, CasusStatusWaarde.AFGESLOTEN):
            assert casus.eerste_gesprek_op is not None
        if casus.status != CasusStatusWaarde.AFGESLOTEN and t.status(vandaag):
            standen[t.status(vandaag)] += 1
        assert casus.volgende_termijn_op == (t.volgende.uiterlijk if t.volgende else None)
    assert gehaald > 0
    assert all(standen[s] > 0 for s in Termijnstatus), standen

    # And the pages show them: Mijn werk of the demo klantadviseur, the team page of the demo teamleider.
    client.force_login(get_user_model().objects.get(username="klantadviseur"))
    werk = client.get("/werk/").content.decode()
    assert 'utrecht-status-badge--warning">Bijna verlopen</span>' in werk
    assert 'utrecht-status-badge--danger">Verlopen</span>' in werk
    assert re.search(r">\s*Op tijd\s*</td>", werk)
    client.force_login(get_user_model().objects.get(username="teamleider"))
    team = client.get("/werk/team/").content.decode()
    assert "<strong>Verlopen</strong>" in team and "Bijna verlopen</td>" in team
