"""Receivers: the regelingen app reacts to changes of households (cases) and of its own rules."""

from . import selectors, services


def na_huishoudwijziging(sender, *, huishouden_ids, **kwargs):
    """A household, its members or incomes changed (cases.signals.huishouden_gewijzigd)."""
    services.plan_herberekening(huishouden_ids=huishouden_ids)


def na_regelwijziging(sender, **kwargs):
    """A norm or rule row was saved or deleted."""
    if kwargs.get("raw"):  # loaddata: the caller decides
        return
    services.na_regelwijziging(reden=f"{sender._meta.verbose_name} gewijzigd")


def aanvragen_in_bewaartermijn(sender, *, huishouden_ids, peildatum, **kwargs) -> set[int]:
    """The retention run asks which households must stay (cases.signals.bewaarplicht_gevraagd)."""
    return selectors.huishoudens_met_aanvraag_in_bewaartermijn(huishouden_ids=huishouden_ids, peildatum=peildatum)
