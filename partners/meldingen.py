"""E-mail about a referral. The body holds no personal data: only that something happened and a link."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse

from venlo_armoede.accounts.roles import Rol

from .models import Doorverwijzing, StapSoort

_AAN_PARTNER = {
    StapSoort.VERSTUURD: (
        "Nieuwe doorverwijzing",
        "De gemeente Venlo heeft een inwoner naar uw organisatie doorverwezen. Bekijk de doorverwijzing:",
    ),
    StapSoort.TERMIJN_VERLOPEN: (
        "Herinnering: reageer op een doorverwijzing",
        "De reactietermijn van een doorverwijzing naar uw organisatie is voorbij. Wilt u vandaag reageren?",
    ),
}
_AAN_KLANTADVISEUR = {
    StapSoort.GEACCEPTEERD: ("Doorverwijzing geaccepteerd", "Een partner heeft uw doorverwijzing geaccepteerd."),
    StapSoort.AFGEWEZEN: ("Doorverwijzing afgewezen", "Een partner heeft uw doorverwijzing afgewezen."),
    StapSoort.AFGEROND: ("Doorverwijzing afgerond", "Een partner heeft de uitkomst van uw doorverwijzing gemeld."),
    StapSoort.TERUGGESTUURD: ("Doorverwijzing teruggestuurd", "Een partner heeft uw doorverwijzing teruggestuurd."),
    StapSoort.TERMIJN_VERLOPEN: (
        "Partner reageerde niet op tijd",
        "Een partner heeft niet binnen de termijn gereageerd op uw doorverwijzing.",
    ),
}


def _url(naam: str, **kwargs) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse(naam, kwargs=kwargs)}"


def meld(*, doorverwijzing_id: int, stap: str) -> int:
    dv = (
        Doorverwijzing.objects.for_systeem("melding over een doorverwijzing")
        .select_related("casus__klantadviseur", "verstuurd_door")
        .get(pk=doorverwijzing_id)
    )
    berichten = []
    if stap in _AAN_PARTNER:
        onderwerp, tekst = _AAN_PARTNER[stap]
        adressen = list(
            get_user_model()
            .objects.filter(organisatie_id=dv.organisatie_id, is_active=True, groups__name=Rol.PARTNERMEDEWERKER)
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        if adressen:
            link = _url("partners:doorverwijzing", pk=dv.pk)
            berichten.append((onderwerp, f"{tekst}\n\n{link}\n", settings.DEFAULT_FROM_EMAIL, adressen))
    if stap in _AAN_KLANTADVISEUR:
        onderwerp, tekst = _AAN_KLANTADVISEUR[stap]
        adviseur = dv.casus.klantadviseur or dv.verstuurd_door
        if adviseur and adviseur.email:
            link = _url("partners:doorverwijzen", pk=dv.casus_id)
            berichten.append((onderwerp, f"{tekst}\n\n{link}\n", settings.DEFAULT_FROM_EMAIL, [adviseur.email]))
    return send_mass_mail(berichten) if berichten else 0
