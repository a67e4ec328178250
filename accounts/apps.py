from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        # Connects the failed-login counter to Django's user_login_failed signal, for the
        # API and the admin alike, before the first request.
        from accounts import throttling  # noqa: F401
