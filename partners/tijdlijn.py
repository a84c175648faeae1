"""The referral steps and consent events on a casus timeline (receiver of cases.signals.tijdlijn_gevraagd).
Shown to whoever sees the casus page (gemeente roles); holds no data beyond what the casus shows."""

from django.urls import reverse

from cases.selectors import TijdlijnItem, gevraagde_casussen

from .models import DoorverwijzingStap, Toestemming


def tijdlijn_items(sender, casus=None, casussen=None, **kwargs) -> list[TijdlijnItem]:
    ids = gevraagde_casussen(casus, casussen)
    stappen = (
        DoorverwijzingStap.objects.for_systeem("tijdlijn van een casus")
        .filter(doorverwijzing__casus_id__in=ids)
        .select_related("doorverwijzing__dienst", "doorverwijzing__organisatie")
    )
    items = [
        TijdlijnItem(
            tijdstip=stap.tijdstip,
            soort="doorverwijzing",
            titel=f"Doorverwijzing naar {stap.doorverwijzing.dienst.naam}: {stap.get_stap_display()}",
            tekst=" ".join(
                deel for deel in (stap.get_reden_display(), stap.get_uitkomst_display(), stap.toelichting) if deel
            ),
            door=stap.door_naam,
            url=reverse("partners:doorverwijzen", kwargs={"pk": stap.doorverwijzing.casus_id}),
            casus_id=stap.doorverwijzing.casus_id,
        )
        for stap in stappen
    ]
    toestemmingen = Toestemming.objects.for_systeem("tijdlijn van een casus").filter(casus_id__in=ids)
    for t in toestemmingen.select_related("organisatie", "vastgelegd_door", "ingetrokken_door"):
        items.append(
            TijdlijnItem(
                tijdstip=t.vastgelegd_op,
                soort="toestemming",
                titel=f"Toestemming vastgelegd voor {t.organisatie}",
                door=t.vastgelegd_door.get_username(),
                url=reverse("partners:toestemming-nieuw", kwargs={"pk": t.casus_id}),
                casus_id=t.casus_id,
            )
        )
        if t.ingetrokken_op:
            items.append(
                TijdlijnItem(
                    tijdstip=t.ingetrokken_op,
                    soort="toestemming",
                    titel=f"Toestemming ingetrokken voor {t.organisatie}",
                    door=t.ingetrokken_door.get_username() if t.ingetrokken_door else "",
                    casus_id=t.casus_id,
                )
            )
    return items
