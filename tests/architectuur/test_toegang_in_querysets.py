"""Guard of the access policy in code: every read of a personal-data model starts from for_user, for_token,
for_caller or for_systeem (venlo_armoede.accounts.toegang). Writes (create, bulk_create) go through the
apps' services, which receive objects that were reached that way."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from venlo_armoede.accounts.toegang import PersoonsgegevensQuerySet

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ["venlo_armoede", "cases", "partners", "regelingen", "monitoring"]
TOEGESTAAN = {"for_user", "for_token", "for_caller", "for_systeem", "create", "bulk_create", "none"}


def persoonsgegevensmodellen() -> set[str]:
    return {
        model.__name__
        for model in apps.get_models()
        if isinstance(model._default_manager.get_queryset(), PersoonsgegevensQuerySet)
    }


def overtredingen(bron: str, modellen: set[str]) -> list[tuple[int, str]]:
    """(line, text) of every `<Model>.objects.<method>` on a personal-data model with another method."""
    gevonden = []
    for knoop in ast.walk(ast.parse(bron)):
        if (
            isinstance(knoop, ast.Attribute)
            and isinstance(knoop.value, ast.Attribute)
            and knoop.value.attr == "objects"
            and isinstance(knoop.value.value, ast.Name)
            and knoop.value.value.id in modellen
            and knoop.attr not in TOEGESTAAN
        ):
            gevonden.append((knoop.lineno, f"{knoop.value.value.id}.objects.{knoop.attr}"))
    return gevonden


def test_de_modellen_met_persoonsgegevens_zijn_bekend():
    # A model that adds personal data must use the policy's queryset; this list says which do today.
    assert persoonsgegevensmodellen() >= {
        "Huishouden",
        "Inwoner",
        "InkomensBron",
        "Schuld",
        "Casus",
        "CasusStatus",
        "RechtUitkomst",
        "Inkomenspositie",
        "Aanvraag",
        "Vroegsignaal",
        "Contactpoging",
    }


def test_de_controle_vindt_een_ongefilterde_query():
    assert overtredingen("x = Huishouden.objects.filter(id=1)\n", {"Huishouden"}) == [(1, "Huishouden.objects.filter")]
    assert overtredingen("x = Huishouden.objects.for_user(u).filter(id=1)\n", {"Huishouden"}) == []


@pytest.mark.parametrize(
    "pad",
    sorted(
        p.relative_to(ROOT)
        for app in PRODUCT
        for p in (ROOT / app).rglob("*.py")
        if "migrations" not in p.parts and p.name != "models.py"
    ),
    ids=str,
)
def test_elke_lezing_van_persoonsgegevens_begint_bij_de_toegangsregel(pad):
    assert overtredingen((ROOT / pad).read_text(), persoonsgegevensmodellen()) == []
