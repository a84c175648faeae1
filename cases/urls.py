from django.urls import path

from . import views, views_aanmelding, views_dossier, views_kenmerken, views_maatwerk

app_name = "cases"
urlpatterns = [
    path("", views.WerkView.as_view(), name="werk"),
    path("triage/", views_aanmelding.TriageView.as_view(), name="triage"),
    path("aanmelden/", views_aanmelding.AanmeldenView.as_view(), name="aanmelden"),
    path(
        "huishoudens/<int:pk>/aanmelden/",
        views_aanmelding.HuishoudenAanmeldenView.as_view(),
        name="huishouden-aanmelden",
    ),
    path("casussen/<int:pk>/toewijzen/", views_aanmelding.ToewijzenView.as_view(), name="toewijzen"),
    path("maatwerk/", views_maatwerk.MaatwerkLijstView.as_view(), name="maatwerk"),
    path("maatwerk/<int:pk>/besluit/", views_maatwerk.MaatwerkBesluitView.as_view(), name="maatwerk-besluit"),
    path("casussen/<int:pk>/maatwerk/", views_maatwerk.MaatwerkNieuwView.as_view(), name="maatwerk-nieuw"),
    path("casussen/<int:pk>/nazorg/", views_maatwerk.NazorgView.as_view(), name="nazorg"),
    path("casussen/<int:pk>/schulden/", views_dossier.SchuldenView.as_view(), name="schulden"),
    path("casussen/<int:pk>/schulden/<int:schuld>/", views_dossier.SchuldWijzigView.as_view(), name="schuld-wijzigen"),
    path("casussen/<int:pk>/screening/", views_dossier.ScreeningView.as_view(), name="screening"),
    path("casussen/<int:pk>/notities/", views_dossier.NotitiesView.as_view(), name="notities"),
    path("casussen/<int:pk>/routekaart/", views_dossier.RoutekaartView.as_view(), name="routekaart"),
    path("bewind/", views_dossier.BewindLijstView.as_view(), name="bewind"),
    path("inwoners/<int:pk>/bewind/", views_dossier.BewindView.as_view(), name="bewind-inwoner"),
    path("huishoudens/nieuw/", views.HuishoudenNieuwView.as_view(), name="huishouden-nieuw"),
    path("casussen/<int:pk>/", views.CasusView.as_view(), name="casus"),
    path("inwoners/<int:pk>/", views.InwonerDetailView.as_view(), name="inwoner"),
    path("zoeken/", views.ZoekView.as_view(), name="zoeken"),
    path("huishoudens/<int:pk>/", views.HuishoudenDetailView.as_view(), name="huishouden"),
    path("inwoners/<int:pk>/kenmerken/", views_kenmerken.KenmerkenView.as_view(), name="inwoner-kenmerken"),
    path(
        "huishoudens/<int:pk>/kenmerken/",
        views_kenmerken.HuishoudenKenmerkenView.as_view(),
        name="huishouden-kenmerken",
    ),
    path("inwoners/<int:pk>/reden/", views.DoorbraakView.as_view(), name="doorbraak"),
]
