"""Small-numbers suppression: the one rule every aggregate that beleid, an export or the API shows passes
(DOMAIN.md §6), so no figure can point at a person.

- a count from 1 to 4 is shown as "<5" (primary suppression, CBS practice);
- a cell that could be worked back from a sum and its other cells is withheld too, shown as "×" (secondary);
- in a chain of nested counts (at most 110% of the minimum includes at most 100%), the difference between two
  neighbouring shown counts is a count of people as well: when it is 1 to 4, one of the two is withheld;
- a 0 is shown: it says nothing about a person."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

KLEINSTE_AANTAL = 5
AFGESCHERMD = "×"  # CBS notation for a figure withheld so a small one cannot be worked back


def onderdruk(aantal: int) -> str:
    return "<5" if 0 < aantal < KLEINSTE_AANTAL else str(aantal)


def is_klein(aantal: int) -> bool:
    return 0 < aantal < KLEINSTE_AANTAL


def verberg(
    cellen: Mapping[Hashable, int], relaties: Iterable[list[Hashable]], ook_verborgen: Iterable[Hashable] = ()
) -> tuple[set[Hashable], set[Hashable]]:
    """Which cells to hide: (primary, secondary).

    Primary: counts 1 to 4, and `ook_verborgen` (cells hidden for another reason, such as a small complement,
    which the relations must then protect too). Secondary: a relation (cells that add up, such as a column and
    its total, or voor + erbij - eraf = na in a row) with exactly one hidden cell would give that cell away, so
    the smallest other non-zero cell of the relation is hidden too, preferring a group over a total (a key whose
    first part is "totaal"); repeated until no relation has exactly one hidden cell. The simple CBS-style rule,
    not an optimal (tau-argus) solution: combining several sums can still narrow a hidden cell to a range."""
    relaties = [list(relatie) for relatie in relaties]
    klein = {sleutel for sleutel, aantal in cellen.items() if is_klein(aantal)}
    klein |= {sleutel for sleutel in ook_verborgen if sleutel in cellen}
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


def verberg_keten(aantallen: Sequence[int], verborgen: Iterable[int] = (), vast: Iterable[int] = ()) -> set[int]:
    """Which more counts to hide in a chain of nested counts, smallest first (each includes the one before it,
    such as the households at most 100%, 110%, 120% of the minimum; or toegekend, aangevraagd, rechthebbend).

    The difference between two neighbouring shown counts is a number of people: when it is 1 to 4, the higher
    count is hidden, or the lower one when the higher is `vast` (a noemer that other figures rest on); then the
    next pair is checked, until every difference between shown counts is 0 or at least 5. `verborgen`: the
    positions already hidden. Returns the positions to hide more."""
    verborgen, vast = set(verborgen), set(vast)
    extra: set[int] = set()
    gewijzigd = True
    while gewijzigd:
        gewijzigd = False
        vorige = None
        for i, aantal in enumerate(aantallen):
            if i in verborgen or i in extra:
                continue
            if vorige is not None and is_klein(aantal - aantallen[vorige]):
                extra.add(vorige if i in vast else i)
                gewijzigd = True
                break
            vorige = i
    return extra
