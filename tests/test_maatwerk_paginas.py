"""The maatwerk pages as their users work them: the whole form posted as a browser does."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import maatwerk
from cases.models import FlexibelBudget, MaatwerkStatus, MaatwerkVoorstel
from tests.factories import CasusFactory, InwonerFactory, UserFactory
from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import AuditRecord

pytestmark = pytest.mark.django_db


def als_browser(antwoord, form=None) -> dict:
    """Every field of the page's form with the value it shows, as a browser posts it (empty fields too)."""
    form = form or antwoord.context["form"]
    return {form[naam].html_name: form[naam].value() or "" for naam in form.fields}


@pytest.fixture
def klantadviseur():
    return UserFactory(username="ka", first_name="Karin", last_name="Adviseur", rollen=[Rol.KLANTADVISEUR])


@pytest.fixture
def kwaliteit():
    return UserFactory(username="kf", rollen=[Rol.KWALITEITSFUNCTIONARIS])


@pytest.fixture
def casus(klantadviseur):
    return CasusFactory(huishouden=InwonerFactory().huishouden, klantadviseur=klantadviseur)


@pytest.fixture
def budget():
    return FlexibelBudget.objects.create(jaar=timezone.localdate().year, bedrag=Decimal("1000.00"))


def test_klantadviseur_stelt_voor_via_het_hele_formulier(client, klantadviseur, casus, budget):
    client.force_login(klantadviseur)
    pagina = reverse("cases:maatwerk-nieuw", kwargs={"pk": casus.pk})
    data = als_browser(client.get(pagina))
    data.update(soort="flexibel_budget", bedrag="250,50", motivering="De koelkast is kapot en er is geen buffer.")
    antwoord = client.post(pagina, data)
    assert antwoord.status_code == 302
    voorstel = MaatwerkVoorstel.objects.for_systeem("test").get()
    assert (voorstel.bedrag, voorstel.voorgesteld_door, voorstel.status) == (Decimal("250.50"), klantadviseur, "open")


def test_fout_in_het_formulier_toont_de_melding_en_bewaart_niets(client, klantadviseur, casus):
    client.force_login(klantadviseur)
    pagina = reverse("cases:maatwerk-nieuw", kwargs={"pk": casus.pk})
    data = als_browser(client.get(pagina))
    data.update(soort="flexibel_budget", motivering="Lang genoeg uitgelegd hier.")
    antwoord = client.post(pagina, data)
    assert antwoord.status_code == 400
    assert "Vul het bedrag in dat u uit het flexibel budget vraagt." in antwoord.content.decode()
    assert not MaatwerkVoorstel.objects.for_systeem("test").exists()


def test_casus_van_een_ander_team_is_niet_te_bereiken(client, casus):
    ander = UserFactory(rollen=[Rol.KLANTADVISEUR])
    client.force_login(ander)
    assert client.get(reverse("cases:maatwerk-nieuw", kwargs={"pk": casus.pk})).status_code == 404


def test_kwaliteitsfunctionaris_keurt_goed_en_ziet_het_budget_dalen(client, klantadviseur, kwaliteit, casus, budget):
    voorstel = maatwerk.stel_voor(
        casus=casus, door=klantadviseur, soort="flexibel_budget", bedrag=Decimal("300"), motivering="Wasmachine stuk."
    )
    client.force_login(kwaliteit)
    lijst = client.get(reverse("cases:maatwerk"))
    assert "Wasmachine stuk." in lijst.content.decode() and "€ 1.000,00" in lijst.content.decode()
    _, formulier, _ = lijst.context["open_voorstellen"][0]
    data = als_browser(lijst, formulier)
    data.update({f"v{voorstel.pk}-besluit": "goedkeuren", f"v{voorstel.pk}-reden": "Past binnen het beleid."})
    antwoord = client.post(reverse("cases:maatwerk-besluit", kwargs={"pk": voorstel.pk}), data, follow=True)
    inhoud = antwoord.content.decode()
    assert "Het voorstel is goedgekeurd." in inhoud and "€ 700,00" in inhoud
    voorstel.refresh_from_db()
    assert voorstel.status == MaatwerkStatus.GOEDGEKEURD


def test_eigen_voorstel_toont_geen_formulier_en_een_post_wordt_geweigerd(client, budget, casus):
    beide = UserFactory(rollen=[Rol.KLANTADVISEUR, Rol.KWALITEITSFUNCTIONARIS])
    voorstel = maatwerk.stel_voor(
        casus=casus, door=beide, soort="flexibel_budget", bedrag=Decimal("300"), motivering="Wasmachine stuk."
    )
    client.force_login(beide)
    lijst = client.get(reverse("cases:maatwerk")).content.decode()
    assert "U heeft dit voorstel zelf gedaan." in lijst and f"v{voorstel.pk}-reden" not in lijst
    antwoord = client.post(
        reverse("cases:maatwerk-besluit", kwargs={"pk": voorstel.pk}),
        {f"v{voorstel.pk}-besluit": "goedkeuren", f"v{voorstel.pk}-reden": "Ik keur mezelf goed."},
    )
    assert antwoord.status_code == 400 and "vier ogen" in antwoord.content.decode()
    voorstel.refresh_from_db()
    budget.refresh_from_db()
    assert voorstel.status == MaatwerkStatus.OPEN and budget.besteed == 0


def test_overschrijding_op_de_pagina_geeft_een_nederlandse_melding(client, klantadviseur, kwaliteit, casus, budget):
    voorstel = maatwerk.stel_voor(
        casus=casus,
        door=klantadviseur,
        soort="flexibel_budget",
        bedrag=Decimal("1000.01"),
        motivering="Te veel gevraagd.",
    )
    client.force_login(kwaliteit)
    data = {f"v{voorstel.pk}-besluit": "goedkeuren", f"v{voorstel.pk}-reden": "Past binnen het beleid."}
    antwoord = client.post(reverse("cases:maatwerk-besluit", kwargs={"pk": voorstel.pk}), data)
    assert antwoord.status_code == 400
    assert "Er is niet genoeg flexibel budget" in antwoord.content.decode()


def _voorstellen(aantal, klantadviseur, kwaliteit):
    for i in range(aantal):
        casus = CasusFactory(huishouden=InwonerFactory().huishouden, klantadviseur=klantadviseur)
        voorstel = maatwerk.stel_voor(
            casus=casus,
            door=klantadviseur,
            soort="boven_grens",
            regeling="Kindpakket",
            motivering="Net boven de grens.",
        )
        if i % 2:
            maatwerk.beslis(voorstel=voorstel, door=kwaliteit, goedkeuren=False, reden="Niet binnen het beleid.")


def test_aantal_queries_van_de_lijst_groeit_niet_mee(
    client, klantadviseur, kwaliteit, budget, django_assert_max_num_queries
):
    client.force_login(kwaliteit)
    _voorstellen(2, klantadviseur, kwaliteit)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as klein:
        client.get(reverse("cases:maatwerk"))
    _voorstellen(10, klantadviseur, kwaliteit)
    with django_assert_max_num_queries(len(klein.captured_queries)):
        antwoord = client.get(reverse("cases:maatwerk"))
    assert antwoord.content.decode().count("Net boven de grens.") == 6  # the open ones, with their motivation


def test_de_lijst_wordt_gelogd_per_betrokkene(client, klantadviseur, kwaliteit, casus):
    maatwerk.stel_voor(
        casus=casus, door=klantadviseur, soort="boven_grens", regeling="Kindpakket", motivering="Net boven de grens."
    )
    client.force_login(kwaliteit)
    client.get(reverse("cases:maatwerk"))
    assert AuditRecord.objects.filter(omschrijving="Maatwerkvoorstellen bekeken").count() == 1


def _open_voorstel(klantadviseur, *, soort="boven_grens", crisis=False, huishouden=None, tekst="Net boven de grens."):
    casus = CasusFactory(
        huishouden=huishouden or InwonerFactory().huishouden,
        klantadviseur=klantadviseur,
        crisis=crisis,
        crisis_reden="dreigende_huisuitzetting" if crisis else "",
    )
    extra = {"regeling": "Kindpakket"} if soort == "boven_grens" else {"bedrag": Decimal("50")}
    return maatwerk.stel_voor(casus=casus, door=klantadviseur, soort=soort, motivering=tekst, **extra)


def _open_op_pagina(client, **filter_):
    antwoord = client.get(reverse("cases:maatwerk"), filter_)
    assert antwoord.status_code == 200
    return antwoord, [v.pk for v, _form, _eigen in antwoord.context["open_voorstellen"]]


def test_open_voorstellen_filteren_op_soort_crisis_en_stadsdeel(client, klantadviseur, kwaliteit):
    from tests.factories import HuishoudenFactory
    from venlo_armoede.accounts.models import Stadsdeel

    tegelen = Stadsdeel.objects.create(naam="Tegelen")
    grens = _open_voorstel(klantadviseur)
    budget_crisis = _open_voorstel(klantadviseur, soort="flexibel_budget", crisis=True)
    in_tegelen = _open_voorstel(klantadviseur, huishouden=HuishoudenFactory(stadsdeel=tegelen))
    client.force_login(kwaliteit)
    assert _open_op_pagina(client)[1] == [grens.pk, budget_crisis.pk, in_tegelen.pk]
    assert _open_op_pagina(client, soort="flexibel_budget")[1] == [budget_crisis.pk]
    assert _open_op_pagina(client, crisis="ja")[1] == [budget_crisis.pk]
    assert _open_op_pagina(client, crisis="nee", soort="boven_grens")[1] == [grens.pk, in_tegelen.pk]
    assert _open_op_pagina(client, stadsdeel=tegelen.pk)[1] == [in_tegelen.pk]
    leeg, gevonden = _open_op_pagina(client, soort="flexibel_budget", crisis="nee")
    assert gevonden == [] and "Geen voorstellen met dit filter." in leeg.content.decode()


def test_open_voorstellen_25_per_pagina_met_het_filter_in_de_links(client, klantadviseur, kwaliteit):
    voorstellen = [_open_voorstel(klantadviseur) for _ in range(27)]
    client.force_login(kwaliteit)
    eerste, pks = _open_op_pagina(client)
    html = eerste.content.decode()
    assert pks == [v.pk for v in voorstellen[:25]] and "Pagina 1 van 2" in html
    assert "27 voorstellen wachten op een besluit." in html
    assert _open_op_pagina(client, page=2)[1] == [v.pk for v in voorstellen[25:]]
    gefilterd, _pks = _open_op_pagina(client, soort="boven_grens")
    assert "?soort=boven_grens&amp;page=2" in gefilterd.content.decode()


def test_een_geweigerd_besluit_op_pagina_2_toont_die_pagina_met_de_melding(client, klantadviseur, kwaliteit):
    voorstellen = [_open_voorstel(klantadviseur) for _ in range(26)]
    laatste = voorstellen[-1]
    client.force_login(kwaliteit)
    antwoord = client.post(reverse("cases:maatwerk-besluit", kwargs={"pk": laatste.pk}), {f"v{laatste.pk}-besluit": ""})
    assert antwoord.status_code == 400
    assert [v.pk for v, _f, _e in antwoord.context["open_voorstellen"]] == [laatste.pk]
    form = dict((v.pk, f) for v, f, _e in antwoord.context["open_voorstellen"])[laatste.pk]
    assert form.errors
    terug = client.get(reverse("cases:maatwerk-besluit", kwargs={"pk": laatste.pk}), {"page": 2})
    assert terug.status_code == 302 and terug["Location"] == reverse("cases:maatwerk") + "?page=2"


def test_aantal_queries_gefilterd_en_op_een_volle_pagina_groeit_niet(
    client, klantadviseur, kwaliteit, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(kwaliteit)
    for _ in range(2):
        _open_voorstel(klantadviseur, crisis=True)
    with CaptureQueriesContext(connection) as klein:
        assert len(_open_op_pagina(client, crisis="ja")[1]) == 2
    for _ in range(30):
        _open_voorstel(klantadviseur, crisis=True)
    with django_assert_max_num_queries(len(klein.captured_queries)):
        assert len(_open_op_pagina(client, crisis="ja")[1]) == 25
