"""The BSN at rest (ADR 0013): encrypted in the database, matched through the blind index, shown in full only
through the audited "Toon BSN" action, and re-encrypted by `roteer_bsn_sleutel` after a key change."""

import io
from datetime import date

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import FieldError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cases.models import Huishouden, Inwoner
from tests.factories import CasusFactory, InwonerFactory
from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.audit.models import Actie, AuditRecord, Resultaat
from venlo_armoede.audit.services import betrokkene, verwerkingen_van
from venlo_armoede.versleuteling import blinde_index

BSN = "111222333"


def _ruwe_rijen() -> list[tuple]:
    """Every column of every inwoner, as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_inwoner ORDER BY id")
        return cursor.fetchall()


def _ruw_token(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn FROM cases_inwoner WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def huishouden(db):
    return Huishouden.objects.create(
        straat="Kerkstraat", huisnummer=1, postcode="5922 AB", stadsdeel=Stadsdeel.objects.create(naam="Blerick")
    )


def _inwoner(huishouden, bsn=BSN, rol="aanvrager", voornaam="Ria"):
    return Inwoner.objects.create(
        huishouden=huishouden, voornaam=voornaam, achternaam="Peeters", geboortedatum=date(1985, 5, 1), bsn=bsn, rol=rol
    )


def test_het_bsn_staat_niet_leesbaar_in_de_database(huishouden):
    inwoner = _inwoner(huishouden)
    zonder = _inwoner(huishouden, bsn=None, rol="kind", voornaam="Noor")
    rijen = _ruwe_rijen()
    assert rijen and not [rij for rij in rijen if any(BSN in str(waarde) for waarde in rij)]
    token = _ruw_token(inwoner.pk)
    assert token.startswith("gAAAAA")  # a Fernet token
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn_index FROM cases_inwoner WHERE id = %s", [inwoner.pk])
        assert cursor.fetchone()[0] == blinde_index(BSN) != BSN
        cursor.execute("SELECT bsn, bsn_index FROM cases_inwoner WHERE id = %s", [zonder.pk])
        assert cursor.fetchone() == (None, None)
    # Python still sees the BSN, and the same BSN encrypts differently each time.
    assert Inwoner.objects.get(pk=inwoner.pk).bsn == BSN
    inwoner.save()
    assert _ruw_token(inwoner.pk) != token


def test_zoeken_op_bsn_gaat_via_de_blinde_index(huishouden):
    inwoner = _inwoner(huishouden)
    _inwoner(huishouden, bsn="123456782", rol="kind", voornaam="Sem")
    _inwoner(huishouden, bsn=None, rol="kind", voornaam="Noor")
    assert list(Inwoner.objects.filter(bsn=BSN)) == [inwoner]
    assert Inwoner.objects.filter(bsn__in=[BSN, "123456782", None]).count() == 2
    assert Inwoner.objects.filter(bsn__in=[]).count() == 0
    assert Inwoner.objects.exclude(bsn=None).count() == 2
    assert Inwoner.objects.filter(bsn__isnull=True).count() == 1
    assert Huishouden.objects.filter(leden__bsn="123456782").get() == huishouden
    assert not Inwoner.objects.filter(bsn="999999990").exists()
    # A lookup the index cannot answer is refused, instead of silently comparing ciphertexts.
    with pytest.raises(FieldError):
        Inwoner.objects.filter(bsn__startswith="111")
    with pytest.raises(FieldError):
        Inwoner.objects.filter(bsn__gt="1")


def test_een_bsn_kan_maar_een_keer_bestaan(huishouden):
    _inwoner(huishouden)
    with pytest.raises(IntegrityError), transaction.atomic():
        _inwoner(
            Huishouden.objects.create(
                straat="Markt", huisnummer=2, postcode="5911 AB", stadsdeel_id=huishouden.stadsdeel_id
            )
        )


def test_een_gewijzigd_bsn_krijgt_een_nieuwe_index(huishouden):
    inwoner = _inwoner(huishouden)
    inwoner.bsn = "123456782"
    inwoner.save()
    assert Inwoner.objects.get(bsn="123456782") == inwoner
    assert not Inwoner.objects.filter(bsn=BSN).exists()


def test_inwonerpagina_toont_bsn_afgeschermd_en_toon_bsn_wordt_gelogd(client, gebruiker_met_rol, huishouden):
    inwoner = _inwoner(huishouden)
    client.force_login(gebruiker_met_rol("klantadviseur"))
    url = f"/werk/inwoners/{inwoner.pk}/"

    html = client.get(url).content.decode()
    assert "******333" in html and BSN not in html
    assert "Toon BSN" in html
    assert not AuditRecord.objects.filter(omschrijving="BSN getoond").exists()

    antwoord = client.post(url)
    assert antwoord.status_code == 200
    assert BSN in antwoord.content.decode()
    assert "no-store" in antwoord["Cache-Control"]
    (record,) = AuditRecord.objects.filter(omschrijving="BSN getoond")
    assert record.actie == Actie.INZIEN
    assert record.actor_naam == "test-klantadviseur"
    assert record.betrokkene_id == betrokkene(bsn=BSN, intern_id=inwoner.pk).id
    assert verwerkingen_van(bsn=BSN, intern_id=inwoner.pk).filter(omschrijving="BSN getoond").count() == 1

    # Only that one view: opening the page again shows the masked BSN.
    assert BSN not in client.get(url).content.decode()


def test_toon_bsn_zonder_bsn_logt_niets_extra(client, gebruiker_met_rol, huishouden):
    inwoner = _inwoner(huishouden, bsn=None)
    client.force_login(gebruiker_met_rol("klantadviseur"))
    html = client.post(f"/werk/inwoners/{inwoner.pk}/").content.decode()
    assert "Niet bekend" in html and "Toon BSN" not in html
    assert not AuditRecord.objects.filter(omschrijving="BSN getoond").exists()


@pytest.mark.parametrize("rol", ["partnermedewerker", "beleidsadviseur"])
def test_toon_bsn_alleen_voor_de_gemeente(client, gebruiker_met_rol, huishouden, rol):
    inwoner = _inwoner(huishouden)
    client.force_login(gebruiker_met_rol(rol))
    antwoord = client.post(f"/werk/inwoners/{inwoner.pk}/")
    assert antwoord.status_code == 403
    assert BSN not in antwoord.content.decode()
    # Only the refusal is logged (as for any refused page), nothing was shown.
    assert not AuditRecord.objects.filter(omschrijving="BSN getoond").exists()
    assert set(AuditRecord.objects.values_list("resultaat", flat=True)) <= {Resultaat.GEWEIGERD}


def test_toon_bsn_buiten_het_eigen_team_wordt_geweigerd_en_gelogd(client, gebruiker_met_rol, huishouden):
    from venlo_armoede.accounts.models import Team

    inwoner = _inwoner(huishouden)
    collega, kees = gebruiker_met_rol("klantadviseur", username="collega"), gebruiker_met_rol("klantadviseur")
    Team.objects.create(naam="Zuid").leden.add(collega)
    Team.objects.create(naam="Noord").leden.add(kees)
    CasusFactory(huishouden=huishouden, klantadviseur=collega)
    client.force_login(kees)
    assert client.get(f"/werk/inwoners/{inwoner.pk}/").status_code == 302  # to the reason step (doorbraak)
    antwoord = client.post(f"/werk/inwoners/{inwoner.pk}/")
    assert antwoord.status_code == 404
    assert BSN not in antwoord.content.decode()
    assert not AuditRecord.objects.filter(omschrijving="BSN getoond").exists()
    assert AuditRecord.objects.get(omschrijving="BSN tonen geweigerd").resultaat == Resultaat.GEWEIGERD


def test_toon_bsn_vraagt_csrf(gebruiker_met_rol, huishouden):
    from django.test import Client

    inwoner = _inwoner(huishouden)
    client = Client(enforce_csrf_checks=True)
    client.force_login(gebruiker_met_rol("klantadviseur"))
    assert client.post(f"/werk/inwoners/{inwoner.pk}/").status_code == 403
    assert not AuditRecord.objects.filter(omschrijving="BSN getoond").exists()


# --- Key rotation ---------------------------------------------------------------------------------------------


def _roteer(**kwargs) -> str:
    uit = io.StringIO()
    call_command("roteer_bsn_sleutel", stdout=uit, **kwargs)
    return uit.getvalue()


def test_roteer_bsn_sleutel(settings, db):
    oud, nieuw = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.BSN_ENCRYPTION_KEYS = [oud]
    inwoners = [InwonerFactory() for _ in range(5)]
    InwonerFactory(bsn=None)
    bsns = {i.pk: i.bsn for i in inwoners}
    settings.BSN_ENCRYPTION_KEYS = [nieuw, oud]

    uit = _roteer(portie=2)  # several portions
    assert "5 BSN's opnieuw versleuteld" in uit and "0 waren dat al" in uit
    for pk, bsn in bsns.items():
        token = _ruw_token(pk).encode()
        assert Fernet(nieuw).decrypt(token).decode() == bsn
        with pytest.raises(InvalidToken):
            Fernet(oud).decrypt(token)
    assert not [r for r in _ruwe_rijen() if any(b in str(w) for b in bsns.values() for w in r)]

    # Idempotent: a second run changes nothing.
    voor = {pk: _ruw_token(pk) for pk in bsns}
    assert "0 BSN's opnieuw versleuteld met de nieuwe sleutel; 5 waren dat al." in _roteer()
    assert {pk: _ruw_token(pk) for pk in bsns} == voor

    # The old key can go; everything reads, and matching (the blind index) never changed.
    settings.BSN_ENCRYPTION_KEYS = [nieuw]
    assert {i.pk: i.bsn for i in Inwoner.objects.filter(pk__in=bsns)} == bsns
    assert all(Inwoner.objects.get(bsn=bsn).pk == pk for pk, bsn in bsns.items())


def test_roteren_zonder_de_oude_sleutel_noemt_alleen_ids(settings, db):
    settings.BSN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    inwoner = InwonerFactory()
    settings.BSN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # the old key forgotten
    with pytest.raises(CommandError) as fout:
        _roteer()
    assert str(inwoner.pk) in str(fout.value) and inwoner.bsn not in str(fout.value)
    assert "oude sleutel" in str(fout.value)


# --- The data migration ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_datamigratie_versleutelt_bestaande_bsns_en_terug():
    """The two BSN migrations on a table with plain BSNs (as before them), and back. SQLite and PostgreSQL alike."""
    executor = MigrationExecutor(connection)
    laatste = executor.loader.graph.leaf_nodes("cases")
    schema = next(
        naam for app, naam in executor.loader.disk_migrations if app == "cases" and naam.endswith("_bsn_versleuteld")
    )
    voor = [dep for dep in executor.loader.get_migration("cases", schema).dependencies if dep[0] == "cases"]
    executor.migrate(voor)
    try:
        stadsdeel = Stadsdeel.objects.create(naam="Venlo")
        huishouden_id = Huishouden.objects.create(
            straat="Markt", huisnummer=1, postcode="5911 AB", stadsdeel=stadsdeel
        ).pk
        with connection.cursor() as cursor:
            for voornaam, bsn, rol in (("Ria", BSN, "aanvrager"), ("Sem", "123456782", "kind"), ("Noor", None, "kind")):
                cursor.execute(
                    "INSERT INTO cases_inwoner (huishouden_id, voornaam, tussenvoegsel, achternaam, geboortedatum, "
                    "bsn, rol) VALUES (%s, %s, '', 'Peeters', '1985-05-01', %s, %s)",
                    [huishouden_id, voornaam, bsn, rol],
                )
        executor = MigrationExecutor(connection)
        executor.migrate(laatste)

        assert not [r for r in _ruwe_rijen() if any(BSN in str(w) or "123456782" in str(w) for w in r)]
        assert sorted(Inwoner.objects.exclude(bsn=None).values_list("bsn", flat=True)) == ["111222333", "123456782"]
        assert Inwoner.objects.get(bsn=BSN).voornaam == "Ria"
        assert Inwoner.objects.get(bsn__isnull=True).voornaam == "Noor"

        executor = MigrationExecutor(connection)
        executor.migrate(voor)  # back: plain again, as the old schema expects
        with connection.cursor() as cursor:
            cursor.execute("SELECT voornaam, bsn FROM cases_inwoner ORDER BY voornaam")
            assert cursor.fetchall() == [("Noor", None), ("Ria", BSN), ("Sem", "123456782")]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(laatste)


def test_demoseed_schrijft_versleuteld_met_index(db):
    """The seed inserts inwoners in bulk; those rows are encrypted and indexed like any other."""
    call_command("seed_demo", "--households", "200", "--ook-zonder-debug", stdout=io.StringIO())
    bsns = dict(Inwoner.objects.exclude(bsn=None).values_list("pk", "bsn"))
    assert len(bsns) > 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, bsn, bsn_index FROM cases_inwoner WHERE bsn IS NOT NULL")
        rijen = cursor.fetchall()
    assert len(rijen) == len(bsns)
    for pk, token, index in rijen:
        assert token.startswith("gAAAAA") and bsns[pk] not in token
        assert index == blinde_index(bsns[pk])
