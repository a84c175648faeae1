from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from .models import ApiToken, Organisatie, Stadsdeel, Team, User
from .roles import Rol


@admin.register(User)
class GebruikerAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["groups", "organisatie", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Organisatie", {"fields": ["organisatie"]}),)


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
    filter_horizontal = ["stadsdelen", "leden"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
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
