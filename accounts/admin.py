import math

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Count

from accounts.models import User
from accounts.throttling import failed_login_throttle


class ThrottledAdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, behind the same failed-login limit as the API's token
    endpoint: a staff account is the most valuable one to guess. The try is counted
    here, before the password is checked; a right one gives it back."""

    def clean(self):
        throttle = failed_login_throttle
        if self.request is not None and not throttle.allow_request(self.request):
            seconds = math.ceil(throttle.wait() or throttle.duration or 60)
            raise ValidationError(
                f"Too many failed logins from your address. Wait {seconds} seconds, "
                "then try again.",
                code="throttled",
            )
        return super().clean()


admin.site.login_form = ThrottledAdminLoginForm


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "username")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("username", "email", "post_count", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("username", "email")
    ordering = ("-date_joined",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("username", "image_file")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "username", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(post_count=Count("posts"))

    @admin.display(description="Posts", ordering="post_count")
    def post_count(self, user):
        return user.post_count
