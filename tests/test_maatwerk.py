"""Maatwerk at the menselijke maattafel: vier ogen, the flexibel budget that never goes below zero, audit and
the timeline (cases.maatwerk)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import maatwerk
from cases.models import FlexibelBudget, MaatwerkBesluit, MaatwerkStatus, MaatwerkVoorstel
from cases.tijdlijn import tijdlijn
from tests.factories import CasusFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.append_only import AppendOnlyError
from venlo_armoede.audit.models import AuditRecord, Resultaat

pytestmark = pytest.mark.django_db
ANDERE_ROLLEN = [rol for rol in Rol if rol not in (Rol.KLANTADVISEUR, Rol.KWALITEITSFUNCTIONARIS)]
REDEN = "Past binnen het beleid voor maatwerk."


@pytest.fixture
def casus():
    lid = InwonerFactory()
    return CasusFactory(huishouden=lid.huishouden)


@pytest.fixture
def klantadviseur():
    return UserFactory(username="ka", rollen=[Rol.KLANTADVISEUR])


@pytest.fixture
def kwaliteit():
    return UserFactory(username="kf", rollen=[Rol.KWALITEITSFUNCTIONARIS])


@pytest.fixture
def budget():
    return FlexibelBudget.objects.create(jaar=timezone.localdate().year, bedrag=Decimal("1000.00"))


def voorstel(casus, door, bedrag="400.00"):
    return maatwerk.stel_voor(
        casus=casus,
        door=door,
        soort="flexibel_budget",
        bedrag=Decimal(bedrag),
        motivering="Koelkast stuk, geen buffer.",
    )


# --- Vier ogen ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "extra_rollen",
    [
        (),
        (Rol.KWALITEITSFUNCTIONARIS,),
        *[(rol,) for rol in ANDERE_ROLLEN],
        (Rol.KWALITEITSFUNCTIONARIS, *ANDERE_ROLLEN),
    ],
    ids=lambda rollen: "+".join(rollen) or "alleen-klantadviseur",
)
@pytest.mark.parametrize("goedkeuren", [True, False], ids=["goedkeuren", "afwijzen"])
def test_niemand_beoordeelt_een_eigen_voorstel(casus, budget, extra_rollen, goedkeuren):
    indiener = UserFactory(rollen=[Rol.KLANTADVISEUR, *extra_rollen])
    eigen = voorstel(casus, indiener)
    with pytest.raises((ValidationError, PermissionDenied)) as fout:
        maatwerk.beslis(voorstel=eigen, door=indiener, goedkeuren=goedkeuren, reden=REDEN)
    verwacht = (
        maatwerk.EIGEN_VOORSTEL
        if indiener.heeft_rol(Rol.KWALITEITSFUNCTIONARIS)
        else maatwerk.GEEN_KWALITEITSFUNCTIONARIS
    )
    assert verwacht in str(fout.value)
    eigen.refresh_from_db()
    budget.refresh_from_db()
    assert eigen.status == MaatwerkStatus.OPEN and not MaatwerkBesluit.objects.for_systeem("test").exists()
    assert budget.besteed == 0
    assert AuditRecord.objects.filter(resultaat=Resultaat.GEWEIGERD, omschrijving__contains="geweigerd").exists()


@pytest.mark.parametrize("rol", [Rol.KLANTADVISEUR, *ANDERE_ROLLEN])
def test_alleen_een_kwaliteitsfunctionaris_beslist(casus, klantadviseur, budget, rol):
    ander = UserFactory(rollen=[rol])
    open_voorstel = voorstel(casus, klantadviseur)
    with pytest.raises(PermissionDenied, match="Alleen een kwaliteitsfunctionaris"):
        maatwerk.beslis(voorstel=open_voorstel, door=ander, goedkeuren=True, reden=REDEN)
    budget.refresh_from_db()
    assert budget.besteed == 0


def test_een_collega_keurt_goed_en_het_budget_daalt(casus, klantadviseur, kwaliteit, budget):
    besluit = maatwerk.beslis(voorstel=voorstel(casus, klantadviseur), door=kwaliteit, goedkeuren=True, reden=REDEN)
    budget.refresh_from_db()
    assert budget.besteed == Decimal("400.00") and budget.over == Decimal("600.00")
    assert besluit.voorstel.status == MaatwerkStatus.GOEDGEKEURD and besluit.budgetjaar == budget.jaar


def test_afwijzen_kost_geen_budget(casus, klantadviseur, kwaliteit, budget):
    maatwerk.beslis(voorstel=voorstel(casus, klantadviseur), door=kwaliteit, goedkeuren=False, reden=REDEN)
    budget.refresh_from_db()
    assert budget.besteed == 0
    assert MaatwerkVoorstel.objects.for_systeem("test").get().status == MaatwerkStatus.AFGEWEZEN


def test_boven_de_grens_kost_geen_flexibel_budget(casus, klantadviseur, kwaliteit, budget):
    boven = maatwerk.stel_voor(
        casus=casus, door=klantadviseur, soort="boven_grens", regeling="Individuele inkomenstoeslag",
        motivering="Inkomen 2% boven de grens door een eenmalige uitbetaling.",
    )  # fmt: skip
    maatwerk.beslis(voorstel=boven, door=kwaliteit, goedkeuren=True, reden=REDEN)
    budget.refresh_from_db()
    assert budget.besteed == 0


def test_een_besluit_wordt_nooit_overschreven(casus, klantadviseur, kwaliteit, budget):
    open_voorstel = voorstel(casus, klantadviseur)
    besluit = maatwerk.beslis(voorstel=open_voorstel, door=kwaliteit, goedkeuren=False, reden=REDEN)
    tweede = UserFactory(rollen=[Rol.KWALITEITSFUNCTIONARIS])
    with pytest.raises(ValidationError, match="al besloten"):
        maatwerk.beslis(voorstel=open_voorstel, door=tweede, goedkeuren=True, reden=REDEN)
    with pytest.raises(AppendOnlyError):
        besluit.reden = "Toch anders."
        besluit.save()
    with pytest.raises(IntegrityError), transaction.atomic():  # one decision per proposal, in the database
        MaatwerkBesluit.objects.create(
            voorstel=open_voorstel, goedgekeurd=True, reden=REDEN, door=tweede, tijdstip=timezone.now()
        )
    budget.refresh_from_db()
    assert budget.besteed == 0


# --- The budget --------------------------------------------------------------------------------------------
def test_overschrijding_geweigerd_met_nederlandse_melding_en_niets_half_opgeslagen(
    casus, klantadviseur, kwaliteit, budget
):
    maatwerk.beslis(voorstel=voorstel(casus, klantadviseur, "999.99"), door=kwaliteit, goedkeuren=True, reden=REDEN)
    te_veel = voorstel(casus, klantadviseur, "0.02")
    with pytest.raises(ValidationError) as fout:
        maatwerk.beslis(voorstel=te_veel, door=kwaliteit, goedkeuren=True, reden=REDEN)
    assert fout.value.messages == [
        f"Er is niet genoeg flexibel budget voor {budget.jaar}. Er is nog € 0,01 over; dit voorstel vraagt € 0,02. "
        "Het voorstel blijft open."
    ]
    te_veel.refresh_from_db()
    budget.refresh_from_db()
    assert te_veel.status == MaatwerkStatus.OPEN and not hasattr(te_veel, "besluit")
    assert budget.besteed == Decimal("999.99")
    # Exactly what is left still fits.
    maatwerk.beslis(voorstel=voorstel(casus, klantadviseur, "0.01"), door=kwaliteit, goedkeuren=True, reden=REDEN)
    budget.refresh_from_db()
    assert budget.over == 0


def test_zonder_budget_voor_het_jaar_geen_goedkeuring(casus, klantadviseur, kwaliteit):
    with pytest.raises(ValidationError, match="geen flexibel budget"):
        maatwerk.beslis(voorstel=voorstel(casus, klantadviseur), door=kwaliteit, goedkeuren=True, reden=REDEN)


def test_de_database_weigert_een_budget_onder_nul(budget):
    with pytest.raises(IntegrityError), transaction.atomic():
        FlexibelBudget.objects.filter(pk=budget.pk).update(besteed=Decimal("1000.01"))


def test_budget_lager_dan_besteed_geeft_een_fout(budget):
    FlexibelBudget.objects.filter(pk=budget.pk).update(besteed=Decimal("500"))
    budget.refresh_from_db()
    budget.bedrag = Decimal("499")
    with pytest.raises(ValidationError, match="al € 500"):
        budget.full_clean()


# --- Input, audit and the timeline ---------------------------------------------------------------------------
def test_voorstel_zonder_motivering_of_bedrag_geweigerd(casus, klantadviseur):
    with pytest.raises(ValidationError) as fout:
        maatwerk.stel_voor(casus=casus, door=klantadviseur, soort="flexibel_budget", motivering="kort")
    assert set(fout.value.message_dict) == {"motivering", "bedrag"}
    with pytest.raises(ValidationError) as fout:
        maatwerk.stel_voor(casus=casus, door=klantadviseur, soort="boven_grens", motivering="Lang genoeg uitgelegd.")
    assert set(fout.value.message_dict) == {"regeling"}
    assert not MaatwerkVoorstel.objects.for_systeem("test").exists()


def test_alleen_een_klantadviseur_stelt_voor(casus, kwaliteit):
    with pytest.raises(PermissionDenied):
        voorstel(casus, kwaliteit)


def test_voorstel_en_besluit_staan_in_het_logboek_en_op_de_tijdlijn(casus, klantadviseur, kwaliteit, budget):
    InwonerFactory(huishouden=casus.huishouden, rol="partner")
    maatwerk.beslis(voorstel=voorstel(casus, klantadviseur), door=kwaliteit, goedkeuren=True, reden=REDEN)
    voorgesteld = AuditRecord.objects.filter(omschrijving__startswith="Maatwerk voorgesteld")
    goedgekeurd = AuditRecord.objects.filter(omschrijving__startswith="Maatwerk goedgekeurd")
    assert voorgesteld.count() == 2 and goedgekeurd.count() == 2  # one per member of the household
    assert {str(actor) for actor in goedgekeurd.values_list("actor_id", flat=True)} == {str(kwaliteit.pk)}
    items = [item for item in tijdlijn(casus) if item.soort == "maatwerk"]
    assert [item.titel for item in items] == [
        "Maatwerk goedgekeurd: Een bedrag uit het flexibel budget (€ 400,00)",
        "Maatwerk voorgesteld: Een bedrag uit het flexibel budget (€ 400,00)",
    ]
    assert items[0].tekst == REDEN and items[1].tekst == "Koelkast stuk, geen buffer."
