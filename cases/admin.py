from django.contrib import admin

from .models import Stadsdeel

# Only reference data here. Households, inwoners and incomes are personal data and deliberately not in
# the admin: they are reachable only through the audited case screens (ADR 0002).


@admin.register(Stadsdeel)
class StadsdeelAdmin(admin.ModelAdmin):
    list_display = ["naam"]
