"""Functioneel beheer changes rules and norms in /beheer/, without a code change."""

from decimal import Decimal

import pytest

from regelingen.models import Norm, Regeling, RegelingVersie


@pytest.fixture
def beheerder(client, gebruiker_met_rol, regels):
    client.force_login(gebruiker_met_rol("functioneel_beheer"))
    return client


@pytest.mark.parametrize(
    "pagina",
    [
        "/beheer/regelingen/regeling/",
        "/beheer/regelingen/regeling/add/",
        "/beheer/regelingen/norm/",
        "/beheer/regelingen/aowleeftijd/",
        "/beheer/regelingen/kostendelersnorm/",
        "/beheer/regelingen/vermogensgrens/",
        "/beheer/accounts/organisatie/",
        "/beheer/accounts/stadsdeel/",
        "/beheer/accounts/apitoken/add/",
    ],
)
def test_beheer_opent_de_beheerpaginas(beheerder, pagina):
    assert beheerder.get(pagina).status_code == 200


def test_beheer_verandert_een_percentage_via_het_formulier(beheerder, django_capture_on_commit_callbacks):
    leergeld = Regeling.objects.get(code="leergeld")
    pagina = beheerder.get(f"/beheer/regelingen/regeling/{leergeld.pk}/change/")
    form = pagina.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data["aanbieder"] = leergeld.aanbieder_id or ""
    inline = pagina.context["inline_admin_formsets"][0].formset
    data.update({f"{inline.prefix}-{k}": v for k, v in inline.management_form.initial.items()})
    for i, versie_form in enumerate(inline.forms):
        for naam, veld in versie_form.fields.items():
            waarde = versie_form.initial.get(naam, veld.initial)
            if isinstance(waarde, bool):
                if waarde:
                    data[f"{inline.prefix}-{i}-{naam}"] = "on"
                continue
            data[f"{inline.prefix}-{i}-{naam}"] = "" if waarde is None else waarde
        if versie_form.instance.geldig_tot is None:
            data[f"{inline.prefix}-{i}-inkomensgrens_pct"] = "130"
    data["samenstellingen"] = "[]"
    for i in range(len(inline.forms)):
        data[f"{inline.prefix}-{i}-samenstellingen"] = "[]"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        antwoord = beheerder.post(f"/beheer/regelingen/regeling/{leergeld.pk}/change/", data)
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors if antwoord.context else ""
    huidig = RegelingVersie.objects.get(regeling=leergeld, geldig_tot__isnull=True)
    assert huidig.inkomensgrens_pct == Decimal("130")
    assert len(callbacks) >= 1  # a full recompute is queued for after the commit


def test_beheer_voegt_een_norm_toe(beheerder):
    antwoord = beheerder.post(
        "/beheer/regelingen/norm/add/",
        {
            "geldig_van": "2026-07-01",
            "leeftijdscategorie": "21_tot_aow",
            "huishoudtype": "gehuwden",
            "bedrag_incl_vt": "2030.00",
            "bron": "normenbrief 1-7-2026",
        },
    )
    assert antwoord.status_code == 302
    assert Norm.objects.get(geldig_van="2026-07-01", huishoudtype="gehuwden").bedrag_incl_vt == Decimal("2030.00")
