from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from bombaram.registry.urls import api_urlpatterns as registry_api
from bombaram.valuation import urls as valuation_urls
from bombaram.web import views as web_views
from bombaram.web.login_throttle import (
    ThrottledAdminAuthenticationForm,
    ThrottledAuthenticationForm,
)

admin.site.site_header = _("bombaram back office")
admin.site.site_title = _("bombaram")
admin.site.index_title = _("Back office")
admin.site.login_form = ThrottledAdminAuthenticationForm

handler403 = "bombaram.web.views.permission_denied"
handler404 = "bombaram.web.views.page_not_found"
handler500 = "bombaram.web.views.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include(registry_api)),
]
urlpatterns += i18n_patterns(
    path("", web_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(
        redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisations/", include("bombaram.registry.urls")),
    path("statistics/", include("bombaram.ecosystem.urls")),
    path("purchase/", include("bombaram.procurement.urls")),
    path("programmes/", include("bombaram.programmes.urls")),
    path("valuation/", include("bombaram.valuation.urls")),
    path("delphi/", include(valuation_urls.questionnaire_urlpatterns)),
    path("cooperatives/", include("bombaram.cooperatives.urls")),
    path("market/", include("bombaram.market.urls")),
    path("jobs/", include("bombaram.jobs.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
