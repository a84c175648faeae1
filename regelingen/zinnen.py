"""A rule's voorwaarden as short Dutch B1 sentences, for functioneel beheer (the rule editor and its history):
"Het inkomen is hoogstens 120% van de bijstandsnorm." One function per kind of voorwaarde, like the engine;
a new kind in regelingen/voorwaarden.py gets its sentence here.

Pure Python (no Django): it reads engine.Regel, so the editor can describe a changed rule before it is saved."""

from __future__ import annotations

from . import engine
from . import voorwaarden as vw

_SAMENSTELLING = {
    "alleenstaande": "een alleenstaande",
    "alleenstaande_ouder": "een alleenstaande ouder",
    "paar": "een paar zonder kinderen",
    "paar_met_kinderen": "een paar met kinderen",
}
_BEDRAG_PER = {
    "persoon_per_jaar": "per persoon per jaar",
    "kind_per_jaar": "per kind per jaar",
    "huishouden_per_jaar": "per huishouden per jaar",
    "huishouden_eenmalig": "één keer per huishouden",
}
_LEEFTIJD_WIE = {
    "aanvrager": "De aanvrager",
    "partner": "De partner",
    "volwassene": "Ten minste één volwassene in het huishouden",
    "kind": "Ten minste één kind",
}


def _of(delen: list[str]) -> str:
    """["a", "b", "c"] -> "a, b of c"."""
    return delen[0] if len(delen) == 1 else f"{', '.join(delen[:-1])} of {delen[-1]}"


def _pct(pct) -> str:
    return f"{engine.procent(pct)}%"


def _norm(norm_basis: str) -> str:
    return "van de bijstandsnorm" if norm_basis == "incl_vt" else "van de bijstandsnorm zonder vakantiegeld"


def _kostendelers(kostendelersnorm: bool) -> str:
    return "" if kostendelersnorm else " De kostendelersnorm telt hier niet mee."


def _bovengrens(pct, inclusief: bool) -> str:
    return f"hoogstens {_pct(pct)}" if inclusief else f"lager dan {_pct(pct)}"


def _inkomen(v: vw.Inkomen) -> str:
    delen = []
    if v.min_pct is not None:
        delen.append(f"minstens {_pct(v.min_pct)}" if v.min_inclusief else f"hoger dan {_pct(v.min_pct)}")
    if v.max_pct is not None:
        delen.append(_bovengrens(v.max_pct, v.max_inclusief))
    return f"Het inkomen is {' en '.join(delen)} {_norm(v.norm_basis)}.{_kostendelers(v.kostendelersnorm)}"


def _maanden(maanden: int) -> str:
    if maanden % 12 == 0:
        jaren = maanden // 12
        return f"{maanden} maanden ({jaren} jaar)"
    return f"{maanden} {'maand' if maanden == 1 else 'maanden'}"


def _langdurig(v: vw.LangdurigLaagInkomen) -> str:
    zin = f"Het inkomen is al minstens {_maanden(v.maanden)} laag"
    if v.grens_pct is None:
        return zin + "."
    return (
        f"{zin}. Daarvoor telt een eigen grens: het inkomen is nu "
        f"{_bovengrens(v.grens_pct, v.grens_inclusief)} {_norm(v.norm_basis)}.{_kostendelers(v.kostendelersnorm)}"
    )


def _vermogen(v: vw.Vermogen) -> str:
    if v.max_bedrag is not None:
        return f"Het vermogen is niet hoger dan {engine.euro(v.max_bedrag)}."
    return "Het vermogen is niet hoger dan de vermogensgrens van de bijstand."


def _jaren(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"{minimum} tot en met {maximum} jaar oud"
    if minimum is not None:
        return f"{minimum} jaar of ouder"
    return f"{maximum} jaar of jonger"


def _leeftijd(v: vw.Leeftijd) -> str:
    is_delen = []
    if v.min_jaren is not None or v.max_jaren is not None:
        is_delen.append(_jaren(v.min_jaren, v.max_jaren))
    if v.jonger_dan_aow:
        is_delen.append("jonger dan de AOW-leeftijd")
    wie = _LEEFTIJD_WIE[v.wie]
    if not v.vanaf_aow:
        return f"{wie} is {' en '.join(is_delen)}."
    if not is_delen:
        return f"{wie} heeft de AOW-leeftijd bereikt."
    return f"{wie} is {' en '.join(is_delen)} en heeft de AOW-leeftijd bereikt."


def _aantal_kinderen(minimum: int, maximum: int | None) -> str:
    def kinderen(n: int) -> str:
        return f"{n} {'kind' if n == 1 else 'kinderen'}"

    if maximum is None:
        return f"minstens {kinderen(minimum)}"
    if maximum == 0:
        return "geen kinderen"
    if minimum == maximum:
        return f"precies {kinderen(minimum)}"
    if minimum == 0:
        return f"hoogstens {kinderen(maximum)}"
    return f"{minimum} tot en met {maximum} kinderen"


def _kinderen(v: vw.Kinderen) -> str:
    zin = f"Het huishouden heeft {_aantal_kinderen(v.min_aantal, v.max_aantal)}"
    if v.min_leeftijd is not None and v.max_leeftijd is not None:
        return f"{zin} van {v.min_leeftijd} tot en met {v.max_leeftijd} jaar."
    if v.min_leeftijd is not None:
        return f"{zin} van {v.min_leeftijd} jaar of ouder."
    if v.max_leeftijd is not None:
        return f"{zin} van {v.max_leeftijd} jaar of jonger."
    return f"{zin}."


def _samenstelling(v: vw.Samenstelling) -> str:
    return f"De regeling is alleen voor {_of([_SAMENSTELLING.get(s, s) for s in v.samenstellingen])}."


def _kenmerk(v: vw.Kenmerk) -> str:
    naam = f"het kenmerk ‘{v.kenmerk}’"
    if v.heeft:
        wie = {
            "huishouden": "Het huishouden",
            "aanvrager": "De aanvrager",
            "partner": "De partner",
            "iemand": "Iemand in het huishouden",
            "kind": "Een kind in het huishouden",
        }[v.wie]
        return f"{wie} heeft {naam}."
    zonder = {
        "huishouden": "Het huishouden heeft niet",
        "aanvrager": "De aanvrager heeft niet",
        "partner": "De partner heeft niet",
        "iemand": "Niemand in het huishouden heeft",
        "kind": "Geen kind in het huishouden heeft",
    }[v.wie]
    return f"{zonder} {naam}."


ZINNEN = {
    vw.Inkomen: _inkomen,
    vw.LangdurigLaagInkomen: _langdurig,
    vw.Vermogen: _vermogen,
    vw.Leeftijd: _leeftijd,
    vw.Kinderen: _kinderen,
    vw.Samenstelling: _samenstelling,
    vw.Kenmerk: _kenmerk,
}


def zin(voorwaarde: vw.Voorwaarde) -> str:
    return ZINNEN[type(voorwaarde)](voorwaarde)


def voorwaarden(regel: engine.Regel) -> list[str]:
    """Every voorwaarde of the rule (its short-hand fields included, as the engine judges them), one sentence
    each, in the engine's order."""
    return [zin(v) for v in engine.voorwaarden_van(regel)]


def overige(regel: engine.Regel) -> list[str]:
    """What the rule says besides its voorwaarden: a judgement that is always needed, and the amount."""
    zinnen = []
    if regel.altijd_beoordeling:
        zinnen.append("Een medewerker beoordeelt altijd of er recht is. De voorwaarden zijn dan een eerste toets.")
    if regel.bedrag is not None and regel.bedrag_per:
        zinnen.append(f"Het bedrag is {engine.euro(regel.bedrag)} {_BEDRAG_PER[regel.bedrag_per]}.")
    return zinnen
