from rest_framework.routers import SimpleRouter

from .casussen import CasusViewSet
from .views import HuishoudenViewSet

router = SimpleRouter()
router.register("huishoudens", HuishoudenViewSet, basename="huishouden")
router.register("casussen", CasusViewSet, basename="casus")

urlpatterns = router.urls
