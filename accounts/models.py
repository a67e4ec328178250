import unicodedata

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import connections, models


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


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Users log in by email; names are stored exactly as given (no NFKC rewrite)."""

    def _create_user_object(self, username, email, password, **extra_fields):
        user = self.model(username=username, email=email, **extra_fields)
        user.set_password(password)
        return user

    def get_by_natural_key(self, email):
        # Logging in (the API's token endpoint, the admin) matches the email case-insensitively.
        return self.get(email_key=fold(email))

    # What the API reads of the token's user; any other field loads on first use.
    TOKEN_USER_FIELDS = ("id", "username", "email", "image_file")

    def active_by_id(self, user_id: int) -> "User | None":
        """The active user with this id, or None: the lookup behind every bearer token.

        It runs on every authenticated request, so it is written as the one SQL
        statement it is: building that statement with the ORM takes several times
        longer than running it (docs/performance.md). The result is an ordinary User
        instance, its other fields deferred, as `.only(*TOKEN_USER_FIELDS)` gives.
        """
        columns = ", ".join(self.TOKEN_USER_FIELDS)
        sql = f"SELECT {columns} FROM {self.model._meta.db_table} WHERE id = %s AND is_active"
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        return self.model.from_db(self.db, self.TOKEN_USER_FIELDS, row) if row else None


class User(AbstractUser):
    """A blog author. Logs in with email + password, like the FastAPI app's User."""

    # The tutorial allows any characters in a username, 1 to 50 of them.
    username = models.CharField(max_length=50)
    # Unique as Django requires of a login field; email_key is the stricter rule.
    email = models.EmailField(max_length=120, unique=True)
    # Profile pictures arrive later in the course: null for now, as in the API's JSON.
    image_file = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001

    # Folded copies of username and email that the database keeps unique, so that
    # two registrations racing each other cannot both win (see save_user in accounts/api.py).
    username_key = models.TextField(editable=False)
    email_key = models.TextField(editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username_key"], name="unique_username_folded"),
            models.UniqueConstraint(fields=["email_key"], name="unique_email_folded"),
        ]

    def __str__(self):
        return self.username

    @property
    def image_path(self) -> str:
        return image_path(self.image_file)

    def fill_keys(self):
        """Lower-case the email and fold the keys: save() calls it, bulk_create() does not."""
        self.email = self.email.lower()
        self.username_key = fold(self.username)
        self.email_key = fold(self.email)

    def save(self, *args, **kwargs):
        self.fill_keys()
        if (fields := kwargs.get("update_fields")) is not None:
            # A saved name takes its folded key along.
            keys = {f"{name}_key" for name in ("username", "email") if name in fields}
            kwargs["update_fields"] = {*fields, *keys}
        super().save(*args, **kwargs)

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
