from rest_framework import serializers


class KpiSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    uitleg = serializers.CharField(help_text="Wat de KPI meet en waarom, in eenvoudige taal (B1).")
    doelstelling = serializers.CharField(help_text="preventie, ondersteuning of terugval_voorkomen.")
    formule = serializers.CharField()
    eenheid = serializers.CharField()
    hoger_is_beter = serializers.BooleanField(allow_null=True, help_text="Leeg: geen goede of slechte richting.")
    bron = serializers.CharField()
    heeft_gegevens = serializers.BooleanField(help_text="Onwaar: het systeem houdt dit nog niet bij.")
    per_categorie = serializers.CharField(
        help_text="Waarnaar de waarden zijn uitgesplitst (regeling, partner), of leeg."
    )


class KpiWaardeSerializer(serializers.Serializer):
    kpi = serializers.CharField()
    maand = serializers.CharField(help_text="JJJJ-MM.")
    categorie = serializers.CharField(help_text="Regeling, partner of reden; leeg als de KPI niet is uitgesplitst.")
    waarde = serializers.CharField(
        help_text='Zoals op de pagina: "<5" (1 tot 4), "×" (afgeschermd), "–" (percentage van een afgeschermd '
        'getal), "≥ 96%" (minstens dit percentage: het precieze zou 1 tot 4 mensen verraden), "nog geen gegevens", '
        "of het cijfer met eenheid."
    )
    getal = serializers.FloatField(allow_null=True, help_text="Het cijfer als getal; leeg als het is afgeschermd.")


class KpiAntwoordSerializer(serializers.Serializer):
    van = serializers.CharField()
    tot = serializers.CharField()
    stadsdeel = serializers.IntegerField(allow_null=True)
    doelgroep = serializers.CharField(allow_null=True)
    catalogus = KpiSerializer(many=True)
    waarden = KpiWaardeSerializer(many=True)
