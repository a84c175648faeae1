import logging
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from . import services, tweede_stap
from .middleware import WACHTWOORD_OK_SINDS, verlopen
from .mixins import RolVereistMixin
from .models import Autorisatieverzoek, VerzoekStatus
from .roles import Rol

HERSTELCODES_TONEN = "tweede_stap_herstelcodes"
# Failed and blocked code steps go to the application log (user id and address, never the code).
log = logging.getLogger("venlo_armoede.accounts.tweede_stap")


class InloggenView(LoginView):
    """Step 1: username and password (django-axes counts failures). It sends the user on as before; the
    TweedeStapVerplicht middleware then stops them at step 2, the code, until they pass it."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        antwoord = super().form_valid(form)
        self.request.session[WACHTWOORD_OK_SINDS] = timezone.now().isoformat()
        return antwoord

    def dispatch(self, request, *args, **kwargs):
        # Someone stuck in the code step may come back here to start over.
        if request.user.is_authenticated and not request.user.is_verified():
            logout(request)
        return super().dispatch(request, *args, **kwargs)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        help_text=gettext_lazy("De 6 cijfers uit uw app. Of een herstelcode als u uw telefoon niet heeft."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off", "spellcheck": "false"}
        ),
        error_messages={"required": gettext_lazy("Vul de code in.")},
    )


def _volgende(request) -> str:
    volgende = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return volgende
    return reverse("start")


def _na_verlopen(request):
    logout(request)
    messages.warning(request, _("Het inloggen duurde te lang. Log opnieuw in."))
    return redirect("login")


def _geblokkeerd(request, tot):
    log.warning("code step blocked for user %s from %s", request.user.pk, request.META.get("REMOTE_ADDR"))
    logout(request)
    return render(
        request,
        "registration/code_geblokkeerd.html",
        {"tot": timezone.localtime(tot)},
        status=403,
    )


def _ingelogd(request, apparaat):
    """The code step passed: mark the session verified, with a new session key (no fixation)."""
    request.session.cycle_key()
    otp_login(request, apparaat)
    request.session.pop(WACHTWOORD_OK_SINDS, None)


@never_cache
@sensitive_post_parameters("code")
def tweede_stap_view(request):
    """Step 2: the code from the authenticator app, or a recovery code."""
    gebruiker = request.user
    if not gebruiker.is_authenticated:
        return redirect("login")
    if gebruiker.is_verified():
        return redirect(_volgende(request))
    if not tweede_stap.heeft_apparaat(gebruiker):
        return redirect(f"{reverse('tweede_stap_instellen')}?{urlencode({'next': _volgende(request)})}")
    if verlopen(request):
        return _na_verlopen(request)
    tot = tweede_stap.geblokkeerd_tot(gebruiker)
    if tot is not None:
        return _geblokkeerd(request, tot)

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        apparaat = tweede_stap.controleer_code(gebruiker, form.cleaned_data["code"])
        if apparaat is not None:
            _ingelogd(request, apparaat)
            if apparaat.name == tweede_stap.HERSTEL_NAAM:
                messages.warning(
                    request,
                    _("U heeft een herstelcode gebruikt. Die werkt nu niet meer. U heeft nog %(aantal)s herstelcodes.")
                    % {"aantal": tweede_stap.aantal_herstelcodes(gebruiker)},
                )
            return redirect(_volgende(request))
        tot = tweede_stap.geblokkeerd_tot(gebruiker)
        if tot is not None:
            return _geblokkeerd(request, tot)
        log.warning("wrong code for user %s from %s", gebruiker.pk, request.META.get("REMOTE_ADDR"))
        form.add_error("code", _("Deze code klopt niet. Een code werkt maar één keer. Wacht op een nieuwe code."))
    return render(request, "registration/code.html", {"form": form, "next": _volgende(request)})


@never_cache
@sensitive_post_parameters("code")
def tweede_stap_instellen_view(request):
    """First login: link an authenticator app. Shows a QR code and the key, then asks for one code."""
    gebruiker = request.user
    if not gebruiker.is_authenticated:
        return redirect("login")
    if tweede_stap.heeft_apparaat(gebruiker):
        # Adding a second device needs the first one: not through this page.
        return redirect(f"{reverse('tweede_stap')}?{urlencode({'next': _volgende(request)})}")
    if verlopen(request):
        return _na_verlopen(request)

    apparaat = tweede_stap.nieuw_apparaat(gebruiker)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = _("De 6 cijfers die uw app nu laat zien.")
    if request.method == "POST" and form.is_valid():
        if tweede_stap.bevestig_apparaat(apparaat, "".join(form.cleaned_data["code"].split())):
            codes = tweede_stap.maak_herstelcodes(gebruiker)
            _ingelogd(request, apparaat)
            request.session[HERSTELCODES_TONEN] = codes
            return redirect(f"{reverse('tweede_stap_herstelcodes')}?{urlencode({'next': _volgende(request)})}")
        form.add_error(
            "code", _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en probeer het opnieuw.")
        )
    context = {
        "form": form,
        "next": _volgende(request),
        "qr": tweede_stap.qr_svg(apparaat),
        "sleutel": tweede_stap.sleutel_base32(apparaat),
        "otpauth_uri": apparaat.config_url,
    }
    return render(request, "registration/code_instellen.html", context)


@never_cache
@login_required
def herstelcodes_view(request):
    """The recovery codes, shown once, right after setting up."""
    codes = request.session.pop(HERSTELCODES_TONEN, None)
    if not codes:
        return redirect(_volgende(request))
    return render(request, "registration/herstelcodes.html", {"codes": codes, "next": _volgende(request)})


@login_required
def start(request):
    """Send every user to the start page of their role."""
    naam = request.user.startpagina()
    if naam is None:
        return render(request, "accounts/geen_rol.html", status=403)
    return redirect(naam)


class BeoordeelForm(forms.Form):
    besluit = forms.ChoiceField(choices=[("goedkeuren", "Goedkeuren"), ("afwijzen", "Afwijzen")])
    toelichting = forms.CharField(required=False, max_length=2000)


class AutorisatiesView(RolVereistMixin, View):
    """The autorisatiebeheerder's list of open requests, each with approve and reject (vier ogen)."""

    rollen = (Rol.AUTORISATIEBEHEERDER,)

    def get(self, request, pk=None):
        if pk is not None:
            return redirect("accounts:autorisaties")
        basis = Autorisatieverzoek.objects.select_related("gebruiker", "token__organisatie", "aangevraagd_door")
        return render(
            request,
            "accounts/autorisaties.html",
            {
                "open_verzoeken": basis.filter(status=VerzoekStatus.OPEN).order_by("aangevraagd_op", "id"),
                "beoordeeld": basis.exclude(status=VerzoekStatus.OPEN)
                .select_related("beoordeeld_door")
                .order_by("-beoordeeld_op", "-id")[:20],
            },
        )

    def post(self, request, pk):
        verzoek = get_object_or_404(Autorisatieverzoek, pk=pk)
        form = BeoordeelForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Kies goedkeuren of afwijzen.")
            return redirect("accounts:autorisaties")
        goedkeuren = form.cleaned_data["besluit"] == "goedkeuren"
        beoordeel = services.keur_goed if goedkeuren else services.wijs_af
        try:
            beoordeel(verzoek=verzoek, door=request.user, toelichting=form.cleaned_data["toelichting"])
        except services.Geweigerd as fout:
            messages.error(request, str(fout))
        else:
            besluit = "goedgekeurd" if goedkeuren else "afgewezen"
            messages.success(request, f"U heeft het verzoek {besluit}: {verzoek}.")
        return redirect("accounts:autorisaties")
