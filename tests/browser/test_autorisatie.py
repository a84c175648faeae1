"""Vier ogen in a real browser: functioneel beheer ticks a guarded role for itself in /beheer/, which only
files a request; a different person approves it on /autorisaties/."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rol_aanvragen_in_beheer_en_goedkeuren_door_een_ander(sessie, gebruiker_met_rol):
    from venlo_armoede.accounts.models import Autorisatieverzoek, User

    bert = gebruiker_met_rol("functioneel_beheer", username="bert")
    gebruiker_met_rol("autorisatiebeheerder", username="anouk")

    sessie.log_in("bert")
    sessie.ga_naar(f"/beheer/accounts/user/{bert.pk}/change/")
    expect(sessie.page.locator("input[name=is_superuser]")).to_have_count(0)
    sessie.page.get_by_label("Klantadviseur", exact=True).check()
    sessie.page.locator("textarea[name=reden]").fill("Ik vervang een zieke collega")
    with sessie.page.expect_navigation():
        sessie.page.locator("input[name=_save]").click()
    expect(sessie.page.get_by_text("De rol Klantadviseur is aangevraagd")).to_be_visible()
    assert not User.objects.get(pk=bert.pk).heeft_rol("klantadviseur")

    sessie.page.context.clear_cookies()
    sessie.log_in("anouk")
    expect(sessie.page.get_by_role("heading", level=1)).to_have_text("Verzoeken om toegang")
    expect(sessie.page.get_by_text("Ik vervang een zieke collega")).to_be_visible()
    with sessie.page.expect_navigation():
        sessie.page.get_by_role("button", name="Goedkeuren").click()
    expect(sessie.page.get_by_text("U heeft het verzoek goedgekeurd: Klantadviseur voor bert.")).to_be_visible()
    assert sessie.csp_schendingen() == []
    assert User.objects.get(pk=bert.pk).heeft_rol("klantadviseur")
    assert Autorisatieverzoek.objects.get().beoordeeld_door.username == "anouk"
