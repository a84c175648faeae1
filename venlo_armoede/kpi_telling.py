"""Set-based counting for the KPI snapshots (monitoring): one statement per KPI, never a loop over rows. The
apps' selectors build the queryset of their own KPI (they know their fields) and hand it here with the paths
to the dimensions; monitoring only sees the resulting rows of counts.

A row is {"maand", "stadsdeel", "doelgroep", "categorie", "teller", "noemer", "aantal", "waarde"}; a dimension
that is not grouped on is None ("heel Venlo", "alle doelgroepen"). A record whose stadsdeel is unknown, or that
is in no doelgroep, counts in the total only, not in a split (so a split never shows a misleading "unknown"
group).

Doelgroepen overlap (venlo_armoede.doelgroepen): a record is counted once in each of its groups. The statement
computes every record once, in a materialised CTE that also holds the array of the record's doelgroepen, and
aggregates that CTE per grouping; the doelgroep groupings unnest the array. So the expensive part of a KPI (its
subqueries, the deadline lookups) costs the same whatever the number of doelgroepen, and only the cheap
re-aggregation of the computed rows grows with them. PostgreSQL only, like the KPI run (ADR 0026)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections
from django.db.models import (
    Aggregate,
    Avg,
    Case,
    CharField,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    Max,
    Min,
    QuerySet,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Star
from django.db.models.functions import Cast, TruncMonth

from .doelgroepen import DOELGROEPEN, met_pad

# Every KPI is written for these four combinations, so the page can show any filter from stored rows.
GROEPERINGEN: tuple[tuple[str, ...], ...] = (
    ("stadsdeel", "doelgroep"),
    ("stadsdeel",),
    ("doelgroep",),
    (),
)


class Mediaan(Aggregate):
    """The median (PostgreSQL percentile_cont)."""

    function = "percentile_cont"
    name = "Mediaan"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return "NULL", []


# How each aggregate is applied to the computed column of the CTE (its filter is already in the column).
BUITEN = {
    Count: "COUNT({})",
    Sum: "SUM({})",
    Max: "MAX({})",
    Min: "MIN({})",
    Avg: "AVG({})",
    Mediaan: "percentile_cont(0.5) WITHIN GROUP (ORDER BY {})",
}


@dataclass(frozen=True)
class Dimensies:
    """Lookup paths from the counted model to the household's stadsdeel and to its Inkomenspositie (whose
    fields decide the doelgroepen; "" when the counted model is the Inkomenspositie), the month field (None
    for a stand: the state on the day of computing) and an optional category (regeling, partner, reden)."""

    stadsdeel: str | None
    inkomenspositie: str | None
    maand: str | None = None
    categorie: str | None = None


def doelgroepen_van(pad: str):
    """The codes of the doelgroepen a record is in, as a text[] (empty without an Inkomenspositie)."""
    gevallen = [
        Case(When(met_pad(d.voorwaarde, pad), then=Value(d.code)), output_field=CharField()) for d in DOELGROEPEN
    ]
    return Func(*gevallen, template="array_remove(ARRAY[%(expressions)s]::text[], NULL)", output_field=TextField())


def _invoer(aggregaat: Aggregate):
    """The per-record value an aggregate reads: its expression, NULL where its filter does not hold."""
    if type(aggregaat) not in BUITEN or (aggregaat.distinct and type(aggregaat) is not Count):
        raise TypeError(f"kpi_telling.tel does not know how to split {aggregaat!r}")
    bron = aggregaat.source_expressions[0]
    if isinstance(bron, Star):
        bron = Value(1)
    return bron if aggregaat.filter is None else Case(When(aggregaat.filter, then=bron))


def _buiten(aggregaat: Aggregate, kolom: str) -> str:
    return BUITEN[type(aggregaat)].format(f"DISTINCT {kolom}" if aggregaat.distinct else kolom)


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
    maten = {
        naam: aggregaat
        for naam, aggregaat in (("teller", teller), ("noemer", noemer), ("aantal", aantal), ("waarde", waarde))
        if aggregaat is not None
    }
    paden = {"stadsdeel": dimensies.stadsdeel, "doelgroep": dimensies.inkomenspositie}
    # A grouping on a dimension the model does not have gives no rows.
    groeperingen = [g for g in groeperingen if all(paden[naam] is not None for naam in g)]
    if not groeperingen:
        return []
    kolommen: dict = {}
    if dimensies.maand:
        # Cast in SQL: the raw rows get no converters, and date_trunc gives a timestamp.
        kolommen["d_maand"] = Cast(TruncMonth(dimensies.maand, output_field=DateField()), DateField())
    if dimensies.categorie:
        kolommen["d_categorie"] = F(dimensies.categorie)
    if any("stadsdeel" in g for g in groeperingen):
        kolommen["d_stadsdeel"] = F(dimensies.stadsdeel)
    if any("doelgroep" in g for g in groeperingen):
        kolommen["d_doelgroepen"] = doelgroepen_van(dimensies.inkomenspositie)
    for naam, aggregaat in maten.items():
        kolommen[f"m_{naam}"] = _invoer(aggregaat)
    binnen, parameters = qs.order_by().values(**kolommen).query.get_compiler(using=qs.db).as_sql()

    delen = []
    for groepering in groeperingen:
        select = [
            "r.d_maand" if dimensies.maand else "NULL::date",
            "r.d_categorie" if dimensies.categorie else "NULL::text",
            "r.d_stadsdeel" if "stadsdeel" in groepering else "NULL::bigint",
            "g.code" if "doelgroep" in groepering else "NULL::text",
        ]
        groep = [kolom for kolom in select if not kolom.startswith("NULL")]
        select += [_buiten(aggregaat, f"r.m_{naam}") for naam, aggregaat in maten.items()]
        deel = f"SELECT {', '.join(select)} FROM r"  # noqa: S608 # nosec B608 - our own column names and templates
        if "doelgroep" in groepering:
            deel += " CROSS JOIN LATERAL unnest(r.d_doelgroepen) AS g(code)"
        if "stadsdeel" in groepering:
            deel += " WHERE r.d_stadsdeel IS NOT NULL"
        if groep:  # without: one row, also over no records (a stand of heel Venlo)
            deel += f" GROUP BY {', '.join(groep)}"
        delen.append(f"({deel})")
    sql = f"WITH r AS MATERIALIZED ({binnen}) {' UNION ALL '.join(delen)}"  # nosec B608 - Django's SQL, parameters
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, parameters)
        resultaat = cursor.fetchall()
    rijen = []
    for maand, categorie, stadsdeel, doelgroep, *getallen in resultaat:
        rij = {"maand": maand, "stadsdeel": stadsdeel, "doelgroep": doelgroep, "categorie": categorie or ""}
        rij.update({naam: None for naam in ("teller", "noemer", "aantal", "waarde")})
        rij.update(zip(maten, getallen, strict=True))
        rijen.append(rij)
    return rijen
