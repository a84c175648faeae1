"""Stored outcomes of the engine per household (filled in by the rechtenberekening work)."""


def herbereken(huishouden_ids) -> int:
    return 0


def plan_volledige_herberekening() -> int:
    return 0
