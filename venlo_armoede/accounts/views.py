from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from . import services
from .mixins import RolVereistMixin
from .models import Autorisatieverzoek, VerzoekStatus
from .roles import Rol


class InloggenView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


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
