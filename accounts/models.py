from datetime import datetime
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.folding import UserManager, fold, with_keys


class User(AbstractUser):
    """A blog author. Logs in with email + password, like the FastAPI app's User."""

    # The tutorial allows any characters in a username, 1 to 50 of them.
    username = models.CharField(max_length=50)
    # Unique as Django requires of a login field; email_key is the stricter rule.
    email = models.EmailField(max_length=120, unique=True)
    # Profile pictures arrive later in the course: null for now, as in the API's JSON.
    image_file = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001

    # Folded copies of username and email that the database keeps unique, so that
    # two registrations racing each other cannot both win (accounts/folding.py says why
    # the folding happens here and not in SQL; see save_unique below).
    username_key = models.TextField(editable=False)
    email_key = models.TextField(editable=False)

    # Each login token carries the version it was issued under; a password change or a
    # deactivation moves it on, and every older token is refused (accounts/auth.py).
    token_version = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username_key"], name="unique_username_folded"),
            models.UniqueConstraint(fields=["email_key"], name="unique_email_folded"),
            # A write that forgot the keys fails here instead of storing an empty one.
            models.CheckConstraint(
                condition=~models.Q(username_key=""), name="username_key_not_empty"
            ),
            models.CheckConstraint(condition=~models.Q(email_key=""), name="email_key_not_empty"),
        ]

    def __str__(self):
        return self.username

    @property
    def image_path(self) -> str:
        return image_path(self.image_file)

    def fill_keys(self):
        """Lower-case the email and fold the keys (save() and bulk writes call it)."""
        self.email = self.email.lower()
        self.username_key = fold(self.username)
        self.email_key = fold(self.email)

    def save(self, *args, **kwargs):
        self.fill_keys()
        # A new password (Django marks one set with set_password(), not a stronger hash of
        # the same one made at login) or a deactivation logs the user out everywhere: every
        # older token is refused, and stays refused after a reactivation.
        logs_out = getattr(self, "_password", None) is not None or not self.is_active
        if logs_out and not self._state.adding:
            self.token_version += 1
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = with_keys(fields)  # a saved name takes its key along
            if logs_out:
                kwargs["update_fields"].add("token_version")
        super().save(*args, **kwargs)

    def save_unique(self, update_fields: list[str] | None = None) -> None:
        """save() (all fields, or `update_fields`), refusing a username or email that someone
        else holds in any letter case: ValidationError, naming the username first.

        The check comes first and names the field; the unique constraints catch a
        concurrent request that takes the name between the check and the save, and the
        second check then names the field it took. Either way the API answers 400.
        """
        if update_fields == []:
            return  # nothing to change
        # Only the names being changed are checked (changing your own letter case is fine).
        unchanged = {"username", "email"} - set(update_fields or ("username", "email"))
        try:
            self.validate_unique(exclude=unchanged)
            with transaction.atomic():
                self.save(update_fields=update_fields)
        except IntegrityError:
            self.validate_unique(exclude=unchanged)
            raise

    def validate_unique(self, exclude=None):
        """Reject a username or email that someone else holds in any letter case.

        Model forms (the admin) and the API both come through here; the
        database constraints catch whatever slips past between check and save.
        """
        others = User.objects.exclude(pk=self.pk)
        errors = {}
        if "username" not in (exclude or ()) and others.with_username(self.username).exists():
            errors["username"] = "Username already exists"
        if "email" not in (exclude or ()) and others.with_email(self.email).exists():
            errors["email"] = "Email already registered"
        if errors:
            raise ValidationError(errors)
        # The folded check above already covers the email field's own unique=True.
        super().validate_unique(exclude={*(exclude or ()), "email"})


def image_path(image_file: str | None) -> str:
    """Where a profile picture is served from (the default one until a user uploads one):
    User.image_path, and the author of a post read as a row (posts/reads.py)."""
    if image_file:
        return f"/media/profile_pics/{image_file}"
    return "/static/profile_pics/default.jpg"


class RevokedToken(models.Model):
    """A login token ended before its time: logged out (POST /api/users/logout).

    Kept until the token would have expired anyway; each logout prunes the expired ones,
    so the table holds at most the tokens revoked in the last token lifetime.
    """

    jti = models.CharField(max_length=64, primary_key=True)  # the token's unique id
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.jti

    @staticmethod
    def revoke(jti: str, expires_at: datetime) -> None:
        # A second logout racing the first one inserts nothing and fails nothing.
        revoked = RevokedToken(jti=jti, expires_at=expires_at)
        RevokedToken.objects.bulk_create([revoked], ignore_conflicts=True)
        RevokedToken.objects.filter(expires_at__lt=timezone.now()).delete()
