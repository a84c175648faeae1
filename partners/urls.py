from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("partner/", views.PortaalView.as_view(), name="portaal"),
    path("partner/signaal/", views.SignaalNieuwView.as_view(), name="signaal-nieuw"),
    path("partner/wijk/", views.WijksignaalNieuwView.as_view(), name="wijksignaal-nieuw"),
    # The midoffice works the vroegsignalen among its other work (/werk/).
    path("werk/vroegsignalen/", views.VroegsignalenView.as_view(), name="vroegsignalen"),
    path("werk/vroegsignalen/<int:pk>/", views.VroegsignaalView.as_view(), name="vroegsignaal"),
    path("partner/doorverwijzingen/<int:pk>/", views.PartnerDoorverwijzingView.as_view(), name="doorverwijzing"),
    path("partner/diensten/<int:pk>/capaciteit/", views.CapaciteitView.as_view(), name="capaciteit"),
    path("werk/casussen/<int:pk>/toestemming/", views.ToestemmingView.as_view(), name="toestemming-nieuw"),
    path(
        "werk/casussen/<int:pk>/toestemming/<int:toestemming>/intrekken/",
        views.ToestemmingIntrekkenView.as_view(),
        name="toestemming-intrekken",
    ),
    path("werk/casussen/<int:pk>/doorverwijzen/", views.DoorverwijzenView.as_view(), name="doorverwijzen"),
]
