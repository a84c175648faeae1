"""Receivers: the regelingen app reacts to changes of households (cases) and of its own rules."""

from . import services


def na_huishoudwijziging(sender, *, huishouden_ids, **kwargs):
    """A household, its members or incomes changed (cases.signals.huishouden_gewijzigd)."""
    services.plan_herberekening(huishouden_ids=huishouden_ids)


def na_regelwijziging(sender, **kwargs):
    """A norm or rule row was saved or deleted."""
    if kwargs.get("raw"):  # loaddata: the caller decides
        return
    services.na_regelwijziging(reden=f"{sender._meta.verbose_name} gewijzigd")
