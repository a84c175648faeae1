"""Server-rendered SVG charts: no script, no CDN, no inline CSS (presentation attributes only, CSP-clean).
Readable without colour: every point and bar carries its value as text, and a data table sits beside every
chart on the page (the table is the accessible version; the SVG has a title and a description)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Punt:
    label: str  # x-axis label (a month) or bar label (a regeling)
    waarde: float | None  # None: suppressed or no figure; shown as a gap with its text
    tekst: str  # the figure as shown in the table ("12%", "<5", "–")


def lijngrafiek(*, id: str, titel: str, punten: list[Punt], breedte: int = 640, hoogte: int = 220) -> SafeString:
    links, rechts, boven, onder = 48, 16, 24, 40
    waarden = [p.waarde for p in punten if p.waarde is not None]
    hoogste = max(waarden, default=0) or 1
    stap = (breedte - links - rechts) / max(len(punten) - 1, 1)

    def y(waarde: float) -> float:
        return boven + (hoogte - boven - onder) * (1 - waarde / hoogste)

    delen = [_kop(id, titel, breedte, hoogte, len(waarden), len(punten))]
    delen.append(
        f'<line x1="{links}" y1="{hoogte - onder}" x2="{breedte - rechts}" y2="{hoogte - onder}" '
        'stroke="#595959" stroke-width="1"/>'
    )
    lijn: list[str] = []
    for i, punt in enumerate(punten):
        x = links + i * stap
        if punt.waarde is None:
            if len(lijn) > 1:
                delen.append(_lijn(lijn))
            lijn = []
            delen.append(_tekst(x, hoogte - onder - 6, punt.tekst, "middle"))
        else:
            lijn.append(f"{x:.1f},{y(punt.waarde):.1f}")
            delen.append(f'<circle cx="{x:.1f}" cy="{y(punt.waarde):.1f}" r="3.5" fill="#154273"/>')
            delen.append(_tekst(x, y(punt.waarde) - 8, punt.tekst, "middle"))
        if len(punten) <= 13 or i % 2 == 0:
            delen.append(_tekst(x, hoogte - onder + 16, punt.label, "middle"))
    if len(lijn) > 1:
        delen.append(_lijn(lijn))
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 # nosec B308 B703 - every text part is escaped in _tekst/_kop


def staafgrafiek(*, id: str, titel: str, punten: list[Punt], breedte: int = 640) -> SafeString:
    regel, links, rechts = 28, 220, 80
    hoogte = regel * len(punten) + 16
    hoogste = max((p.waarde for p in punten if p.waarde is not None), default=0) or 1
    delen = [_kop(id, titel, breedte, hoogte, sum(p.waarde is not None for p in punten), len(punten))]
    for i, punt in enumerate(punten):
        y = 8 + i * regel
        delen.append(_tekst(links - 8, y + 17, punt.label[:34], "end"))
        lengte = 0.0 if punt.waarde is None else (breedte - links - rechts) * punt.waarde / hoogste
        if lengte:
            delen.append(f'<rect x="{links}" y="{y + 4}" width="{lengte:.1f}" height="{regel - 10}" fill="#154273"/>')
        delen.append(_tekst(links + lengte + 6, y + 17, punt.tekst, "start"))
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 # nosec B308 B703 - every text part is escaped in _tekst/_kop


def groepgrafiek(*, id: str, titel: str, groepen: list[tuple[str, list[Punt]]], breedte: int = 640) -> SafeString:
    """Horizontal bars in groups (an organisation with its steps verstuurd, geaccepteerd, afgerond): the group's
    name on its own line, then one bar per step with the step's name and its value as text (no colour needed)."""
    regel, kop, links, rechts = 22, 24, 160, 80
    hoogte = sum(kop + regel * len(punten) for _, punten in groepen) + 8
    alle = [p for _, punten in groepen for p in punten]
    hoogste = max((p.waarde for p in alle if p.waarde is not None), default=0) or 1
    delen = [_kop(id, titel, breedte, hoogte, sum(p.waarde is not None for p in alle), len(alle))]
    y = 4
    for naam, punten in groepen:
        delen.append(
            f'<text x="8" y="{y + 16}" text-anchor="start" font-size="12" font-weight="bold" '
            f'fill="#1a1a1a">{escape(naam[:70])}</text>'
        )
        y += kop
        for punt in punten:
            delen.append(_tekst(links - 8, y + 15, punt.label[:24], "end"))
            lengte = 0.0 if punt.waarde is None else (breedte - links - rechts) * punt.waarde / hoogste
            if lengte:
                delen.append(
                    f'<rect x="{links}" y="{y + 4}" width="{lengte:.1f}" height="{regel - 8}" fill="#154273"/>'
                )
            delen.append(_tekst(links + lengte + 6, y + 15, punt.tekst, "start"))
            y += regel
    delen.append("</svg>")
    return mark_safe("".join(delen))  # noqa: S308 # nosec B308 B703 - every text part is escaped in _tekst/_kop


def _kop(id: str, titel: str, breedte: int, hoogte: int, getoond: int, totaal: int) -> str:
    beschrijving = f"{getoond} van {totaal} waarden getoond; de tabel ernaast geeft alle cijfers."
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="venlo-grafiek" viewBox="0 0 {breedte} {hoogte}" '
        f'role="img" aria-labelledby="{escape(id)}-titel {escape(id)}-uitleg" focusable="false">'
        f'<title id="{escape(id)}-titel">{escape(titel)}</title>'
        f'<desc id="{escape(id)}-uitleg">{escape(beschrijving)}</desc>'
    )


def _lijn(punten: list[str]) -> str:
    return f'<polyline points="{" ".join(punten)}" fill="none" stroke="#154273" stroke-width="2"/>'


def _tekst(x: float, y: float, tekst: str, anker: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anker}" font-size="12" fill="#1a1a1a">{escape(tekst)}</text>'
