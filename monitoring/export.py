"""CSV and XLSX of a /beleid/ table (tablib): the same `Tabel` the page shows, so the figures are the page's."""

from __future__ import annotations

import tablib

from .selectors import Tabel


def dataset(tabel: Tabel, omschrijving: str) -> tablib.Dataset:
    data = tablib.Dataset(headers=[kop.removeprefix("#") for kop in tabel.koppen], title=tabel.naam[:31])
    for rij in tabel.rijen:
        data.append(rij)
    data.append_separator(
        f"{tabel.titel} ({omschrijving}). <5: 1 tot 4; ×: afgeschermd; –: niet te berekenen; "
        "≥: minstens dit percentage."
    )
    return data


def csv_bestand(tabel: Tabel, omschrijving: str) -> str:
    # A BOM so spreadsheet programs read the UTF-8 (€, ×) right; ";" is what Dutch Excel expects.
    return "\ufeff" + dataset(tabel, omschrijving).export("csv", delimiter=";")


def xlsx_bestand(tabel: Tabel, omschrijving: str) -> bytes:
    return dataset(tabel, omschrijving).export("xlsx")
