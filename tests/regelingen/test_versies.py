"""Versioning as users expect (issue 10, item 3): a change to a version in force starts a new version from a
date, the old one ends the day before, a past version is read-only and a future one can be prepared."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from regelingen import engine, selectors, services, versies
from regelingen.models import RechtUitkomst, Regeling, RegelingVersie
from tests.helpers import als_post, formulier_van_pagina
from venlo_armoede.accounts.models import BeheerActie, Beheerlogboek

# The issue-3 example: an alleenstaande ouder with two school children and € 1.600 net (about 114% of the norm).
HUISHOUDEN = engine.Huishouden(
    leden=(
        engine.Lid(rol="aanvrager", geboortedatum=date(1990, 4, 12), netto_maandinkomen=Decimal("1600.00")),
        engine.Lid(rol="kind", geboortedatum=date(2016, 5, 20)),
        engine.Lid(rol="kind", geboortedatum=date(2019, 9, 1)),
    ),
    vermogen=Decimal("1500.00"),
)


def leergeld_op(peildatum: date) -> engine.Uitkomst:
    berekening = selectors.bereken_anoniem(huishouden=HUISHOUDEN, peildatum=peildatum)
    return next(u for u in berekening.uitkomsten if u.code == "leergeld")


def huidige_leergeld() -> RegelingVersie:
    return RegelingVersie.objects.get(regeling__code="leergeld", geldig_tot__isnull=True)


@pytest.fixture
def beheerder(gebruiker_met_rol):
    return gebruiker_met_rol("functioneel_beheer")


def formulier_als_browser(form) -> dict:
    """Every input of a plain form with the value it shows, checkboxes only when ticked (as a browser posts)."""
    data = {}
    for naam, veld in form.fields.items():
        waarde = form[naam].value()
        if isinstance(veld, forms.BooleanField):
            if waarde:
                data[naam] = "on"
        elif isinstance(waarde, list | tuple):
            data[naam] = [str(v) for v in waarde]
        else:
            data[naam] = "" if waarde is None else str(waarde)
    return data


def test_een_wijziging_maakt_een_nieuwe_versie_en_de_oude_eindigt_de_dag_ervoor(regels, beheerder):
    oud = huidige_leergeld()
    ingang = timezone.localdate() + timedelta(days=1)
    nieuw = services.wijzig_versie(
        versie=oud, ingang=ingang, wijzigingen={"inkomensgrens_pct": Decimal("110")}, door=beheerder
    )
    oud.refresh_from_db()
    assert oud.inkomensgrens_pct == Decimal("120")
    assert oud.geldig_tot == ingang - timedelta(days=1)
    assert (nieuw.geldig_van, nieuw.geldig_tot, nieuw.inkomensgrens_pct) == (ingang, None, Decimal("110"))
    assert (nieuw.kind_min_leeftijd, nieuw.kind_max_leeftijd) == (4, 17)  # the rest is copied
    assert Beheerlogboek.objects.filter(
        actie=BeheerActie.AANGEMAAKT, object_soort="regelingversie", object_id=str(nieuw.pk), actor_id=beheerder.pk
    ).exists()
    beeindigd = Beheerlogboek.objects.get(actie=BeheerActie.GEWIJZIGD, object_id=str(oud.pk))
    assert (beeindigd.voor["geldig_tot"], beeindigd.na["geldig_tot"]) == (None, str(ingang - timedelta(days=1)))


def test_de_uitkomst_voor_een_eerdere_peildatum_blijft_de_oude(regels, beheerder):
    vandaag = timezone.localdate()
    ingang = vandaag + timedelta(days=1)
    assert leergeld_op(vandaag).uitkomst == "recht"
    services.wijzig_versie(
        versie=huidige_leergeld(), ingang=ingang, wijzigingen={"inkomensgrens_pct": Decimal("110")}, door=beheerder
    )
    assert leergeld_op(vandaag).uitkomst == "recht"
    assert leergeld_op(date(2025, 3, 1)).uitkomst == "recht"
    assert leergeld_op(ingang).uitkomst == "geen_recht"


def test_een_versie_uit_het_verleden_is_niet_te_wijzigen(regels, beheerder):
    verleden = RegelingVersie.objects.get(regeling__code="leergeld", geldig_tot=date(2023, 12, 31))
    with pytest.raises(ValidationError, match="voorbij"):
        services.wijzig_versie(
            versie=verleden, ingang=timezone.localdate(), wijzigingen={"inkomensgrens_pct": 1}, door=beheerder
        )
    verleden.refresh_from_db()
    assert verleden.inkomensgrens_pct == Decimal("150")


@pytest.mark.parametrize(
    ("dagen", "bericht"),
    [(-1, "in het verleden"), (None, "in het verleden")],  # None: the version's own start (2024)
)
def test_een_ingang_die_de_geschiedenis_herschrijft_wordt_geweigerd(regels, beheerder, dagen, bericht):
    versie = huidige_leergeld()
    ingang = versie.geldig_van if dagen is None else timezone.localdate() + timedelta(days=dagen)
    aantal = RegelingVersie.objects.count()
    with pytest.raises(ValidationError, match=bericht):
        services.wijzig_versie(versie=versie, ingang=ingang, wijzigingen={"inkomensgrens_pct": 110}, door=beheerder)
    versie.refresh_from_db()
    assert (versie.geldig_tot, versie.inkomensgrens_pct, RegelingVersie.objects.count()) == (
        None,
        Decimal("120"),
        aantal,
    )


def test_vandaag_als_ingang_mag(regels, beheerder):
    vandaag = timezone.localdate()
    nieuw = services.wijzig_versie(
        versie=huidige_leergeld(), ingang=vandaag, wijzigingen={"inkomensgrens_pct": 110}, door=beheerder
    )
    assert nieuw.geldig_van == vandaag
    assert leergeld_op(vandaag - timedelta(days=1)).uitkomst == "recht"
    assert leergeld_op(vandaag).uitkomst == "geen_recht"


def test_een_toekomstige_versie_wordt_voorbereid_en_daarna_zelf_gewijzigd(regels, beheerder):
    ingang = timezone.localdate() + timedelta(days=30)
    toekomst = services.wijzig_versie(
        versie=huidige_leergeld(), ingang=ingang, wijzigingen={"inkomensgrens_pct": 125}, door=beheerder
    )
    aantal = RegelingVersie.objects.count()
    zelfde = services.wijzig_versie(
        versie=toekomst, ingang=ingang, wijzigingen={"inkomensgrens_pct": 130}, door=beheerder
    )
    assert zelfde.pk == toekomst.pk and RegelingVersie.objects.count() == aantal
    assert zelfde.inkomensgrens_pct == Decimal("130")


def test_een_ingang_na_het_einde_van_de_versie_wordt_geweigerd(regels, beheerder):
    huidig = huidige_leergeld()
    services.wijzig_versie(
        versie=huidig,
        ingang=timezone.localdate() + timedelta(days=10),
        wijzigingen={"inkomensgrens_pct": 125},
        door=beheerder,
    )
    huidig.refresh_from_db()
    with pytest.raises(ValidationError, match="na het einde van deze versie"):
        services.wijzig_versie(
            versie=huidig,
            ingang=timezone.localdate() + timedelta(days=20),
            wijzigingen={"inkomensgrens_pct": 111},
            door=beheerder,
        )


def test_een_overlappende_versie_wordt_geweigerd_met_een_nederlandse_melding(regels, beheerder):
    huidig = huidige_leergeld()
    # A version someone made beside the current one without ending it (data from before this editor).
    RegelingVersie.objects.create(regeling=huidig.regeling, geldig_van=timezone.localdate() + timedelta(days=40))
    with pytest.raises(ValidationError, match="overlapt met een andere versie"):
        services.wijzig_versie(
            versie=huidig,
            ingang=timezone.localdate() + timedelta(days=5),
            wijzigingen={"inkomensgrens_pct": 111},
            door=beheerder,
        )
    huidig.refresh_from_db()
    assert huidig.geldig_tot is None  # nothing half-saved


def test_onbekende_velden_worden_geweigerd(regels, beheerder):
    with pytest.raises(ValidationError, match="geen regels"):
        services.wijzig_versie(
            versie=huidige_leergeld(), ingang=timezone.localdate(), wijzigingen={"geldig_tot": None}, door=beheerder
        )


def test_uitkomsten_zijn_geen_onderdeel_van_een_versie():
    # Outcomes point at a version but are results: a new version never copies them.
    assert RechtUitkomst not in [rel.related_model for rel in versies._kinderen()]


# --- The editor, as a browser posts it ---------------------------------------------------------------------


def test_de_editor_maakt_een_nieuwe_versie_en_een_eerdere_peildatum_houdt_de_oude_uitkomst(
    client, regels, beheerder, django_capture_on_commit_callbacks
):
    client.force_login(beheerder)
    oud = huidige_leergeld()
    url = reverse("regelbeheer:versie-wijzigen", args=[oud.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200
    data = formulier_als_browser(pagina.context["form"])
    vandaag = timezone.localdate()
    ingang = vandaag + timedelta(days=1)
    assert data["ingang"] == str(vandaag)  # the editor proposes today for a version in force
    data["ingang"] = str(ingang)  # the beheerder picks tomorrow
    data["inkomensgrens_pct"] = "110"
    # Venlo's Leergeld testgeval at exactly 120% (2024) comes out differently: not without confirming it.
    geweigerd = client.post(url, data)
    assert geweigerd.status_code == 400
    assert "testgeval komt met de nieuwe regels anders uit" in str(geweigerd.context["form"].non_field_errors())
    assert huidige_leergeld() == oud and huidige_leergeld().geldig_tot is None
    data |= {"testgevallen_bijwerken": "on", "bevestigde_testgevallen": geweigerd.context["voorvertoning"].bevestiging}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        antwoord = client.post(url, data)
    assert antwoord.status_code == 302, antwoord.context["form"].errors
    assert antwoord["Location"] == reverse("regelbeheer:historie", args=[oud.regeling_id])
    assert len(callbacks) == 1  # one full recompute after the commit
    oud.refresh_from_db()
    assert (oud.geldig_tot, oud.inkomensgrens_pct) == (vandaag, Decimal("120"))
    nieuw = huidige_leergeld()
    assert (nieuw.geldig_van, nieuw.inkomensgrens_pct) == (ingang, Decimal("110"))
    # Only the percentage changed: every untouched field was posted back unchanged.
    for veld in versies.regelvelden():
        if veld.name != "inkomensgrens_pct":
            assert getattr(nieuw, veld.name) == getattr(oud, veld.name), veld.name
    assert leergeld_op(vandaag).uitkomst == "recht"
    assert leergeld_op(ingang).uitkomst == "geen_recht"

    historie = client.get(antwoord["Location"])
    tekst = historie.content.decode()
    assert "was 120.00, wordt 110.00" in tekst
    assert "Opgeslagen: de regels gelden vanaf" in tekst


@pytest.mark.parametrize(
    ("veld", "waarde", "fout"),
    [
        ("ingang", "", "Vul een datum in."),
        ("ingang", "2020-01-01", "De ingangsdatum ligt in het verleden."),
        ("inkomensgrens_pct", "-5", "Een percentage kan niet negatief zijn."),
    ],
)
def test_de_editor_toont_foute_invoer_bij_het_veld_en_bewaart_niets(client, regels, beheerder, veld, waarde, fout):
    client.force_login(beheerder)
    url = reverse("regelbeheer:versie-wijzigen", args=[huidige_leergeld().pk])
    data = formulier_als_browser(client.get(url).context["form"])
    data[veld] = waarde
    aantal = RegelingVersie.objects.count()
    antwoord = client.post(url, data)
    assert antwoord.status_code == 400
    assert any(fout in f for f in antwoord.context["form"].errors[veld])
    assert RegelingVersie.objects.count() == aantal
    assert huidige_leergeld().geldig_tot is None


def test_de_editor_van_een_voorbije_versie_heeft_geen_formulier(client, regels, beheerder):
    client.force_login(beheerder)
    verleden = RegelingVersie.objects.get(regeling__code="leergeld", geldig_tot=date(2023, 12, 31))
    url = reverse("regelbeheer:versie-wijzigen", args=[verleden.pk])
    pagina = client.get(url)
    assert "kunt u niet meer wijzigen" in pagina.content.decode()
    assert "<form" not in pagina.content.decode().split("<main", 1)[1]
    data = formulier_als_browser(pagina.context["form"]) | {
        "ingang": str(timezone.localdate()),
        "inkomensgrens_pct": "1",
    }
    client.post(url, data)
    verleden.refresh_from_db()
    assert verleden.inkomensgrens_pct == Decimal("150")


def test_de_historie_toont_alle_versies_met_wat_er_veranderde(client, regels, beheerder):
    client.force_login(beheerder)
    leergeld = Regeling.objects.get(code="leergeld")
    tekst = client.get(reverse("regelbeheer:historie", args=[leergeld.pk])).content.decode()
    assert "Van 1 juli 2022 tot en met 31 december 2023" in tekst
    assert "Vanaf 1 januari 2024" in tekst
    assert "was 150.00, wordt 120.00" in tekst
    assert "geldt nu" in tekst and "voorbij" in tekst


# --- The regeling in /beheer/ (the admin with its versions inline), posted as a browser posts the page ------


def _admin_pagina(client, regeling) -> tuple[str, list[tuple[str, str]]]:
    """The change page's URL and every field of its form as a browser submits it unchanged (the inline's
    management form, the hidden initials of the JSON fields and the empty template form included)."""
    url = f"/beheer/regelingen/regeling/{regeling.pk}/change/"
    pagina = client.get(url)
    assert pagina.status_code == 200
    return url, formulier_van_pagina(pagina.content.decode(), form_id="regeling_form")


def _inline_index(velden, versie: RegelingVersie) -> int:
    """The number of the inline form that holds `versie` on the page."""
    [naam] = [n for n, w in velden if n.startswith("versies-") and n.endswith("-id") and w == str(versie.pk)]
    return int(naam.split("-")[1])


def _fouten(antwoord) -> str:
    formset = antwoord.context["inline_admin_formsets"][0].formset
    return " ".join([*formset.non_form_errors(), *(str(f.errors) for f in formset.forms)])


def test_de_regeling_ongewijzigd_opslaan_in_de_admin_lukt_en_een_nieuwe_naam_wordt_bewaard(client, regels, beheerder):
    client.force_login(beheerder)
    leergeld = Regeling.objects.get(code="leergeld")
    voor = list(RegelingVersie.objects.filter(regeling=leergeld).order_by("pk").values())
    url, velden = _admin_pagina(client, leergeld)
    assert ("versies-TOTAL_FORMS", "2") in velden and ("versies-INITIAL_FORMS", "2") in velden
    assert client.post(url, als_post(velden)).status_code == 302
    # Without the hidden initial of the JSON fields (a form posted by a script, or a page whose hidden
    # inputs were not sent), form.has_changed() called every version changed; the stored values decide now.
    zonder_initieel = [(naam, waarde) for naam, waarde in velden if not naam.startswith("initial-")]
    antwoord = client.post(url, als_post(zonder_initieel))
    assert antwoord.status_code == 302, _fouten(antwoord)

    url, velden = _admin_pagina(client, leergeld)
    antwoord = client.post(url, als_post(velden, naam="Stichting Leergeld Venlo en omstreken"))
    assert antwoord.status_code == 302, _fouten(antwoord)
    leergeld.refresh_from_db()
    assert leergeld.naam == "Stichting Leergeld Venlo en omstreken"
    assert list(RegelingVersie.objects.filter(regeling=leergeld).order_by("pk").values()) == voor


def test_beheer_kan_een_begonnen_versie_niet_in_de_admin_wijzigen(client, regels, beheerder):
    client.force_login(beheerder)
    leergeld = Regeling.objects.get(code="leergeld")
    url, velden = _admin_pagina(client, leergeld)
    i = _inline_index(velden, huidige_leergeld())
    antwoord = client.post(url, als_post(velden, **{f"versies-{i}-inkomensgrens_pct": "130"}))
    assert antwoord.status_code == 200
    assert "kan hier niet worden gewijzigd" in antwoord.content.decode()
    assert huidige_leergeld().inkomensgrens_pct == Decimal("120")


def test_beheer_kan_een_begonnen_versie_niet_in_de_admin_verwijderen(client, regels, beheerder):
    client.force_login(beheerder)
    leergeld = Regeling.objects.get(code="leergeld")
    aantal = RegelingVersie.objects.filter(regeling=leergeld).count()
    for versie in RegelingVersie.objects.filter(regeling=leergeld):  # the one in force and a past one
        url, velden = _admin_pagina(client, leergeld)
        i = _inline_index(velden, versie)
        antwoord = client.post(url, als_post(velden, **{f"versies-{i}-DELETE": "on"}))
        assert antwoord.status_code == 200
        assert "is al begonnen en kan niet worden verwijderd" in _fouten(antwoord)
        assert RegelingVersie.objects.filter(regeling=leergeld).count() == aantal


def test_in_de_admin_eindigt_de_huidige_versie_en_komt_een_toekomstige_in_een_keer(client, regels, beheerder):
    """The end date of the version in force may move to today or later, and the next version can be added on
    the same page; a version that has not started yet may also be removed again."""
    client.force_login(beheerder)
    leergeld = Regeling.objects.get(code="leergeld")
    huidig = huidige_leergeld()
    vandaag = timezone.localdate()
    einde, begin = vandaag + timedelta(days=30), vandaag + timedelta(days=31)
    url, velden = _admin_pagina(client, leergeld)
    i = _inline_index(velden, huidig)
    data = als_post(velden)
    data.update(
        {
            f"versies-{i}-geldig_tot": f"{einde:%d-%m-%Y}",
            "versies-TOTAL_FORMS": "3",
            "versies-2-geldig_van": f"{begin:%d-%m-%Y}",
            "versies-2-inkomensgrens_pct": "125",
            "versies-2-grens_inclusief": "on",
            "versies-2-norm_basis": "incl_vt",
            "versies-2-kostendelersnorm": "on",
            "versies-2-vermogenstoets": "geen",
            "versies-2-kind_min_leeftijd": "4",
            "versies-2-kind_max_leeftijd": "17",
            "versies-2-samenstellingen": "[]",
            "versies-2-regeling": str(leergeld.pk),
        }
    )
    antwoord = client.post(url, data)
    assert antwoord.status_code == 302, _fouten(antwoord)
    huidig.refresh_from_db()
    assert huidig.geldig_tot == einde and huidig.inkomensgrens_pct == Decimal("120")
    toekomst = RegelingVersie.objects.get(regeling=leergeld, geldig_van=begin)
    assert toekomst.inkomensgrens_pct == Decimal("125")
    assert leergeld_op(vandaag).uitkomst == "recht"  # today's rule is untouched

    url, velden = _admin_pagina(client, leergeld)
    j = _inline_index(velden, toekomst)
    antwoord = client.post(url, als_post(velden, **{f"versies-{j}-DELETE": "on"}))
    assert antwoord.status_code == 302, _fouten(antwoord)
    assert not RegelingVersie.objects.filter(pk=toekomst.pk).exists()


@pytest.mark.parametrize(
    ("einde", "melding"),
    [
        (lambda vandaag: vandaag - timedelta(days=1), "Haar einddatum kan alleen veranderen"),
        (lambda vandaag: vandaag + timedelta(days=5), "overlapt met de versie vanaf"),
    ],
)
def test_een_einddatum_in_het_verleden_of_een_overlap_wordt_in_de_admin_geweigerd(
    client, regels, beheerder, einde, melding
):
    client.force_login(beheerder)
    leergeld = Regeling.objects.get(code="leergeld")
    vandaag = timezone.localdate()
    url, velden = _admin_pagina(client, leergeld)
    i = _inline_index(velden, huidige_leergeld())
    data = als_post(velden, **{f"versies-{i}-geldig_tot": f"{einde(vandaag):%d-%m-%Y}"})
    data.update(
        {
            "versies-TOTAL_FORMS": "3",
            "versies-2-geldig_van": f"{vandaag + timedelta(days=3):%d-%m-%Y}",
            "versies-2-norm_basis": "incl_vt",
            "versies-2-vermogenstoets": "geen",
            "versies-2-samenstellingen": "[]",
            "versies-2-regeling": str(leergeld.pk),
        }
    )
    aantal = RegelingVersie.objects.count()
    antwoord = client.post(url, data)
    assert antwoord.status_code == 200
    assert melding in _fouten(antwoord)
    assert RegelingVersie.objects.count() == aantal
    assert huidige_leergeld().geldig_tot is None


def test_een_nieuwe_versie_neemt_de_voorwaarden_mee_en_een_wijziging_ervan_raakt_de_oude_niet(regels, beheerder):
    """The typed voorwaarden (h-regels) are a JSON field of the version itself: a new version copies them, and
    changing them from a date leaves the old version's voorwaarden and its outcomes for earlier peildata alone."""
    vandaag = timezone.localdate()
    oud = huidige_leergeld()
    oud.voorwaarden = [{"soort": "vermogen", "max_bedrag": "5000"}]
    oud.full_clean()
    oud.save(update_fields=["voorwaarden"])
    assert leergeld_op(vandaag).uitkomst == "recht"  # vermogen € 1.500

    morgen = vandaag + timedelta(days=1)
    nieuw = services.wijzig_versie(
        versie=oud, ingang=morgen, wijzigingen={"inkomensgrens_pct": Decimal("125")}, door=beheerder
    )
    assert nieuw.voorwaarden == [{"soort": "vermogen", "max_bedrag": "5000"}]  # copied with the other rules
    nieuw.refresh_from_db()
    assert nieuw.voorwaarden == [{"soort": "vermogen", "max_bedrag": "5000"}]

    overmorgen = vandaag + timedelta(days=2)
    strenger = services.wijzig_versie(
        versie=nieuw,
        ingang=overmorgen,
        wijzigingen={"voorwaarden": [{"soort": "vermogen", "max_bedrag": "1000"}]},
        door=beheerder,
    )
    oud.refresh_from_db()
    nieuw.refresh_from_db()
    assert oud.voorwaarden == nieuw.voorwaarden == [{"soort": "vermogen", "max_bedrag": "5000"}]
    assert strenger.voorwaarden == [{"soort": "vermogen", "max_bedrag": "1000"}]
    assert leergeld_op(morgen).uitkomst == "recht"
    assert leergeld_op(overmorgen).uitkomst == "geen_recht"  # the stricter vermogen voorwaarde applies then
    historie = versies.historie(regeling=oud.regeling)
    assert any(v.veld == "voorwaarden" and "1000" in v.nieuw for v in historie[-1].verschillen)
