from django.contrib import admin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """Read-only: the log can be searched, never edited or emptied."""

    list_display = ["start_tijd", "actor_naam", "actie", "verwerkingsactiviteit", "betrokkene_type", "resultaat"]
    list_filter = ["actie", "verwerkingsactiviteit", "resultaat", "actor_soort"]
    search_fields = ["=betrokkene_id", "=trace_id", "actor_naam"]
    date_hierarchy = "start_tijd"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
