"""Serializers of the public regelingen API: the rules in force on a date, and the anonymous rechtencheck."""

from decimal import Decimal

from rest_framework import serializers

from venlo_armoede.doelstellingen import Doelstelling

from .. import engine
from ..models import Aanvraagroute, BedragPer, RegelingVersie

_GELD = {"max_digits": 12, "decimal_places": 2, "coerce_to_string": True}


class RegelingVersieSerializer(serializers.ModelSerializer):
    bedrag_per = serializers.ChoiceField(
        choices=BedragPer.choices,
        allow_null=True,
        help_text="Waarvoor het bedrag geldt; null als dat niet is vastgelegd.",
    )

    class Meta:
        model = RegelingVersie
        fields = [
            "geldig_van",
            "geldig_tot",
            "inkomensgrens_pct",
            "grens_inclusief",
            "norm_basis",
            "kostendelersnorm",
            "referteperiode_maanden",
            "vermogenstoets",
            "aanvrager_min_leeftijd",
            "aanvrager_max_leeftijd",
            "aanvrager_jonger_dan_aow",
            "kind_min_leeftijd",
            "kind_max_leeftijd",
            "samenstellingen",
            "bedrag_per",
            "bedrag",
            "max_frequentie_maanden",
            "altijd_beoordeling",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Stored as "" when not set (a blank CharField); the API says null, as it does for bedrag.
        data["bedrag_per"] = data["bedrag_per"] or None
        return data


class RegelingSerializer(serializers.ModelSerializer):
    """A regeling with the version of its rules in force on the peildatum (built from that version)."""

    code = serializers.CharField(source="regeling.code", help_text="Vaste code van de regeling, zoals `leergeld`.")
    naam = serializers.CharField(source="regeling.naam")
    omschrijving = serializers.CharField(source="regeling.omschrijving")
    doelstelling = serializers.ChoiceField(
        source="regeling.doelstelling",
        choices=Doelstelling.choices,
        help_text="De beleidsdoelstelling: preventie, ondersteuning of terugval voorkomen.",
    )
    aanbieder = serializers.CharField(
        source="regeling.aanbieder.naam",
        allow_null=True,
        help_text="Naam van de organisatie die de regeling uitvoert; null als de gemeente dat zelf doet.",
    )
    aanvraagroute = serializers.ChoiceField(source="regeling.aanvraagroute", choices=Aanvraagroute.choices)
    versie = RegelingVersieSerializer(source="*", help_text="De regels die op de peildatum gelden.")

    class Meta:
        model = RegelingVersie
        fields = ["code", "naam", "omschrijving", "doelstelling", "aanbieder", "aanvraagroute", "versie"]
        read_only_fields = fields


class PeildatumSerializer(serializers.Serializer):
    peildatum = serializers.DateField(
        required=False,
        help_text="De datum waarop de regels gelden (JJJJ-MM-DD). Standaard: vandaag.",
        error_messages={"invalid": "Gebruik een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-01."},
    )


class LidSerializer(serializers.Serializer):
    rol = serializers.ChoiceField(
        choices=engine.ROLLEN,
        help_text="aanvrager, partner, kind of overig (een andere huisgenoot).",
        error_messages={"invalid_choice": "Onbekende rol '{input}'. Kies aanvrager, partner, kind of overig."},
    )
    geboortedatum = serializers.DateField(
        error_messages={"invalid": "Gebruik een datum als JJJJ-MM-DD, bijvoorbeeld 1990-05-17."}
    )
    netto_maandinkomen = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
        default=Decimal("0.00"),
        help_text='Netto inkomen per maand in euro, als tekst met een punt: "1600.00". Standaard 0.',
        error_messages={
            "invalid": 'Vul een bedrag in met een punt, bijvoorbeeld "1600.00".',
            "min_value": "Inkomen kan niet negatief zijn.",
        },
    )


class RechtencheckVraagSerializer(serializers.Serializer):
    peildatum = serializers.DateField(
        required=False,
        help_text="De datum waarvoor u het wilt weten (JJJJ-MM-DD). Standaard: vandaag.",
        error_messages={"invalid": "Gebruik een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-01."},
    )
    leden = LidSerializer(
        many=True,
        allow_empty=False,
        max_length=30,
        help_text="Alle leden van het huishouden: precies één aanvrager, hoogstens één partner.",
    )
    vermogen = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
        allow_null=True,
        help_text="Vermogen van het huishouden in euro. Weglaten als het niet bekend is.",
        error_messages={
            "invalid": 'Vul een bedrag in met een punt, bijvoorbeeld "1500.00".',
            "min_value": "Vermogen kan niet negatief zijn.",
        },
    )
    laag_inkomen_sinds = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Sinds wanneer het inkomen laag is (JJJJ-MM-DD). Weglaten als het niet bekend is.",
        error_messages={"invalid": "Gebruik een datum als JJJJ-MM-DD, bijvoorbeeld 2023-01-01."},
    )

    def huishouden(self) -> engine.Huishouden:
        data = self.validated_data
        return engine.Huishouden(
            leden=tuple(
                engine.Lid(
                    rol=lid["rol"], geboortedatum=lid["geboortedatum"], netto_maandinkomen=lid["netto_maandinkomen"]
                )
                for lid in data["leden"]
            ),
            vermogen=data.get("vermogen"),
            laag_inkomen_sinds=data.get("laag_inkomen_sinds"),
        )


class UitkomstSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    uitkomst = serializers.ChoiceField(
        choices=[engine.RECHT, engine.GEEN_RECHT, engine.BEOORDELING_NODIG],
        help_text="recht, geen_recht of beoordeling_nodig (een medewerker moet het beoordelen, of er ontbreekt "
        "een gegeven zoals het vermogen).",
    )
    redenen = serializers.ListField(child=serializers.CharField(), help_text="Waarom, in gewone taal.")
    bedrag = serializers.DecimalField(
        **_GELD, allow_null=True, help_text="Verwacht bedrag bij recht, als de regeling een bedrag heeft."
    )


class RechtencheckAntwoordSerializer(serializers.Serializer):
    peildatum = serializers.DateField()
    norm = serializers.DecimalField(
        **_GELD, help_text="De bijstandsnorm van dit huishouden per maand, incl. vakantietoeslag."
    )
    norm_uitleg = serializers.CharField(help_text="Hoe de norm is bepaald.")
    inkomen = serializers.DecimalField(**_GELD, help_text="Netto inkomen van aanvrager en partner per maand.")
    inkomen_pct = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=True, help_text="Het inkomen als percentage van de norm."
    )
    samenstelling = serializers.CharField(help_text="alleenstaande, alleenstaande_ouder, paar of paar_met_kinderen.")
    regelingen = UitkomstSerializer(source="uitkomsten", many=True)
