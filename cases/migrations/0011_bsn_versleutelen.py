"""Encrypt the BSNs stored in plain text before bsn_versleuteld and fill their blind index (ADR 0013).

Raw SQL, because the model's field would try to decrypt the plain values it reads. Rows whose index is
still empty are the plain ones, so running it again (or after a partial run) changes nothing twice.
Works the same on SQLite and PostgreSQL."""

from django.db import migrations

from venlo_armoede.versleuteling import blinde_index, ontsleutel, versleutel

PORTIE = 2000


def _in_porties(schema_editor, select_sql, omzetten):
    verbinding = schema_editor.connection
    tabel = verbinding.ops.quote_name("cases_inwoner")
    laatste = 0
    with verbinding.cursor() as cursor:
        while True:
            cursor.execute(select_sql.format(tabel=tabel), [laatste, PORTIE])
            rijen = cursor.fetchall()
            if not rijen:
                return
            cursor.executemany(
                f"UPDATE {tabel} SET bsn = %s, bsn_index = %s WHERE id = %s",  # noqa: S608 # nosec B608 - fixed table name
                [(*omzetten(waarde), pk) for pk, waarde in rijen],
            )
            laatste = rijen[-1][0]


def versleutel_bestaande(apps, schema_editor):
    _in_porties(
        schema_editor,
        "SELECT id, bsn FROM {tabel} WHERE bsn IS NOT NULL AND bsn_index IS NULL AND id > %s ORDER BY id LIMIT %s",
        lambda bsn: (versleutel(bsn), blinde_index(bsn)),
    )


def ontsleutel_terug(apps, schema_editor):
    _in_porties(
        schema_editor,
        "SELECT id, bsn FROM {tabel} WHERE bsn_index IS NOT NULL AND id > %s ORDER BY id LIMIT %s",
        lambda token: (ontsleutel(token), None),
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_bsn_versleuteld")]

    operations = [migrations.RunPython(versleutel_bestaande, ontsleutel_terug, elidable=False)]
