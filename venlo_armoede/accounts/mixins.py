from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied


class RolVereistMixin(LoginRequiredMixin):
    """A page for some roles only. Anyone else signed in gets 403 (our Dutch 403 page)."""

    rollen: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.heeft_rol(*self.rollen):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
