from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth.admin import UserAdmin
from django.utils.text import capfirst

from .models import ApiToken, Organisatie, Stadsdeel, Team, User
from .roles import Rol


class GelabeldeDatumTijdMixin:
    """Django's admin splits a date-time field into a date and a time input, named only by loose text
    ("Datum:", "Tijd:") and not by a label, so a screen reader announces two unnamed fields (axe: critical
    `label`). Each input gets an accessible name with the field's own name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        veld = super().formfield_for_dbfield(db_field, request, **kwargs)
        if veld is not None and isinstance(veld.widget, AdminSplitDateTime):
            naam = capfirst(db_field.verbose_name)
            datum, tijd = veld.widget.widgets
            datum.attrs["aria-label"] = f"{naam}: datum"
            tijd.attrs["aria-label"] = f"{naam}: tijd"
        return veld


@admin.register(User)
class GebruikerAdmin(GelabeldeDatumTijdMixin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["groups", "organisatie", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Organisatie", {"fields": ["organisatie"]}),)
    # Plain labelled multi-selects: Django's two-box filter widget (SelectFilter2.js) puts an aria-label on
    # a <span> without a role, which axe reports as serious (aria-prohibited-attr).
    filter_horizontal = ()


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "koepel", "actief"]
    list_filter = ["soort", "actief"]
    search_fields = ["naam", "dienstverlening"]


@admin.register(Stadsdeel)
class StadsdeelAdmin(admin.ModelAdmin):
    list_display = ["naam"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["naam"]
    # No filter_horizontal: see GebruikerAdmin.


@admin.register(ApiToken)
class ApiTokenAdmin(GelabeldeDatumTijdMixin, admin.ModelAdmin):
    list_display = ["naam", "organisatie", "prefix", "verloopt_op", "ingetrokken", "laatst_gebruikt_op"]
    list_filter = ["organisatie", "ingetrokken"]
    readonly_fields = ["prefix", "aangemaakt_op", "laatst_gebruikt_op"]
    fields = [
        "naam",
        "organisatie",
        "scopes",
        "verloopt_op",
        "ingetrokken",
        "prefix",
        "aangemaakt_op",
        "laatst_gebruikt_op",
    ]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, sleutel = ApiToken.maak(organisatie=obj.organisatie, naam=obj.naam, scopes=obj.scopes)
        token.verloopt_op = obj.verloopt_op
        token.save(update_fields=["verloopt_op"])
        obj.pk = token.pk
        messages.warning(request, f"Bewaar deze sleutel nu; hij wordt niet nog eens getoond: {sleutel}")


def alleen_functioneel_beheer(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or (user.is_staff and user.heeft_rol(Rol.FUNCTIONEEL_BEHEER)))


admin.site.has_permission = alleen_functioneel_beheer
admin.site.site_header = "Geldzorgen Venlo – functioneel beheer"
admin.site.site_title = "Functioneel beheer"
admin.site.index_title = "Beheer"
