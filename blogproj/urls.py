from django.contrib import admin
from django.urls import include, path

from blogproj.api import api
from blogproj.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("posts.urls")),
    path("", include("accounts.urls")),
]
