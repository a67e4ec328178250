from django.contrib import admin
from django.urls import include, path

from blogproj.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("posts.urls")),
    path("", include("accounts.urls")),
]
