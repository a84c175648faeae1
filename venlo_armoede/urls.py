from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path
from django.views.generic import RedirectView

from venlo_armoede.accounts import views as accounts_views

from . import views

urlpatterns = [
    path("", accounts_views.start, name="start"),
    path("inloggen/", accounts_views.InloggenView.as_view(), name="login"),
    path("inloggen/code/", accounts_views.tweede_stap_view, name="tweede_stap"),
    path("inloggen/app-koppelen/", accounts_views.tweede_stap_instellen_view, name="tweede_stap_instellen"),
    path("inloggen/herstelcodes/", accounts_views.herstelcodes_view, name="tweede_stap_herstelcodes"),
    path("uitloggen/", LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    path("werk/niet-gebruik/", include("regelingen.urls_werk")),
    path("werk/team/", include("monitoring.urls_team")),
    path("werk/huishoudens/<int:pk>/aanvragen/", include("regelingen.urls_aanvragen")),
    path("werk/", include("cases.urls")),
    path("", include("partners.urls")),  # /partner/ and the casus-side pages under /werk/casussen/
    path("geldzorgen/", include("partners.urls_kaart")),
    path("check-je-recht/", include("regelingen.urls_publiek")),
    path("beleid/scenario/", include("regelingen.urls_beleid")),
    path("beleid/", include("monitoring.urls")),
    # One login for everyone, with the code step: the admin's own login form would skip it.
    path("beheer/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("beheer/regels/", include("regelingen.urls_beheer")),
    path("beheer/", admin.site.urls),
    path("autorisaties/", include("venlo_armoede.accounts.urls")),
    path("privacy/", include("venlo_armoede.accounts.urls_privacy")),
    path("api/v1/", include("venlo_armoede.api.urls")),
]

handler400 = "venlo_armoede.views.fout_400"
handler403 = "venlo_armoede.views.fout_403"
handler404 = "venlo_armoede.views.fout_404"
handler500 = "venlo_armoede.views.fout_500"
