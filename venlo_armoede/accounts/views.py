from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render


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
