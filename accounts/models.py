import unicodedata
from datetime import datetime
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, F
from django.utils import timezone

from blogproj.compiled_query import CompiledQuery


def fold(value: str) -> str:
    """The form two names are compared in: `Ñandú` and `ñandú`, `Straße` and `STRASSE` match.

    NFKC + casefold, Unicode's recommended caseless match. SQL's lower() folds
    only part of Unicode, so the folded value is computed here and stored.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())


def image_path(image_file: str | None) -> str:
    """Where a profile picture is served from (the default one until a user uploads one)."""
    if image_file:
        return f"/media/profile_pics/{image_file}"
    return "/static/profile_pics/default.jpg"


class UserQuerySet(models.QuerySet):
    def with_username(self, username: str):
        return self.filter(username_key=fold(username))

    def with_email(self, email: str):
        return self.filter(email_key=fold(email))

    # The folded keys follow their names on every write path, not only save().

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for user in objs:
            user.fill_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        for user in objs:
            user.fill_keys()
        return super().bulk_update(objs, with_keys(fields), *args, **kwargs)

    def update(self, **kwargs):
        if kwargs.get("is_active") is False:
            kwargs.setdefault("token_version", F("token_version") + 1)  # as save() does
        if isinstance(kwargs.get("email"), str):
            kwargs["email"] = kwargs["email"].lower()
        for name in ("username", "email"):
            if name not in kwargs or f"{name}_key" in kwargs:  # bulk_update sets both
                continue
            if not isinstance(kwargs[name], str):
                raise TypeError(f"update({name}=…) takes a string: its key is folded here")
            kwargs[f"{name}_key"] = fold(kwargs[name])
        return super().update(**kwargs)


def with_keys(fields) -> set[str]:
    """Field names to save, with the folded key of each name among them."""
    fields = set(fields)
    return fields | {f"{name}_key" for name in ("username", "email") if name in fields}


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Users log in by email; names are stored exactly as given (no NFKC rewrite)."""

    def _create_user_object(self, username, email, password, **extra_fields):
        user = self.model(username=username, email=email, **extra_fields)
        user.set_password(password)
        return user

    def get_by_natural_key(self, email):
        # Logging in (the API's token endpoint, the admin) matches the email case-insensitively.
        return self.get(email_key=fold(email))

    def by_token(self, user_id: int, jti: str, version: int) -> "User | None":
        """The active user a login token names, or None: the lookup behind every bearer
        token, with the token's revocation checked in the same query.

        None too when the token was revoked (logged out: a RevokedToken has its `jti`) or
        belongs to an older `token_version` of the user (before a password change or a
        deactivation). In the plain ORM it is TOKEN_USER's query below with `.only()` and
        `.first()`; TOKEN_USER is that query compiled once (blogproj/compiled_query.py),
        since every authenticated request makes it.
        """
        rows = TOKEN_USER.rows(self.db, user_id=user_id, jti=jti, version=version)
        if not rows:
            return None
        user = self.model.from_db(self.db, TOKEN_USER_FIELDS, rows[0])
        # What the query asked for, known without reading it.
        user.is_active, user.token_version = True, version
        return user


class User(AbstractUser):
    """A blog author. Logs in with email + password, like the FastAPI app's User."""

    # The tutorial allows any characters in a username, 1 to 50 of them.
    username = models.CharField(max_length=50)
    # Unique as Django requires of a login field; email_key is the stricter rule.
    email = models.EmailField(max_length=120, unique=True)
    # Profile pictures arrive later in the course: null for now, as in the API's JSON.
    image_file = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001

    # Folded copies of username and email that the database keeps unique, so that
    # two registrations racing each other cannot both win (see save_unique below).
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


# What the API reads of the token's user; any other field loads on first use. In the
# model's own field order, the order Model.from_db() takes values in.
TOKEN_USER_FIELDS = tuple(
    field.attname
    for field in User._meta.concrete_fields
    if field.attname in {"id", "username", "email", "image_file"}
)

TOKEN_USER = CompiledQuery(
    lambda user_id, jti, version: (
        User.objects.filter(pk=user_id, is_active=True, token_version=version)
        .filter(~Exists(RevokedToken.objects.filter(jti=jti)))
        .values_list(*TOKEN_USER_FIELDS)
    ),
    user_id=-7_000_001,
    jti="\x00the jti placeholder",
    version=1_999_999_937,  # within the field's range: Django drops an impossible lookup
)
