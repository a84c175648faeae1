from django.contrib import admin

from .models import Organisatie


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "koepel", "actief"]
    list_filter = ["soort", "actief"]
    search_fields = ["naam", "dienstverlening"]
