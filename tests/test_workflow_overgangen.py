"""Every pair of casus statuses against cases.workflow.OVERGANGEN: an allowed step succeeds through the service; any
other step is refused with the one clear Dutch message (the possible steps named), by the service, by the status
form of the casus page (never Django's "geen geldige keuze") and on the page itself; a closed casus refuses every
step. Nothing is saved on a refusal."""

from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services
from cases.forms import StatusForm
from cases.models import Casus, CasusStatus
from cases.workflow import OVERGANGEN, CasusStatusWaarde, mag_overgaan, overgang_geweigerd
from tests.factories import CasusFactory, UserFactory
from venlo_armoede.accounts.roles import Rol

pytestmark = pytest.mark.django_db
S = CasusStatusWaarde
PAREN = list(product(S.values, S.values))
TOEGESTAAN = [(van, naar) for van, naar in PAREN if naar in OVERGANGEN[van]]
GEWEIGERD = [(van, naar) for van, naar in PAREN if naar not in OVERGANGEN[van]]


@pytest.fixture
def klantadviseur():
    return UserFactory(username="ka", rollen=[Rol.KLANTADVISEUR])


def _in(status, klantadviseur) -> Casus:
    return CasusFactory(status=status, klantadviseur=klantadviseur)


def _extra(naar) -> dict:
    return {"uitstroomreden": "afgerond"} if naar == S.AFGESLOTEN else {}


def test_de_tabel_is_volledig_en_afgesloten_is_het_einde():
    assert set(OVERGANGEN) == set(S.values)
    assert OVERGANGEN[S.AFGESLOTEN] == frozenset()
    assert len(TOEGESTAAN) == 15 and len(TOEGESTAAN) + len(GEWEIGERD) == 49


def test_de_melding_noemt_de_mogelijke_stappen():
    assert overgang_geweigerd(S.INTAKE, S.NAZORG) == (
        "Een casus in 'Intake' kan niet naar 'Nazorg'. Mogelijke stappen: Stabilisatie, Begeleiding of Afgesloten."
    )
    assert overgang_geweigerd(S.NAZORG, S.INTAKE) == (
        "Een casus in 'Nazorg' kan niet naar 'Intake'. Mogelijke stappen: Afgesloten."
    )
    assert overgang_geweigerd(S.AFGESLOTEN, S.INTAKE).startswith("Deze casus is afgesloten.")


@pytest.mark.parametrize(("van", "naar"), TOEGESTAAN, ids=[f"{v}->{n}" for v, n in TOEGESTAAN])
def test_elke_toegestane_stap_lukt_via_de_service(klantadviseur, van, naar):
    casus = _in(van, klantadviseur)
    services.wijzig_status(casus=casus, status=naar, door=klantadviseur, versie=casus.versie, **_extra(naar))
    casus.refresh_from_db()
    assert (casus.status, casus.versie) == (naar, 2)
    assert CasusStatus.objects.for_systeem("test").filter(casus=casus).order_by("-id").first().status == naar


@pytest.mark.parametrize(("van", "naar"), GEWEIGERD, ids=[f"{v}->{n}" for v, n in GEWEIGERD])
def test_elke_andere_stap_wordt_geweigerd_met_de_melding(klantadviseur, van, naar):
    casus = _in(van, klantadviseur)
    rijen = CasusStatus.objects.for_systeem("test").filter(casus=casus).count()
    with pytest.raises(ValidationError) as fout:
        services.wijzig_status(casus=casus, status=naar, door=klantadviseur, versie=casus.versie, **_extra(naar))
    assert fout.value.message_dict == {"status": [overgang_geweigerd(van, naar)]}
    casus.refresh_from_db()
    assert (casus.status, casus.versie) == (van, 1)
    assert CasusStatus.objects.for_systeem("test").filter(casus=casus).count() == rijen


@pytest.mark.parametrize("naar", S.values)
def test_een_afgesloten_casus_weigert_elke_stap(klantadviseur, naar):
    casus = _in(S.AFGESLOTEN, klantadviseur)
    with pytest.raises(ValidationError, match="Deze casus is afgesloten"):
        services.wijzig_status(casus=casus, status=naar, door=klantadviseur, **_extra(naar))


@pytest.mark.parametrize(("van", "naar"), PAREN, ids=[f"{v}->{n}" for v, n in PAREN])
def test_het_statusformulier_geeft_dezelfde_melding(klantadviseur, van, naar):
    casus = _in(van, klantadviseur)
    form = StatusForm({"status": naar, "toelichting": "", "versie": casus.versie, **_extra(naar)}, casus=casus)
    if mag_overgaan(van, naar):
        assert form.is_valid(), form.errors
        assert naar in dict(form.fields["status"].choices)  # offered on the page
    else:
        assert not form.is_valid()
        assert form.errors["status"] == [overgang_geweigerd(van, naar)]
        assert naar not in dict(form.fields["status"].choices)  # not offered


def test_een_onbekende_stap_krijgt_een_nederlandse_melding(klantadviseur):
    casus = _in(S.INTAKE, klantadviseur)
    form = StatusForm({"status": "bestaat-niet", "toelichting": "", "versie": 1}, casus=casus)
    assert form.errors["status"] == ["Kies een van de stappen die op de pagina staan."]


def test_de_casuspagina_toont_de_melding_en_slaat_niets_op(client, klantadviseur):
    casus = _in(S.INTAKE, klantadviseur)
    client.force_login(klantadviseur)
    antwoord = client.post(
        reverse("cases:casus", args=[casus.pk]),
        {"status": S.NAZORG, "uitstroomreden": "", "toelichting": "", "versie": casus.versie},
    )
    assert antwoord.status_code == 400
    html = antwoord.content.decode()
    assert "Mogelijke stappen: Stabilisatie, Begeleiding of Afgesloten." in html
    assert "geen geldige keuze" not in html and "geen beschikbare keuze" not in html
    casus.refresh_from_db()
    assert (casus.status, casus.versie) == (S.INTAKE, 1)
