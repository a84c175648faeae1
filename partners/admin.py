from django.contrib import admin
from django.utils import timezone

from .models import Dienst

CAPACITEITSVELDEN = {"capaciteit_beschikbaar", "capaciteit_maximum", "capaciteit_eenheid"}


@admin.register(Dienst)
class DienstAdmin(admin.ModelAdmin):
    list_display = [
        "naam",
        "organisatie",
        "capaciteit_beschikbaar",
        "capaciteit_maximum",
        "capaciteit_eenheid",
        "capaciteit_bijgewerkt_op",
        "actief",
    ]
    list_filter = ["actief", "organisatie__soort", "organisatie"]
    search_fields = ["naam", "omschrijving", "organisatie__naam"]
    list_select_related = ["organisatie"]
    filter_horizontal = ["werkgebied"]
    readonly_fields = ["capaciteit_bijgewerkt_op"]
    fieldsets = [
        (None, {"fields": ["organisatie", "naam", "omschrijving", "actief"]}),
        ("Voor wie", {"fields": ["hulpvragen", "doelgroepen", "voorwaarden", "werkgebied", "doelstellingen"]}),
        ("Aanmelden en contact", {"fields": ["aanmeldroutes", "aanmelden_uitleg", "telefoon", "email", "website"]}),
        ("Adres", {"fields": ["adres", ("postcode", "plaats")]}),
        (
            "Capaciteit",
            {
                "fields": [
                    ("capaciteit_beschikbaar", "capaciteit_maximum", "capaciteit_eenheid"),
                    "capaciteit_bijgewerkt_op",
                ]
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "website":
            kwargs["assume_scheme"] = "https"  # "venlo.nl" typed without a scheme becomes https://venlo.nl
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The date tells readers how fresh the figure is, so it moves only when the figure itself changes.
        if CAPACITEITSVELDEN & set(form.changed_data):
            obj.capaciteit_bijgewerkt_op = timezone.now()
        super().save_model(request, obj, form, change)
