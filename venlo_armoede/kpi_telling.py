"""Set-based counting for the KPI snapshots (monitoring): one aggregate query per grouping, never a loop over
rows. The apps' selectors build the queryset of their own KPI (they know their fields) and hand it here with
the paths to the dimensions; monitoring only sees the resulting rows of counts.

A row is {"maand", "stadsdeel", "doelgroep", "categorie", "teller", "noemer", "aantal", "waarde"}; a dimension
that is not grouped on is None ("heel Venlo", "alle doelgroepen"). A record whose stadsdeel or doelgroep is
unknown counts in the total only, not in a split (so a split never shows a misleading "unknown" group)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Aggregate, DateField, F, FloatField, QuerySet
from django.db.models.functions import TruncMonth

# Every KPI is written for these four combinations, so the page can show any filter from stored rows.
GROEPERINGEN: tuple[tuple[str, ...], ...] = (
    ("stadsdeel", "doelgroep"),
    ("stadsdeel",),
    ("doelgroep",),
    (),
)


class Mediaan(Aggregate):
    """The median (PostgreSQL percentile_cont). Other databases have no such aggregate: there it is NULL, and
    the KPI says "nog geen gegevens" instead of a wrong figure."""

    function = "percentile_cont"
    name = "Mediaan"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return "NULL", []


@dataclass(frozen=True)
class Dimensies:
    """Lookup paths from the counted model to the household's stadsdeel and doelgroep, the month field (None
    for a stand: the state on the day of computing) and an optional category (regeling, partner, reden)."""

    stadsdeel: str | None
    doelgroep: str | None
    maand: str | None = None
    categorie: str | None = None


def tel(
    qs: QuerySet,
    *,
    dimensies: Dimensies,
    teller: Aggregate,
    noemer: Aggregate | None = None,
    aantal: Aggregate | None = None,
    waarde: Aggregate | None = None,
    groeperingen: Iterable[tuple[str, ...]] = GROEPERINGEN,
) -> list[dict]:
    rijen: list[dict] = []
    for groepering in groeperingen:
        velden = {}
        gefilterd = qs
        for naam in ("stadsdeel", "doelgroep"):
            pad = getattr(dimensies, naam)
            if naam in groepering and pad is not None:
                velden[f"d_{naam}"] = F(pad)
                gefilterd = gefilterd.exclude(**{f"{pad}__isnull": True})
                if naam == "doelgroep":
                    gefilterd = gefilterd.exclude(**{pad: ""})
            elif naam in groepering:
                velden = None  # the model has no such dimension: no split rows for it
                break
        if velden is None:
            continue
        if dimensies.maand:
            velden["d_maand"] = TruncMonth(dimensies.maand, output_field=DateField())
        if dimensies.categorie:
            velden["d_categorie"] = F(dimensies.categorie)
        aggregaten = {"teller": teller}
        if noemer is not None:
            aggregaten["noemer"] = noemer
        if aantal is not None:
            aggregaten["aantal"] = aantal
        if waarde is not None:
            aggregaten["waarde"] = waarde
        if velden:
            query = gefilterd.annotate(**velden).values(*velden).annotate(**aggregaten).order_by()
        else:  # heel Venlo of a stand: one aggregate row (values() without fields would group by every column)
            query = [gefilterd.aggregate(**aggregaten)]
        for r in query:
            rijen.append(
                {
                    "maand": r.get("d_maand"),
                    "stadsdeel": r.get("d_stadsdeel"),
                    "doelgroep": r.get("d_doelgroep") or None,
                    "categorie": r.get("d_categorie") or "",
                    "teller": r["teller"],
                    "noemer": r.get("noemer"),
                    "aantal": r.get("aantal"),
                    "waarde": r.get("waarde"),
                }
            )
    return rijen
