"""Import and export of the complete rule set in the beheer screens (issue 10, item 5): the download is the
command's export, an upload is checked first (every error in Dutch with its line, or what would change; nothing
saved), and a confirmation imports all of it or nothing. Functioneel beheer only."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from regelingen import regelset
from regelingen.models import Norm, Regeling, RegelingVersie
from tests.regelingen.test_regelset import SLECHT

URL = "/beheer/regels/regelset/"
EXPORT = "/beheer/regels/regelset/regelset.yaml"


@pytest.fixture
def beheer(client, gebruiker_met_rol):
    client.force_login(gebruiker_met_rol("functioneel_beheer"))
    return client


def _bestand(tekst: str, naam: str = "regelset.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(naam, tekst.encode("utf-8"), content_type="application/yaml")


def _nieuwe_stadspasversie(tekst: str) -> tuple[str, object]:
    """The export with a new Stadspas version from 30 days on at 130%."""
    ingang = timezone.localdate() + timedelta(days=30)
    data = yaml.safe_load(tekst)
    versies = next(r for r in data["regelingen"] if r["code"] == "stadspas")["versies"]
    versies[0]["geldig_tot"] = ingang - timedelta(days=1)
    versies.append({**versies[0], "geldig_van": ingang, "inkomensgrens_pct": "130.00"})
    del versies[1]["geldig_tot"]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True), ingang


def test_download_is_gelijk_aan_de_uitvoer_van_de_command(regels, beheer):
    response = beheer.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="regelset-')
    uit = StringIO()
    call_command("regelingen", "exporteer", "-", stdout=uit)
    assert response.content.decode("utf-8") == uit.getvalue() == regelset.exporteer()


def test_pagina_toont_download_en_upload(regels, beheer):
    html = beheer.get(URL).content.decode()
    assert f'href="{EXPORT}"' in html
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html


def test_een_fout_bestand_noemt_de_regel_en_verandert_niets(regels, beheer):
    aantal = (Regeling.objects.count(), RegelingVersie.objects.count())
    response = beheer.post(URL, {"bestand": _bestand(SLECHT, "fout.yaml"), "actie": "controleer"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er is niets ingelezen. In fout.yaml staan" in html
    # The line of each error, as the command names it (see test_regelset).
    assert "Regel 11</th>" in html and "Onbekend gegeven &#x27;kleur&#x27;" in html
    assert "Regel 7</th>" in html and "Onbekende aanbieder &#x27;Bestaat Niet BV&#x27;" in html
    assert "Regel 14</th>" in html
    assert "Lees de regelset in" not in html  # nothing to confirm
    assert (Regeling.objects.count(), RegelingVersie.objects.count()) == aantal
    assert "regelset_import" not in beheer.session


def test_geen_yaml_en_geen_tekst_geven_een_nederlandse_melding(regels, beheer):
    response = beheer.post(URL, {"bestand": _bestand("regelingen: [\n  - code: x\n", "kapot.yaml")})
    assert response.status_code == 400
    assert "Dit is geen geldige YAML" in response.content.decode()

    kapot = SimpleUploadedFile("plaatje.yaml", b"\xff\xd8\xff\xe0 geen tekst", content_type="image/jpeg")
    response = beheer.post(URL, {"bestand": kapot})
    assert response.status_code == 400
    assert "Dit bestand is geen tekst in UTF-8." in response.content.decode()

    response = beheer.post(URL, {"actie": "controleer"})
    assert response.status_code == 400
    assert "Kies een bestand." in response.content.decode()


def test_een_goed_bestand_eerst_controleren_dan_inlezen(regels, beheer):
    tekst, ingang = _nieuwe_stadspasversie(regelset.exporteer())
    response = beheer.post(URL, {"bestand": _bestand(tekst), "actie": "controleer"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "regelset.yaml is gecontroleerd en in orde. Er is nog niets opgeslagen." in html
    assert f"Nieuwe versie: stadspas vanaf {ingang:%d-%m-%Y}." in html
    assert not RegelingVersie.objects.filter(regeling__code="stadspas", geldig_van=ingang).exists()
    controle = response.context["controle"]

    response = beheer.post(URL, {"actie": "importeer", "controle": controle}, follow=True)
    assert "De regelset is geïmporteerd" in response.content.decode()
    nieuw = RegelingVersie.objects.get(regeling__code="stadspas", geldig_van=ingang)
    assert nieuw.inkomensgrens_pct == Decimal("130.00")
    assert "regelset_import" not in beheer.session

    # The same file again: nothing would change.
    response = beheer.post(URL, {"bestand": _bestand(tekst), "actie": "controleer"})
    assert "Inlezen verandert niets." in response.content.decode()


def test_bevestigen_zonder_gecontroleerd_bestand_doet_niets(regels, beheer):
    aantal = RegelingVersie.objects.count()
    response = beheer.post(URL, {"actie": "importeer", "controle": "verzonnen"}, follow=True)
    assert "Het gecontroleerde bestand is niet meer bekend." in response.content.decode()
    assert RegelingVersie.objects.count() == aantal


def test_annuleren_vergeet_het_bestand(regels, beheer):
    tekst, ingang = _nieuwe_stadspasversie(regelset.exporteer())
    controle = beheer.post(URL, {"bestand": _bestand(tekst)}).context["controle"]
    beheer.post(URL, {"actie": "annuleer"})
    response = beheer.post(URL, {"actie": "importeer", "controle": controle}, follow=True)
    assert "niet meer bekend" in response.content.decode()
    assert not RegelingVersie.objects.filter(regeling__code="stadspas", geldig_van=ingang).exists()


def test_wat_na_de_controle_verandert_wordt_bij_inlezen_alsnog_geweigerd(regels, beheer):
    tekst, ingang = _nieuwe_stadspasversie(regelset.exporteer())
    controle = beheer.post(URL, {"bestand": _bestand(tekst)}).context["controle"]
    # Meanwhile a norm in force is changed in beheer: the file would now overwrite it, so the import refuses it
    # and writes nothing at all (not even the new Stadspas version, which on its own was fine).
    norm = Norm.objects.filter(geldig_van__lte=timezone.localdate()).first()
    Norm.objects.filter(pk=norm.pk).update(bedrag_incl_vt=norm.bedrag_incl_vt + 1)
    response = beheer.post(URL, {"actie": "importeer", "controle": controle})
    assert response.status_code == 400
    assert "Deze rij bestaat al met andere cijfers" in response.content.decode()
    assert not RegelingVersie.objects.filter(regeling__code="stadspas", geldig_van=ingang).exists()


@pytest.mark.parametrize("rol", ["beleidsadviseur", "klantadviseur", "midoffice", "autorisatiebeheerder"])
def test_alleen_functioneel_beheer(regels, client, gebruiker_met_rol, rol):
    client.force_login(gebruiker_met_rol(rol))
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert client.post(URL, {"bestand": _bestand(SLECHT)}).status_code == 403
