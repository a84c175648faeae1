"""The casus page (cases:casus): only the allowed next steps, closing needs an uitstroomreden and plans nazorg,
the timeline shows what other parts report, every view is audited per household member, and a casus of
another team is out of reach (404, the refusal logged)."""

import pytest
from django.urls import reverse

from cases.models import Casus, CasusStatus, NazorgContact
from cases.workflow import CasusStatusWaarde as S
from tests.factories import CasusFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.models import Team
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import AuditRecord, Resultaat

pytestmark = pytest.mark.django_db


@pytest.fixture
def klantadviseur():
    return UserFactory(username="ka", rollen=[Rol.KLANTADVISEUR])


@pytest.fixture
def casus(klantadviseur):
    aanvrager = InwonerFactory()
    InwonerFactory(huishouden=aanvrager.huishouden, rol="partner")
    return CasusFactory(huishouden=aanvrager.huishouden, klantadviseur=klantadviseur)


def _stap(client, casus, **velden):
    """Post the whole form as a browser sends it: every field, the untouched ones empty."""
    versie = Casus.objects.for_systeem("test").get(pk=casus.pk).versie  # the version the page would carry
    data = {"status": "", "uitstroomreden": "", "toelichting": "", "versie": versie} | velden
    return client.post(reverse("cases:casus", args=[casus.pk]), data)


def _status(casus) -> str:
    return Casus.objects.for_systeem("test").get(pk=casus.pk).status


def test_alleen_toegestane_volgende_stappen_worden_aangeboden(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    antwoord = client.get(reverse("cases:casus", args=[casus.pk]))
    assert antwoord.status_code == 200
    keuzes = {waarde for waarde, _ in antwoord.context["form"].fields["status"].choices}
    assert keuzes == {S.INTAKE, S.AFGESLOTEN}  # from aanmelding (cases.workflow.OVERGANGEN)


def test_een_stap_die_fasen_overslaat_wordt_geweigerd_en_niets_opgeslagen(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    historie = CasusStatus.objects.for_systeem("test").filter(casus=casus)
    voor = historie.count()
    antwoord = _stap(client, casus, status=S.NAZORG)
    assert antwoord.status_code == 400
    assert "status" in antwoord.context["form"].errors
    assert _status(casus) == S.AANMELDING
    assert historie.count() == voor


def test_een_toegestane_stap_komt_op_de_tijdlijn_met_wie_en_toelichting(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    antwoord = _stap(client, casus, status=S.INTAKE, toelichting="Eerste gesprek gepland.")
    assert antwoord.status_code == 302
    assert _status(casus) == S.INTAKE
    pagina = client.get(reverse("cases:casus", args=[casus.pk]))
    items = pagina.context["tijdlijn"]
    assert items[0].titel == "Status: Intake" and items[0].tekst == "Eerste gesprek gepland." and items[0].door == "ka"


def test_afsluiten_zonder_uitstroomreden_geweigerd(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    antwoord = _stap(client, casus, status=S.AFGESLOTEN)
    assert antwoord.status_code == 400
    assert antwoord.context["form"].errors["uitstroomreden"] == ["Kies waarom de casus wordt afgesloten."]
    assert _status(casus) == S.AANMELDING


def test_uitstroomreden_bij_een_andere_stap_geweigerd(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    antwoord = _stap(client, casus, status=S.INTAKE, uitstroomreden="afgerond")
    assert antwoord.status_code == 400
    assert _status(casus) == S.AANMELDING


def test_afsluiten_als_afgerond_plant_nazorg(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    assert _stap(client, casus, status=S.AFGESLOTEN, uitstroomreden="afgerond").status_code == 302
    opgeslagen = Casus.objects.for_systeem("test").get(pk=casus.pk)
    assert (opgeslagen.status, opgeslagen.uitstroomreden) == (S.AFGESLOTEN, "afgerond")
    maanden = sorted(NazorgContact.objects.for_systeem("test").filter(casus=casus).values_list("maanden", flat=True))
    assert maanden == [3, 12]
    # A closed casus offers no next step any more.
    assert "form" not in client.get(reverse("cases:casus", args=[casus.pk])).context


def test_afsluiten_met_een_andere_reden_plant_geen_nazorg(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    assert _stap(client, casus, status=S.AFGESLOTEN, uitstroomreden="verhuisd").status_code == 302
    assert not NazorgContact.objects.for_systeem("test").filter(casus=casus).exists()


def test_elke_inzage_staat_in_het_logboek_per_lid(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    voor = AuditRecord.objects.count()
    client.get(reverse("cases:casus", args=[casus.pk]))
    nieuw = AuditRecord.objects.order_by("-pk")[: AuditRecord.objects.count() - voor]
    ingezien = [r for r in nieuw if r.omschrijving == f"Casus {casus.pk} ingezien"]
    assert len(ingezien) == 2  # aanvrager and partner


def test_casus_van_een_ander_team_is_404_en_de_weigering_gelogd(client, casus):
    andere = UserFactory(username="ander", rollen=[Rol.KLANTADVISEUR])
    Team.objects.create(naam="Ander team").leden.add(andere)
    client.force_login(andere)
    antwoord = client.get(reverse("cases:casus", args=[casus.pk]))
    assert antwoord.status_code == 404
    assert (
        AuditRecord.objects.filter(resultaat=Resultaat.GEWEIGERD, omschrijving="Casus opvragen geweigerd").count() == 2
    )


def test_kwaliteitsfunctionaris_leest_maar_zet_geen_stap(client, casus, klantadviseur):
    from django.utils import timezone

    from cases.models import MaatwerkVoorstel

    kwaliteit = UserFactory(username="kf", rollen=[Rol.KWALITEITSFUNCTIONARIS])
    client.force_login(kwaliteit)
    # Without a maatwerk proposal the casus is none of the kwaliteitsfunctionaris's business.
    assert client.get(reverse("cases:casus", args=[casus.pk])).status_code == 404
    MaatwerkVoorstel.objects.create(
        casus=casus,
        soort="flexibel_budget",
        bedrag=50,
        motivering="Nodig.",
        voorgesteld_door=klantadviseur,
        voorgesteld_op=timezone.now(),
    )
    pagina = client.get(reverse("cases:casus", args=[casus.pk]))
    assert pagina.status_code == 200 and "form" not in pagina.context
    assert _stap(client, casus, status=S.INTAKE).status_code == 403
    assert _status(casus) == S.AANMELDING


def test_mijn_werk_linkt_elke_casus(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    assert reverse("cases:casus", args=[casus.pk]) in client.get(reverse("cases:werk")).content.decode()
