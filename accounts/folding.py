"""Names compared the way people read them: `Ñandú` is `ñandú`, `Straße` is `STRASSE`.

The plain Django way would be a unique constraint on `Lower("username")` and lookups with
`username__iexact`. Neither is enough: SQLite's lower() folds only ASCII letters (`Ñ`
stays `Ñ`), and PostgreSQL's lower() neither casefolds (`ß` is not `ss`) nor normalizes
(`ﬁ` is not `fi`). So each name's folded form (NFKC + casefold, Unicode's recommended
caseless match) is computed here, in Python, and stored in a column of its own that the
database keeps unique (User.username_key, User.email_key).

A stored copy must follow its name on every write. save() does it (User.fill_keys), but
bulk_create(), bulk_update() and update() skip save(): the queryset below fills the keys
on those paths too. tests/test_models.py writes each way.
"""

import unicodedata

from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import F


def fold(value: str) -> str:
    """The form two names are compared in (NFKC + casefold)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())


def with_keys(fields) -> set[str]:
    """Field names to save, with the folded key of each name among them."""
    fields = set(fields)
    return fields | {f"{name}_key" for name in ("username", "email") if name in fields}


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


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    """Users log in by email; names are stored exactly as given (no NFKC rewrite)."""

    def _create_user_object(self, username, email, password, **extra_fields):
        user = self.model(username=username, email=email, **extra_fields)
        user.set_password(password)
        return user

    def get_by_natural_key(self, email):
        # Logging in (the API's token endpoint, the admin) matches the email case-insensitively.
        return self.get(email_key=fold(email))
