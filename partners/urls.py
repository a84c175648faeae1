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
]
