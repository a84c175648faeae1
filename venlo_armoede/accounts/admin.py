from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied
from django.utils.text import capfirst

from . import services
from .logboek import als_gebruiker, namens
from .models import (
    PERSOONSGEGEVENS_SCOPES,
    ApiToken,
    Autorisatieverzoek,
    Beheerlogboek,
    Organisatie,
    Scope,
    Stadsdeel,
    Team,
    User,
)
from .roles import Rol, vraagt_vier_ogen

REDEN_HULP = (
    "Nodig als u een rol of recht aanvraagt dat toegang geeft tot persoonsgegevens of beheer. "
    "Een autorisatiebeheerder leest deze reden."
)


class GebruikerForm(UserChangeForm):
    """The user form of functioneel beheer: no superuser, staff, group or permission fields. Roles are
    a plain choice; guarded roles become a request for a second person instead of being given."""

    rollen = forms.MultipleChoiceField(
        label="Rollen",
        choices=Rol.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Klantadviseur, midoffice, kwaliteitsfunctionaris, functioneel beheer en autorisatiebeheerder "
        "geeft u niet zelf: als u ze aanvinkt, vraagt u ze aan. Een autorisatiebeheerder beslist.",
    )
    reden = forms.CharField(
        label="Reden", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=REDEN_HULP
    )

    class Meta(UserChangeForm.Meta):
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active", "organisatie"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.huidige_rollen = set(self.instance.groups.values_list("name", flat=True)) if self.instance.pk else set()
        self.fields["rollen"].initial = sorted(self.huidige_rollen)

    def clean(self):
        data = super().clean()
        bewaakt = [r for r in set(data.get("rollen") or []) - self.huidige_rollen if vraagt_vier_ogen(r)]
        if bewaakt and not (data.get("reden") or "").strip():
            self.add_error("reden", "Geef een reden op. U vraagt een rol aan die een tweede persoon moet goedkeuren.")
        return data


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
    form = GebruikerForm
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["groups", "organisatie", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoonlijke gegevens", {"fields": ("first_name", "last_name", "email")}),
        ("Toegang", {"fields": ("is_active", "rollen", "reden", "is_staff", "is_superuser")}),
        ("Organisatie", {"fields": ["organisatie"]}),
        ("Belangrijke datums", {"fields": ("last_login", "date_joined")}),
    )
    # Staff follows the role functioneel beheer; superusers are made by the operator only.
    readonly_fields = ["is_staff", "is_superuser", "last_login", "date_joined"]
    # Plain labelled multi-selects: Django's two-box filter widget (SelectFilter2.js) puts an aria-label on
    # a <span> without a role, which axe reports as serious (aria-prohibited-attr).
    filter_horizontal = ()

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the logs keep pointing at a user that still exists

    def save_model(self, request, obj, form, change):
        with namens(als_gebruiker(request.user, (form.cleaned_data.get("reden") or "").strip())):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "rollen" not in form.cleaned_data:
            return  # the add form has no roles
        gebruiker = form.instance
        reden = (form.cleaned_data.get("reden") or "").strip()
        gewenst = set(form.cleaned_data["rollen"])
        huidig = set(gebruiker.groups.values_list("name", flat=True))
        try:
            for rol in sorted(huidig - gewenst):
                services.neem_rol_af(gebruiker=gebruiker, rol=rol, door=request.user, reden=reden)
            for rol in sorted(gewenst - huidig):
                if vraagt_vier_ogen(rol):
                    services.vraag_rol_aan(gebruiker=gebruiker, rol=rol, door=request.user, reden=reden)
                    messages.info(
                        request,
                        f"De rol {Rol(rol).label} is aangevraagd. Een autorisatiebeheerder beoordeelt het verzoek.",
                    )
                else:
                    services.ken_rol_toe(gebruiker=gebruiker, rol=rol, door=request.user, reden=reden)
        except services.Geweigerd as fout:
            messages.warning(request, str(fout))

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password is logging in as them: not for accounts with guarded roles.
        gebruiker = self.get_object(request, unquote(id))
        if (
            gebruiker is not None
            and gebruiker.pk != request.user.pk
            and not request.user.is_superuser
            and (gebruiker.is_superuser or any(vraagt_vier_ogen(r) for r in gebruiker.rollen))
        ):
            raise PermissionDenied
        with namens(als_gebruiker(request.user, "wachtwoord ingesteld in beheer")):
            return super().user_change_password(request, id, form_url)


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label="Rechten",
        choices=Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Rechten met persoonsgegevens ("
        + ", ".join(sorted(PERSOONSGEGEVENS_SCOPES))
        + ") vraagt u aan. Een autorisatiebeheerder beslist. De andere rechten gelden meteen.",
    )
    reden = forms.CharField(
        label="Reden", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text=REDEN_HULP
    )

    class Meta:
        model = ApiToken
        fields = ["naam", "organisatie", "scopes", "verloopt_op", "ingetrokken"]

    def clean(self):
        data = super().clean()
        huidig = set(self.instance.scopes or []) if self.instance.pk else set()
        nieuw_bewaakt = (set(data.get("scopes") or []) & PERSOONSGEGEVENS_SCOPES) - huidig
        if nieuw_bewaakt and not (data.get("reden") or "").strip():
            self.add_error("reden", "Geef een reden op. U vraagt een recht met persoonsgegevens aan.")
        return data


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
    form = ApiTokenForm
    list_display = ["naam", "organisatie", "prefix", "verloopt_op", "ingetrokken", "laatst_gebruikt_op"]
    list_filter = ["organisatie", "ingetrokken"]
    readonly_fields = ["prefix", "aangemaakt_op", "laatst_gebruikt_op"]
    fields = [
        "naam",
        "organisatie",
        "scopes",
        "reden",
        "verloopt_op",
        "ingetrokken",
        "prefix",
        "aangemaakt_op",
        "laatst_gebruikt_op",
    ]
    actions = ["intrekken"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a token to another organisation would hand its rights to that organisation.
        return [*self.readonly_fields, "organisatie"] if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead, so the log and the prefix stay traceable

    def _verzoeken_melden(self, request, verzoeken):
        for verzoek in verzoeken:
            messages.info(
                request, f"Het recht {verzoek.scope} is aangevraagd. Een autorisatiebeheerder beoordeelt het verzoek."
            )

    def save_model(self, request, obj, form, change):
        reden = (form.cleaned_data.get("reden") or "").strip()
        if not change:
            token, sleutel, verzoeken = services.maak_token(
                organisatie=obj.organisatie,
                naam=obj.naam,
                scopes=obj.scopes,
                door=request.user,
                reden=reden,
                verloopt_op=obj.verloopt_op,
            )
            obj.pk = token.pk
            messages.warning(request, f"Bewaar deze sleutel nu; hij wordt niet nog eens getoond: {sleutel}")
            self._verzoeken_melden(request, verzoeken)
            return
        gevraagd = obj.scopes
        obj.scopes = ApiToken.objects.get(pk=obj.pk).scopes  # scopes change only through the service
        with namens(als_gebruiker(request.user, reden)):
            super().save_model(request, obj, form, change)
        try:
            verzoeken = services.wijzig_token_scopes(token=obj, scopes=gevraagd, door=request.user, reden=reden)
        except services.Geweigerd as fout:
            messages.warning(request, str(fout))
        else:
            self._verzoeken_melden(request, verzoeken)

    @admin.action(description="Geselecteerde tokens intrekken")
    def intrekken(self, request, queryset):
        for token in queryset.filter(ingetrokken=False):
            services.trek_token_in(token=token, door=request.user, reden="ingetrokken in beheer")
        messages.success(request, "De tokens zijn ingetrokken.")


class AlleenLezenAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Autorisatieverzoek)
class AutorisatieverzoekAdmin(AlleenLezenAdmin):
    list_display = ["__str__", "status", "aangevraagd_door", "aangevraagd_op", "beoordeeld_door", "beoordeeld_op"]
    list_filter = ["status", "rol", "scope"]


@admin.register(Beheerlogboek)
class BeheerlogboekAdmin(AlleenLezenAdmin):
    list_display = ["tijdstip", "actor_naam", "actor_soort", "actie", "object_soort", "object_naam"]
    list_filter = ["actie", "object_soort", "actor_soort"]
    search_fields = ["object_naam", "actor_naam"]


def alleen_functioneel_beheer(request) -> bool:
    return services.mag_beheren(request.user)


admin.site.has_permission = alleen_functioneel_beheer
admin.site.site_header = "Geldzorgen Venlo – functioneel beheer"
admin.site.site_title = "Functioneel beheer"
admin.site.index_title = "Beheer"
