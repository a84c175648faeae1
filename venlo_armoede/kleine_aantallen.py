"""Small-numbers suppression: the one rule every aggregate that beleid, an export or the API shows passes
(DOMAIN.md §6), so no figure can point at a person.

- a count from 1 to 4 is shown as "<5" (primary suppression, CBS practice);
- a cell that could be worked back from a sum and its other cells is withheld too, shown as "×" (secondary);
- a 0 is shown: it says nothing about a person."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

KLEINSTE_AANTAL = 5
AFGESCHERMD = "×"  # CBS notation for a figure withheld so a small one cannot be worked back


def onderdruk(aantal: int) -> str:
    return "<5" if 0 < aantal < KLEINSTE_AANTAL else str(aantal)


def is_klein(aantal: int) -> bool:
    return 0 < aantal < KLEINSTE_AANTAL


def verberg(cellen: Mapping[Hashable, int], relaties: Iterable[list[Hashable]]) -> tuple[set[Hashable], set[Hashable]]:
    """Which cells to hide: (primary, secondary).

    Primary: counts 1 to 4. Secondary: a relation (cells that add up, such as a column and its total, or
    voor + erbij - eraf = na in a row) with exactly one hidden cell would give that cell away, so the smallest
    other non-zero cell of the relation is hidden too, preferring a group over a total (a key whose first part
    is "totaal"); repeated until no relation has exactly one hidden cell. The simple CBS-style rule, not an
    optimal (tau-argus) solution: combining several sums can still narrow a hidden cell to a range."""
    relaties = [list(relatie) for relatie in relaties]
    klein = {sleutel for sleutel, aantal in cellen.items() if is_klein(aantal)}
    extra: set[Hashable] = set()
    gewijzigd = True
    while gewijzigd:
        gewijzigd = False
        for relatie in relaties:
            verborgen = [sleutel for sleutel in relatie if sleutel in klein or sleutel in extra]
            if len(verborgen) != 1:
                continue
            kandidaten = [s for s in relatie if s not in klein and s not in extra and cellen[s] > 0]
            if kandidaten:
                extra.add(min(kandidaten, key=lambda s: (_is_totaal(s), cellen[s], s)))
                gewijzigd = True
    return klein, extra


def _is_totaal(sleutel) -> bool:
    return isinstance(sleutel, tuple) and bool(sleutel) and sleutel[0] == "totaal"
