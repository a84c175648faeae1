"""Screening with the Zelfredzaamheid-Matrix (ZRM 2017): the 13 domains each scored 1 (acuut probleem) to
5 (volledig zelfredzaam) with a note, repeated over time. A screening is never changed: a new one is added.
The chart is drawn on the server as SVG (no script, no inline style) and always has the same data in a table
beside it; the previous screening is a dashed line, so the chart reads without colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from venlo_armoede.accounts.roles import Rol
from venlo_armoede.audit.models import Actie

from .maatwerk import _naam
from .models import Casus, ZrmDomein, ZrmScore, ZrmScoreWaarde, ZrmScreening
from .services import _log_casus
from .signals import huishouden_onderdelen_gevraagd, tijdlijn_gevraagd
from .tijdlijn import TijdlijnItem

MAXIMALE_TOELICHTING = 2000


def leg_vast(
    *, casus: Casus, door, afgenomen_op: date, scores: dict[str, tuple[int, str]], request=None
) -> ZrmScreening:
    """Record one screening with a score for every one of the 13 domains. `casus` must be within reach."""
    if not door.heeft_rol(Rol.KLANTADVISEUR):
        raise PermissionDenied("Alleen een klantadviseur legt een screening vast.")
    fouten: dict[str, list[str]] = {}
    if afgenomen_op is None:
        fouten["afgenomen_op"] = ["Vul de datum van de screening in."]
    elif afgenomen_op > timezone.localdate():
        fouten["afgenomen_op"] = ["De datum van de screening ligt in de toekomst."]
    elif afgenomen_op < timezone.localdate(casus.aangemeld_op):
        fouten["afgenomen_op"] = ["De datum van de screening ligt vóór de aanmelding."]
    for domein in ZrmDomein:
        score, toelichting = scores.get(domein.value, (None, ""))
        if score not in ZrmScoreWaarde.values:
            fouten[f"{domein.value}_score"] = [f"Kies een score van 1 tot en met 5 voor {domein.label}."]
        if len(toelichting or "") > MAXIMALE_TOELICHTING:
            fouten[f"{domein.value}_toelichting"] = [f"Schrijf hoogstens {MAXIMALE_TOELICHTING} tekens."]
    if onbekend := set(scores) - set(ZrmDomein.values):
        fouten["__all__"] = [f"Onbekend domein: {', '.join(sorted(onbekend))}."]
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        screening = ZrmScreening.objects.create(
            casus=casus, afgenomen_op=afgenomen_op, door=door, tijdstip=timezone.now()
        )
        ZrmScore.objects.bulk_create(
            ZrmScore(screening=screening, domein=d, score=scores[d][0], toelichting=(scores[d][1] or "").strip())
            for d in ZrmDomein.values
        )
        _log_casus(
            casus=casus,
            door=door,
            actie=Actie.AANMAKEN,
            omschrijving=f"ZRM-screening vastgelegd (casus {casus.pk})",
            request=request,
        )
    return screening


def screenings(casus: Casus, gebruiker) -> list[ZrmScreening]:
    """The casus's screenings, newest first, with their scores (two queries)."""
    return list(
        ZrmScreening.objects.for_user(gebruiker)
        .filter(casus=casus)
        .select_related("door")
        .prefetch_related("scores")
        .order_by("-afgenomen_op", "-id")
    )


def scores_per_domein(screening: ZrmScreening) -> dict[str, ZrmScore]:
    return {score.domein: score for score in screening.scores.all()}


# --- The chart --------------------------------------------------------------------------------------------
LABEL_BREEDTE = 230  # px for the domain names
STAP = 56  # px per score point
RIJ = 30  # px per domain
BOVEN = 34  # px for the axis labels


@dataclass(frozen=True)
class Balk:
    label: str
    y: int
    tekst_y: int
    breedte: int
    score: int
    vorige: int | None
    vorige_x: int | None
    score_x: int


def grafiek(lijst: list[ZrmScreening]) -> dict | None:
    """Geometry of the bar chart of the newest screening (and the previous one as a dashed marker)."""
    if not lijst:
        return None
    nieuwste = scores_per_domein(lijst[0])
    vorige = scores_per_domein(lijst[1]) if len(lijst) > 1 else {}
    balken = []
    for i, domein in enumerate(ZrmDomein):
        score = nieuwste[domein.value].score
        oud = vorige[domein.value].score if domein.value in vorige else None
        y = BOVEN + i * RIJ
        balken.append(
            Balk(
                label=domein.label,
                y=y + 6,
                tekst_y=y + 20,
                breedte=score * STAP,
                score=score,
                vorige=oud,
                vorige_x=LABEL_BREEDTE + oud * STAP if oud else None,
                score_x=LABEL_BREEDTE + score * STAP + 8,
            )
        )
    hoogte = BOVEN + len(balken) * RIJ + 10
    return {
        "breedte": LABEL_BREEDTE + 5 * STAP + 80,
        "hoogte": hoogte,
        "x0": LABEL_BREEDTE,
        "as": [{"waarde": w, "x": LABEL_BREEDTE + w * STAP} for w in range(1, 6)],
        "as_y": BOVEN - 12,
        "lijn_onder": hoogte - 10,
        "balken": balken,
        "nieuwste": lijst[0],
        "vorige": lijst[1] if len(lijst) > 1 else None,
    }


def tabel(lijst: list[ZrmScreening], *, kolommen: int = 4) -> dict:
    """The same data as a table: per domain the scores of the newest `kolommen` screenings and the note of the
    newest."""
    getoond = lijst[:kolommen]
    per = [scores_per_domein(s) for s in getoond]
    rijen = []
    for domein in ZrmDomein:
        rijen.append(
            {
                "label": domein.label,
                "scores": [p[domein.value].score if domein.value in p else None for p in per],
                "toelichting": per[0][domein.value].toelichting if per and domein.value in per[0] else "",
            }
        )
    return {"screenings": getoond, "rijen": rijen}


def laatste_score(casus_ids, domein: str, gebruiker) -> dict[int, int]:
    """casus id -> the score of `domein` in that casus's newest screening."""
    rijen = (
        ZrmScore.objects.for_user(gebruiker)
        .filter(screening__casus_id__in=list(casus_ids), domein=domein)
        .filter(screening_id=Subquery(_nieuwste_van_casus("screening__casus_id")))
        .values_list("screening__casus_id", "score")
    )
    return dict(rijen)


def _nieuwste_van_casus(casus_pad: str):
    """The id of the newest screening of the casus at `casus_pad`, as a correlated subquery. Portable SQL
    (SQLite runs `make run`; DISTINCT ON is PostgreSQL only); the outer query decides the reach."""
    return (
        ZrmScreening.objects.for_systeem("nieuwste screening van een casus binnen bereik")
        .filter(casus_id=OuterRef(casus_pad))
        .order_by("-afgenomen_op", "-id")
        .values("pk")[:1]
    )


def tijdlijn_items(sender, casus, **kwargs) -> list[TijdlijnItem]:
    url = reverse("cases:screening", kwargs={"pk": casus.pk})
    items = []
    for screening in (
        ZrmScreening.objects.for_systeem("tijdlijn van een zichtbare casus")
        .filter(casus=casus)
        .select_related("door")
        .prefetch_related("scores")
    ):
        per = scores_per_domein(screening)
        fin = per.get(ZrmDomein.FINANCIEN)
        items.append(
            TijdlijnItem(
                tijdstip=screening.tijdstip,
                soort="screening",
                titel=f"ZRM-screening van {screening.afgenomen_op:%d-%m-%Y}",
                tekst=f"Financiën: {fin.score}." if fin else "",
                door=_naam(screening.door),
                url=url,
            )
        )
    return items


def onderdeel(sender, huishouden, gebruiker, **kwargs) -> list[dict]:
    """The screening panel of the huishoudoverzicht: per casus its newest screening (the page logs the view)."""
    nieuwste = (
        ZrmScreening.objects.for_user(gebruiker)
        .filter(casus__huishouden=huishouden, pk=Subquery(_nieuwste_van_casus("casus_id")))
        .select_related("door")
        .prefetch_related("scores")
    )
    rijen = [
        {"screening": s, "tabel": tabel([s], kolommen=1)}
        for s in sorted(nieuwste, key=lambda s: (s.afgenomen_op, s.pk), reverse=True)
    ]
    return [
        {
            "titel": "Screening (ZRM)",
            "template": "cases/onderdelen/screening.html",
            "context": {"rijen": rijen},
            "volgorde": 55,
        }
    ]


tijdlijn_gevraagd.connect(tijdlijn_items, dispatch_uid="cases.screening.tijdlijn")
huishouden_onderdelen_gevraagd.connect(onderdeel, dispatch_uid="cases.screening.onderdeel")
