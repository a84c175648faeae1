"""The pages of the warme doorverwijzing as users act on them: the klantadviseur records consent and refers
(whole forms posted), the partner reacts in its portal, other organisations get 404, and no partner page ever
holds a BSN (every response is checked by tests/partners/conftest.py)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from partners.models import Doorverwijzing, Toestemming
from tests.factories import DienstFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_klantadviseur_legt_toestemming_vast_en_verwijst_door(wereld):
    adviseur = _client(wereld["adviseur"])
    casus = wereld["casus"]
    vandaag = timezone.localdate()
    pagina = f"/werk/casussen/{casus.pk}/toestemming/"
    assert adviseur.get(pagina).status_code == 200
    response = adviseur.post(
        pagina,
        {
            "organisatie": wereld["alliantie"].pk,
            "categorieen": ["contactgegevens", "hulpvraag"],
            "wijze": "schriftelijk",
            "gegeven_op": vandaag.isoformat(),
            "geldig_tot": (vandaag + timedelta(days=100)).isoformat(),
        },
    )
    assert response.status_code == 302
    toestemming = Toestemming.objects.for_user(wereld["adviseur"]).get()
    assert toestemming.categorieen == ["contactgegevens", "hulpvraag"] and toestemming.wijze == "schriftelijk"

    # Sharing income is outside the consent: refused with a Dutch error, nothing saved.
    formulier = {
        "dienst": wereld["dienst_alliantie"].pk,
        "hulpvraag": "Hulp bij rekeningen",
        "urgentie": "normaal",
        "categorieen": ["contactgegevens", "inkomen"],
    }
    response = adviseur.post(f"/werk/casussen/{casus.pk}/doorverwijzen/", formulier)
    assert response.status_code == 400
    assert "geen geldige toestemming" in response.content.decode()
    assert not Doorverwijzing.objects.for_systeem("test").exists()

    formulier["categorieen"] = ["contactgegevens", "hulpvraag"]
    response = adviseur.post(f"/werk/casussen/{casus.pk}/doorverwijzen/", formulier)
    assert response.status_code == 302
    dv = Doorverwijzing.objects.for_user(wereld["adviseur"]).get()
    assert dv.status == "verstuurd"
    pagina = adviseur.get(f"/werk/casussen/{casus.pk}/doorverwijzen/").content.decode()
    assert "Vrijwillige schuldhulp" in pagina and "Verstuurd" in pagina


def test_een_bsn_in_de_hulpvraag_wordt_geweigerd_en_niet_teruggetoond(wereld, toestemming):
    toestemming()
    adviseur = _client(wereld["adviseur"])
    bsn = wereld["bsns"][0]
    formulier = {
        "dienst": wereld["dienst_alliantie"].pk,
        "hulpvraag": f"Hulp bij rekeningen. BSN {bsn[:4]}.{bsn[4:6]}.{bsn[6:]}, zie dossier.",
        "urgentie": "normaal",
        "categorieen": ["contactgegevens", "hulpvraag"],
    }
    response = adviseur.post(f"/werk/casussen/{wereld['casus'].pk}/doorverwijzen/", formulier)
    assert response.status_code == 400
    inhoud = response.content.decode()
    assert "Zet geen BSN in de hulpvraag." in inhoud
    # The rest of the text is kept for the klantadviseur, without the number.
    assert "Hulp bij rekeningen. BSN [BSN weggehaald], zie dossier." in inhoud
    assert not Doorverwijzing.objects.for_systeem("test").exists()


def test_een_bsn_in_de_hulpvraag_van_de_casus_komt_niet_in_het_formulier(wereld):
    casus = wereld["casus"]
    casus.hulpvraag = f"Inwoner met BSN {wereld['bsns'][1]} heeft schulden."
    casus.save(update_fields=["hulpvraag"])
    inhoud = _client(wereld["adviseur"]).get(f"/werk/casussen/{casus.pk}/doorverwijzen/").content.decode()
    assert "Inwoner met BSN [BSN weggehaald] heeft schulden." in inhoud


def test_een_inactieve_dienst_kan_niet_gekozen_worden(wereld, toestemming):
    toestemming()
    dienst = wereld["dienst_alliantie"]
    dienst.actief = False
    dienst.save()
    adviseur = _client(wereld["adviseur"])
    pagina = adviseur.get(f"/werk/casussen/{wereld['casus'].pk}/doorverwijzen/").content.decode()
    assert f'<option value="{dienst.pk}"' not in pagina
    formulier = {"dienst": dienst.pk, "hulpvraag": "Hulp", "urgentie": "normaal", "categorieen": ["contactgegevens"]}
    response = adviseur.post(f"/werk/casussen/{wereld['casus'].pk}/doorverwijzen/", formulier)
    assert response.status_code == 400
    assert "dienst" in response.context["form"].errors
    assert "geldige keuze" in response.content.decode()  # Django's Dutch message for a choice not offered
    assert not Doorverwijzing.objects.for_systeem("test").exists()


def test_zonder_gekozen_gegevens_en_organisatie_veldfouten(wereld):
    adviseur = _client(wereld["adviseur"])
    response = adviseur.post(
        f"/werk/casussen/{wereld['casus'].pk}/toestemming/",
        {"organisatie": "", "wijze": "mondeling", "gegeven_op": "", "geldig_tot": ""},
    )
    assert response.status_code == 400
    assert not Toestemming.objects.for_systeem("test").exists()


def test_partner_accepteert_en_meldt_de_uitkomst(wereld, verwijzing):
    dv = verwijzing(categorieen=("contactgegevens", "hulpvraag"))
    partner = _client(wereld["partner_alliantie"])
    portaal = partner.get("/partner/").content.decode()
    assert f"/partner/doorverwijzingen/{dv.pk}/" in portaal
    pagina = partner.get(f"/partner/doorverwijzingen/{dv.pk}/")
    inhoud = pagina.content.decode()
    assert "Fenna Geurts" in inhoud and "Hulp bij het op orde krijgen" in inhoud
    dv.refresh_from_db()
    assert dv.status == "ontvangen"
    leeg = {"reden": "", "voorgestelde_dienst": "", "uitkomst": "", "toelichting": ""}
    url = f"/partner/doorverwijzingen/{dv.pk}/"
    assert partner.post(url, {**leeg, "stap": "geaccepteerd", "versie": dv.versie}).status_code == 302
    # A stale form (the old version) is refused.
    assert partner.post(url, {**leeg, "stap": "in_behandeling", "versie": dv.versie}).status_code == 400
    dv.refresh_from_db()
    assert partner.post(url, {**leeg, "stap": "in_behandeling", "versie": dv.versie}).status_code == 302
    dv.refresh_from_db()
    antwoord = partner.post(
        url,
        {**leeg, "stap": "afgerond", "uitkomst": "doel_bereikt", "toelichting": "Regeling loopt.", "versie": dv.versie},
    )
    assert antwoord.status_code == 302
    dv.refresh_from_db()
    assert dv.status == "afgerond"
    adviseur = _client(wereld["adviseur"]).get(f"/werk/casussen/{wereld['casus'].pk}/doorverwijzen/")
    assert "Doel bereikt" in adviseur.content.decode()


def test_ingetrokken_toestemming_toont_de_partner_geen_gegevens(wereld, verwijzing):
    dv = verwijzing()
    adviseur = _client(wereld["adviseur"])
    url = f"/werk/casussen/{wereld['casus'].pk}/toestemming/{dv.toestemming_id}/intrekken/"
    assert adviseur.post(url).status_code == 302
    inhoud = _client(wereld["partner_alliantie"]).get(f"/partner/doorverwijzingen/{dv.pk}/").content.decode()
    assert "Toestemming ingetrokken" in inhoud
    assert "Fenna" not in inhoud and "Geurts" not in inhoud and "Kerkstraat" not in inhoud


def test_organisatie_b_krijgt_404_voor_elke_doorverwijzing_van_a(wereld, verwijzing):
    dv = verwijzing()
    ander = _client(wereld["partner_leergeld"])
    assert ander.get(f"/partner/doorverwijzingen/{dv.pk}/").status_code == 404
    assert ander.post(f"/partner/doorverwijzingen/{dv.pk}/", {"stap": "ontvangen"}).status_code == 404
    assert f"/partner/doorverwijzingen/{dv.pk}/" not in ander.get("/partner/").content.decode()
    # A member of the koepel sees nothing until the koepel passes it on.
    assert _client(wereld["partner_lid"]).get(f"/partner/doorverwijzingen/{dv.pk}/").status_code == 404
    dv.refresh_from_db()
    assert dv.status == "verstuurd"  # nothing changed by the refused requests


def test_koepel_geeft_door_aan_een_lid(wereld, verwijzing):
    dv = verwijzing()
    koepel = _client(wereld["partner_alliantie"])
    assert "Doorgeven aan een lidorganisatie" in koepel.get(f"/partner/doorverwijzingen/{dv.pk}/").content.decode()
    assert koepel.post(f"/partner/doorverwijzingen/{dv.pk}/", {"lid": wereld["lid"].pk}).status_code == 302
    assert _client(wereld["partner_lid"]).get(f"/partner/doorverwijzingen/{dv.pk}/").status_code == 200


def test_een_andere_klantadviseur_krijgt_404_voor_de_casus(wereld):
    from tests.factories import UserFactory

    ander = _client(UserFactory(username="ander", rollen=["klantadviseur"]))
    assert ander.get(f"/werk/casussen/{wereld['casus'].pk}/doorverwijzen/").status_code == 404
    assert ander.get(f"/werk/casussen/{wereld['casus'].pk}/toestemming/").status_code == 404


def test_partner_werkt_capaciteit_van_eigen_dienst_bij(wereld):
    partner = _client(wereld["partner_alliantie"])
    dienst = wereld["dienst_alliantie"]
    response = partner.post(
        f"/partner/diensten/{dienst.pk}/capaciteit/", {"beschikbaar": 2, "maximum": 10, "eenheid": "trajecten"}
    )
    assert response.status_code == 302
    dienst.refresh_from_db()
    assert (dienst.capaciteit_beschikbaar, dienst.capaciteit_maximum) == (2, 10) and dienst.capaciteit_bijgewerkt_op
    ander = wereld["dienst_leergeld"]
    assert partner.post(f"/partner/diensten/{ander.pk}/capaciteit/", {"beschikbaar": 1}).status_code == 404
    # More free than total: refused by the model's rule, nothing changed.
    partner.post(f"/partner/diensten/{dienst.pk}/capaciteit/", {"beschikbaar": 20, "maximum": 10, "eenheid": "x"})
    dienst.refresh_from_db()
    assert dienst.capaciteit_beschikbaar == 2


def test_suggesties_eerst_met_plek_en_eerlijk_gespreid(wereld, verwijzing):
    from partners.selectors import suggesties

    vol = DienstFactory(
        organisatie=OrganisatieFactory(naam="Vol"),
        naam="Vol",
        capaciteit_beschikbaar=0,
        capaciteit_maximum=5,
        capaciteit_eenheid="plekken",
    )
    ruim = DienstFactory(
        organisatie=OrganisatieFactory(naam="Ruim"),
        naam="Ruim",
        capaciteit_beschikbaar=5,
        capaciteit_maximum=5,
        capaciteit_eenheid="plekken",
    )
    klein = DienstFactory(
        organisatie=OrganisatieFactory(naam="Klein", soort="vrijwilligers"),
        naam="Klein",
        capaciteit_beschikbaar=1,
        capaciteit_maximum=5,
        capaciteit_eenheid="plekken",
    )
    onbekend = wereld["dienst_alliantie"]  # capacity unknown
    volgorde = [d.naam for d in suggesties(stadsdeel=wereld["stadsdeel"], hulpvraag="schulden")]
    assert vol.naam not in volgorde  # full: not suggested
    assert volgorde == [ruim.naam, klein.naam, onbekend.naam]
    # Ruim received two referrals in the last 90 days: Klein (none) now comes first.
    for _ in range(2):
        verwijzing(dienst=ruim)
    volgorde = [d.naam for d in suggesties(stadsdeel=wereld["stadsdeel"], hulpvraag="schulden")]
    assert volgorde == [klein.naam, ruim.naam, onbekend.naam]
    pagina = _client(wereld["adviseur"]).get(f"/werk/casussen/{wereld['casus'].pk}/doorverwijzen/?behoefte=schulden")
    lijst = pagina.content.decode().split("Voorgestelde diensten")[1].split("</ol>")[0]
    assert lijst.index("Klein") < lijst.index("Ruim")
    assert "Vol (" not in lijst
