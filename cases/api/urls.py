from rest_framework.routers import SimpleRouter

from .views import HuishoudenViewSet

router = SimpleRouter()
router.register("huishoudens", HuishoudenViewSet, basename="huishouden")

urlpatterns = router.urls
