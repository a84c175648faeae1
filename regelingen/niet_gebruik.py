"""Niet-gebruik: households the engine says have a right to a regeling, that have not applied for it.

The worklist for klantadviseurs and midoffice (regelingen.views) and its CSV export for an outreach letter
both read from here. One row per (huishouden, regeling) with a stored RechtUitkomst "recht", no Aanvraag
(whatever its status) for that pair, and the household did not say "geen contact".

Set-wise: the aanvrager's name, the address and the stadsdeel come in the same query as the outcome
(a join on the aanvrager, filtered by rol), so a page or an export never costs a query per row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import tablib
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet

from venlo_armoede.accounts.roles import NIET_GEBRUIK_ROLLEN
from venlo_armoede.audit.models import Actie, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking

from .models import Aanvraag, RechtUitkomst, Uitkomst

ROLLEN = NIET_GEBRUIK_ROLLEN
PAGINA_GROOTTE = 50
EXPORT_CHUNK = 2000  # rows read, audited and written per step of the CSV export

CSV_KOLOMMEN = ("naam", "straat", "huisnummer", "toevoeging", "postcode", "woonplaats", "regeling")

# The fields of one worklist row (a dict). The aanvrager's BSN index and id are only used for the audit log.
_VELDEN = {
    "huishouden_nr": F("huishouden_id"),
    "regeling_nr": F("regeling_id"),
    "aanvrager_id": F("aanvrager__id"),
    "aanvrager_bsn_index": F("aanvrager__bsn_index"),
    "voornaam": F("aanvrager__voornaam"),
    "tussenvoegsel": F("aanvrager__tussenvoegsel"),
    "achternaam": F("aanvrager__achternaam"),
    "straat": F("huishouden__straat"),
    "huisnummer": F("huishouden__huisnummer"),
    "toevoeging": F("huishouden__huisnummer_toevoeging"),
    "postcode": F("huishouden__postcode"),
    "woonplaats": F("huishouden__woonplaats"),
    "stadsdeel": F("huishouden__stadsdeel__naam"),
    "regeling_code": F("regeling__code"),
    "regeling_naam": F("regeling__naam"),
    "verwacht_bedrag": F("bedrag"),
}
_VOLGORDE = (
    "huishouden__stadsdeel__naam",
    "huishouden__postcode",
    "huishouden__huisnummer",
    "huishouden_id",
    "regeling_id",
)


def kandidaten(user) -> QuerySet[RechtUitkomst]:
    """Outcomes "recht" without an application for that household and regeling, households that may be
    contacted, as far as `user` reaches. Empty for anyone without a worklist role (a second lock behind the
    view's role check)."""
    if not (user.is_authenticated and user.is_active and user.heeft_rol(*ROLLEN)):
        return RechtUitkomst.objects.none()
    aanvraag = Aanvraag.objects.for_user(user).filter(
        huishouden_id=OuterRef("huishouden_id"), regeling_id=OuterRef("regeling_id")
    )
    return (
        RechtUitkomst.objects.for_user(user)
        .filter(uitkomst=Uitkomst.RECHT, huishouden__geen_contact=False)
        .exclude(Exists(aanvraag))
    )


def rijen(uitkomsten: QuerySet[RechtUitkomst]) -> QuerySet:
    """The (filtered) candidates as dicts with name, address, stadsdeel, regeling and expected amount,
    in a stable order (by stadsdeel and address) so pages never overlap or skip rows."""
    return (
        uitkomsten.annotate(
            aanvrager=FilteredRelation("huishouden__leden", condition=Q(huishouden__leden__rol="aanvrager"))
        )
        .values(**_VELDEN)
        .order_by(*_VOLGORDE)
    )


def naam(rij: dict) -> str:
    return " ".join(deel for deel in (rij["voornaam"], rij["tussenvoegsel"], rij["achternaam"]) if deel)


def _betrokkenen(rijen_: Iterable[dict]):
    return [
        betrokkene(bsn_index=rij["aanvrager_bsn_index"], intern_id=rij["aanvrager_id"])
        for rij in rijen_
        if rij["aanvrager_id"] is not None
    ]


def log_inzien(rijen_: Iterable[dict], *, actor, request=None) -> None:
    """One INZIEN record per aanvrager on screen (log_verwerking writes them in one statement and
    drops duplicates: an aanvrager with two regelingen on the page is one record)."""
    betrokkenen = _betrokkenen(rijen_)
    if betrokkenen:
        log_verwerking(
            actor=actor,
            actie=Actie.INZIEN,
            omschrijving="Werklijst niet-gebruik bekeken",
            verwerkingsactiviteit=Verwerkingsactiviteit.NIET_GEBRUIK_BENADERING,
            betrokkenen=betrokkenen,
            request=request,
        )


_FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def _veilig(waarde) -> str:
    """Text that a spreadsheet will not run as a formula (CSV injection)."""
    tekst = "" if waarde is None else str(waarde)
    return "'" + tekst if tekst.startswith(_FORMULE_TEKENS) else tekst


def _exportrijen(uitkomsten: QuerySet[RechtUitkomst], *, actor, request, chunk: int) -> Iterator[list[list]]:
    """The export's rows in chunks, read from a server-side iterator so memory does not grow with the number
    of rows. Before a chunk leaves the server, one EXPORTEREN record is written for each aanvrager in it who
    was not exported earlier in this download (one bulk statement per chunk); every record of one download
    shares the request's trace id."""
    gelogd: set[int] = set()
    buffer: list[dict] = []
    for rij in rijen(uitkomsten).iterator(chunk_size=chunk):
        buffer.append(rij)
        if len(buffer) >= chunk:
            yield _chunk(buffer, gelogd, actor, request)
            buffer = []
    if buffer:
        yield _chunk(buffer, gelogd, actor, request)


def _chunk(buffer: list[dict], gelogd: set[int], actor, request) -> list[list]:
    nieuw = [rij for rij in buffer if rij["aanvrager_id"] is not None and rij["aanvrager_id"] not in gelogd]
    if nieuw:
        log_verwerking(
            actor=actor,
            actie=Actie.EXPORTEREN,
            omschrijving="Adressen niet-gebruik geëxporteerd voor een brief",
            verwerkingsactiviteit=Verwerkingsactiviteit.NIET_GEBRUIK_BENADERING,
            betrokkenen=_betrokkenen(nieuw),
            request=request,
        )
        gelogd.update(rij["aanvrager_id"] for rij in nieuw)
    return [
        [
            _veilig(naam(rij)),
            _veilig(rij["straat"]),
            rij["huisnummer"],
            _veilig(rij["toevoeging"]),
            _veilig(rij["postcode"]),
            _veilig(rij["woonplaats"]),
            _veilig(rij["regeling_naam"]),
        ]
        for rij in buffer
    ]


def csv_regels(uitkomsten: QuerySet[RechtUitkomst], *, actor, request=None, chunk: int = EXPORT_CHUNK) -> Iterator[str]:
    """The export as CSV text for a streaming response: naam, straat, huisnummer, toevoeging, postcode,
    woonplaats, regeling. No BSN. Separator ";" and a UTF-8 byte order mark, so Dutch Excel and Word
    (mail merge) open it in columns with accents intact."""
    yield "\ufeff" + tablib.Dataset(headers=CSV_KOLOMMEN).export("csv", delimiter=";")
    for deel in _exportrijen(uitkomsten, actor=actor, request=request, chunk=chunk):
        yield tablib.Dataset(*deel).export("csv", delimiter=";")


def xlsx_bestand(uitkomsten: QuerySet[RechtUitkomst], *, actor, request=None, chunk: int = EXPORT_CHUNK) -> bytes:
    """The same export as an Excel workbook (built whole: a workbook cannot be streamed)."""
    dataset = tablib.Dataset(headers=CSV_KOLOMMEN, title="Niet-gebruik")
    for deel in _exportrijen(uitkomsten, actor=actor, request=request, chunk=chunk):
        dataset.extend(deel)
    return dataset.export("xlsx")
