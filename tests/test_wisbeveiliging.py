"""Commands that wipe data refuse a database without the demo/benchmark marker that holds data (ADR 0008)."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cases.models import Huishouden
from demo.management.commands.bench_rechten import bench_database_url, is_huidige_database
from tests import factories as f
from venlo_armoede.omgeving.models import DatabaseMarkering

pytestmark = pytest.mark.django_db


def huidige_database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def echte_gegevens():
    huishouden = f.HuishoudenFactory()
    assert not DatabaseMarkering.objects.exists()
    return huishouden


@pytest.mark.parametrize("argumenten", [["--reset"], []])
def test_seed_demo_weigert_ongemarkeerde_database_met_gegevens(echte_gegevens, argumenten):
    with pytest.raises(CommandError, match="niet gemarkeerd als demo- of benchmarkdatabase") as fout:
        call_command("seed_demo", "--households", "5", "--ook-zonder-debug", *argumenten, stdout=StringIO())
    assert "1 huishoudens" in str(fout.value)
    assert list(Huishouden.objects.all()) == [echte_gegevens]
    assert not DatabaseMarkering.objects.exists()


def test_seed_demo_weigert_database_met_echte_gebruikers(django_user_model):
    django_user_model.objects.create_user("echte.medewerker", password="Test-wachtwoord-1")
    with pytest.raises(CommandError, match="1 gebruikers"):
        call_command("seed_demo", "--households", "5", "--ook-zonder-debug", stdout=StringIO())
    assert not django_user_model.objects.filter(username="beheerder").exists()


def test_seed_demo_markeert_lege_database_en_mag_daarna_resetten():
    call_command("seed_demo", "--households", "5", "--ook-zonder-debug", stdout=StringIO())
    assert DatabaseMarkering.objects.get().soort == "demo"
    call_command("seed_demo", "--households", "7", "--reset", "--ook-zonder-debug", stdout=StringIO())
    assert Huishouden.objects.count() == 7


def test_bench_rechten_weigert_ongemarkeerde_database_met_gegevens(echte_gegevens):
    url = huidige_database_url()
    assert is_huidige_database(url)
    with pytest.raises(CommandError, match="bench_rechten is geweigerd"):
        call_command("bench_rechten", "--households", "5", "--database-url", url, stdout=StringIO())
    assert list(Huishouden.objects.all()) == [echte_gegevens]


def test_markeer_database_maakt_wissen_mogelijk(echte_gegevens):
    call_command("markeer_database", "demo", stdout=StringIO())
    call_command("seed_demo", "--households", "3", "--reset", "--ook-zonder-debug", stdout=StringIO())
    assert Huishouden.objects.count() == 3 and echte_gegevens.pk not in Huishouden.objects.values_list("pk", flat=True)


def test_benchmark_gebruikt_standaard_een_eigen_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.example:5432/venlo")
    assert bench_database_url() == "postgres://app@db.example:5432/venlo_bench"
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/app/db.sqlite3")
    assert bench_database_url() == "sqlite:////srv/app/db_bench.sqlite3"
    assert not is_huidige_database(bench_database_url())
