"""Notities (append-only, on the timeline) and the Routekaart mijlpalen (reference data from the data
migration, reached once per casus, shown on the casus page)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import notities, routekaart
from cases.models import Mijlpaal, MijlpaalBereikt, Notitie
from cases.tijdlijn import tijdlijn
from tests.factories import CasusFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.append_only import AppendOnlyError
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vandaag(time_machine):
    time_machine.move_to(date(2026, 6, 10), tick=False)


@pytest.fixture
def klantadviseur():
    return UserFactory(username="ka-notitie", first_name="Karin", last_name="Kessels", rollen=[Rol.KLANTADVISEUR])


@pytest.fixture
def casus(klantadviseur):
    return CasusFactory(huishouden=InwonerFactory().huishouden, klantadviseur=klantadviseur)


def test_notitie_op_de_tijdlijn_met_wie_en_wanneer(casus, klantadviseur):
    notitie = notities.voeg_toe(casus=casus, door=klantadviseur, tekst="  Inwoner belt maandag terug.  ")
    [item] = [i for i in tijdlijn(casus) if i.soort == "notitie"]
    assert (item.tekst, item.door) == ("Inwoner belt maandag terug.", "Karin Kessels")
    assert AuditRecord.objects.filter(omschrijving__startswith="Notitie geschreven").count() == 1
    with pytest.raises(AppendOnlyError):
        notitie.save()
    with pytest.raises(AppendOnlyError):
        Notitie.objects.for_systeem("test").filter(pk=notitie.pk).delete()


@pytest.mark.parametrize("tekst", ["", "   ", "x" * 5001])
def test_lege_of_te_lange_notitie_geweigerd(casus, klantadviseur, tekst):
    with pytest.raises(ValidationError):
        notities.voeg_toe(casus=casus, door=klantadviseur, tekst=tekst)
    assert not Notitie.objects.for_systeem("test").exists()


def test_notitiepagina(client, casus, klantadviseur):
    client.force_login(klantadviseur)
    pagina = reverse("cases:notities", kwargs={"pk": casus.pk})
    assert client.post(pagina, {"tekst": ""}).status_code == 400
    assert client.post(pagina, {"tekst": "Eerste gesprek gehad."}).status_code == 302
    assert "Eerste gesprek gehad." in client.get(pagina).content.decode()
    assert "Eerste gesprek gehad." in client.get(reverse("cases:casus", kwargs={"pk": casus.pk})).content.decode()


def test_mijlpalen_uit_de_datamigratie():
    namen = list(Mijlpaal.objects.order_by("volgorde").values_list("volgorde", "naam", "bevestigd"))
    assert len(namen) == 8
    assert namen[:5] == [
        (1, "Op zoek", True),
        (2, "In beeld", True),
        (3, "In contact", True),
        (4, "In gesprek", True),
        (5, "Rust en overzicht", True),
    ]
    assert not any(bevestigd for _v, _n, bevestigd in namen[5:])


def test_mijlpaal_een_keer_met_datum_en_wie(casus, klantadviseur):
    in_beeld = Mijlpaal.objects.get(volgorde=2)
    routekaart.leg_vast(casus=casus, door=klantadviseur, mijlpaal=in_beeld, bereikt_op=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="al vastgelegd"):
        routekaart.leg_vast(casus=casus, door=klantadviseur, mijlpaal=in_beeld, bereikt_op=date(2026, 3, 2))
    stand = dict(routekaart.stand(casus, klantadviseur))
    assert stand[in_beeld].bereikt_op == date(2026, 3, 1) and stand[in_beeld].door == klantadviseur
    assert stand[Mijlpaal.objects.get(volgorde=1)] is None
    assert [i.titel for i in tijdlijn(casus) if i.soort == "mijlpaal"] == ["Mijlpaal bereikt: 2. In beeld"]


@pytest.mark.parametrize(
    ("datum", "bericht"), [(date(2026, 6, 11), "toekomst"), (date(2026, 2, 1), "vóór de aanmelding")]
)
def test_mijlpaal_datum_geweigerd(casus, klantadviseur, datum, bericht):
    with pytest.raises(ValidationError, match=bericht):
        routekaart.leg_vast(casus=casus, door=klantadviseur, mijlpaal=Mijlpaal.objects.first(), bereikt_op=datum)
    assert not MijlpaalBereikt.objects.for_systeem("test").exists()


def test_uitgezette_mijlpaal_niet_te_kiezen(casus, klantadviseur):
    oud = Mijlpaal.objects.get(volgorde=8)
    oud.actief = False
    oud.save()
    with pytest.raises(ValidationError, match="niet meer gebruikt"):
        routekaart.leg_vast(casus=casus, door=klantadviseur, mijlpaal=oud, bereikt_op=date(2026, 6, 1))
    assert oud not in dict(routekaart.stand(casus, klantadviseur))


def test_routekaartpagina_en_casuspagina(client, casus, klantadviseur):
    client.force_login(klantadviseur)
    pagina = reverse("cases:routekaart", kwargs={"pk": casus.pk})
    in_contact = Mijlpaal.objects.get(volgorde=3)
    assert client.post(pagina, {"mijlpaal": str(in_contact.pk), "bereikt_op": "2026-06-11"}).status_code == 400
    assert client.post(pagina, {"mijlpaal": str(in_contact.pk), "bereikt_op": "2026-06-01"}).status_code == 302
    # Reached once: no longer offered.
    assert client.post(pagina, {"mijlpaal": str(in_contact.pk), "bereikt_op": "2026-06-01"}).status_code == 400
    casuspagina = client.get(reverse("cases:casus", kwargs={"pk": casus.pk})).content.decode()
    assert "3. In contact" in casuspagina and "1 juni 2026" in casuspagina


def test_mijlpaal_in_beheer_voor_functioneel_beheer(client):
    beheerder = UserFactory(rollen=[Rol.FUNCTIONEEL_BEHEER], is_staff=True)
    from venlo_armoede.accounts.services import synchroniseer_rollen

    synchroniseer_rollen()
    client.force_login(beheerder)
    assert client.get(reverse("admin:cases_mijlpaal_changelist")).status_code == 200
    assert "Rust en overzicht" in client.get(reverse("admin:cases_mijlpaal_changelist")).content.decode()


@pytest.mark.parametrize("naam", ["cases:notities", "cases:routekaart"])
@pytest.mark.parametrize(("rol", "status"), [(Rol.KLANTADVISEUR, 404), (Rol.MIDOFFICE, 403)])
def test_toegang(client, casus, naam, rol, status):
    client.force_login(UserFactory(rollen=[rol]))
    pagina = reverse(naam, kwargs={"pk": casus.pk})
    assert client.get(pagina).status_code == status
    assert client.post(pagina, {"tekst": "x", "mijlpaal": "1", "bereikt_op": "2026-06-01"}).status_code == status
    assert not Notitie.objects.for_systeem("test").exists()
    assert not MijlpaalBereikt.objects.for_systeem("test").exists()
