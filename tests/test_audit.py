from datetime import date

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from cases.models import Huishouden, Inwoner
from venlo_armoede.accounts.models import Stadsdeel
from venlo_armoede.append_only import AppendOnlyError
from venlo_armoede.audit.models import Actie, AuditRecord, Verwerkingsactiviteit
from venlo_armoede.audit.services import betrokkene, log_verwerking, verwerkingen_van


@pytest.fixture
def gezin(db):
    stadsdeel = Stadsdeel.objects.create(naam="Blerick")
    huishouden = Huishouden.objects.create(straat="Kerkstraat", huisnummer=1, postcode="5922 AB", stadsdeel=stadsdeel)
    leden = [
        Inwoner.objects.create(
            huishouden=huishouden,
            voornaam="Ria",
            achternaam="Peeters",
            geboortedatum=date(1985, 5, 1),
            bsn="111222333",
            rol="aanvrager",
        ),
        Inwoner.objects.create(
            huishouden=huishouden,
            voornaam="Sem",
            achternaam="Peeters",
            geboortedatum=date(2016, 2, 3),
            bsn="123456782",
            rol="kind",
        ),
        Inwoner.objects.create(
            huishouden=huishouden,
            voornaam="Noor",
            achternaam="Peeters",
            geboortedatum=date(2019, 8, 9),
            rol="kind",
        ),
    ]
    return leden


def test_inzien_van_een_inwoner_schrijft_precies_een_record_per_betrokkene(client, gebruiker_met_rol, gezin):
    adviseur = gebruiker_met_rol("klantadviseur")
    client.force_login(adviseur)
    antwoord = client.get(f"/werk/inwoners/{gezin[0].pk}/")
    assert antwoord.status_code == 200
    records = list(AuditRecord.objects.all())
    assert len(records) == 3  # the inwoner and the two household members shown beside them
    assert len({r.betrokkene_id for r in records}) == 3
    assert {r.actie for r in records} == {Actie.INZIEN}
    assert {r.actor_naam for r in records} == {adviseur.username}
    assert len({r.trace_id for r in records}) == 1
    # The subject is a keyed hash, never the BSN itself.
    assert all("111222333" not in r.betrokkene_id for r in records)
    assert verwerkingen_van(bsn="111222333", intern_id=gezin[0].pk).count() == 1
    assert verwerkingen_van(bsn=None, intern_id=gezin[2].pk).count() == 1


def test_zelfde_betrokkene_twee_keer_genoemd_geeft_een_record(gezin):
    b = betrokkene(bsn="111222333", intern_id=gezin[0].pk)
    log_verwerking(
        actor=None,
        actie=Actie.INZIEN,
        omschrijving="test",
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[b, b],
    )
    assert AuditRecord.objects.count() == 1


def test_partner_en_beleid_zien_geen_inwoner_en_de_weigering_wordt_gelogd(client, gebruiker_met_rol, gezin):
    # Issue 7 changed this: a refused attempt on personal data is logged too (as "geweigerd"), never as a view.
    for rol in ("partnermedewerker", "beleidsadviseur"):
        client.force_login(gebruiker_met_rol(rol))
        assert client.get(f"/werk/inwoners/{gezin[0].pk}/").status_code == 403
    assert AuditRecord.objects.exclude(resultaat="geweigerd").count() == 0
    assert AuditRecord.objects.filter(resultaat="geweigerd").count() == 2


def test_lijsten_tonen_het_bsn_niet_volledig(client, gebruiker_met_rol, gezin):
    client.force_login(gebruiker_met_rol("klantadviseur"))
    html = client.get(f"/werk/inwoners/{gezin[0].pk}/").content.decode()
    assert "******782" in html  # the child's BSN, masked in the household table
    assert "123456782" not in html


def _record(gezin):
    return log_verwerking(
        actor=None,
        actie=Actie.INZIEN,
        omschrijving="test",
        verwerkingsactiviteit=Verwerkingsactiviteit.SCHULDHULPVERLENING,
        betrokkenen=[betrokkene(bsn=gezin[0].bsn, intern_id=gezin[0].pk)],
    )[0]


def test_auditrecords_kunnen_niet_gewijzigd_of_verwijderd_worden(gezin):
    record = AuditRecord.objects.get(pk=_record(gezin).pk)
    record.resultaat = "fout"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).update(resultaat="fout")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get(pk=record.pk).resultaat == "ok"


def test_beheer_kan_het_logboek_alleen_lezen(client, gebruiker_met_rol, gezin):
    record = _record(gezin)
    client.force_login(gebruiker_met_rol("functioneel_beheer"))
    assert client.get("/beheer/audit/auditrecord/").status_code == 200
    assert client.get(f"/beheer/audit/auditrecord/{record.pk}/delete/").status_code == 403
    antwoord = client.post(f"/beheer/audit/auditrecord/{record.pk}/change/", {"resultaat": "fout"})
    assert antwoord.status_code == 403
    assert client.get("/beheer/audit/auditrecord/add/").status_code == 403
    assert AuditRecord.objects.get(pk=record.pk).resultaat == "ok"


@pytest.mark.needs_postgres
def test_database_weigert_wijzigen_met_losse_sql(gezin):
    record = _record(gezin)
    for sql in (
        "UPDATE audit_auditrecord SET resultaat = 'fout' WHERE id = %s",
        "DELETE FROM audit_auditrecord WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [record.pk])
    assert AuditRecord.objects.get(pk=record.pk).resultaat == "ok"
