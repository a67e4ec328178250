"""The user a login token names, looked up on every authenticated request.

The plain Django way is `token_user_query(...).only(...).first()`: build a queryset,
compile it to SQL, run it. Building and compiling costs Django about 0.25 ms each time,
most of the work of a one-row lookup that every authenticated request makes. So the same
ORM query is compiled once per process (blogproj/compiled_query.py) and run with each
token's values. tests/test_fast_paths.py proves token_user() equal to the plain lookup.
"""

from django.db.models import Exists, QuerySet

from accounts.models import RevokedToken, User
from blogproj.compiled_query import CompiledQuery

# What the API reads of the token's user; any other field loads on first use. In the
# model's own field order, the order Model.from_db() takes values in.
TOKEN_USER_FIELDS = tuple(
    field.attname
    for field in User._meta.concrete_fields
    if field.attname in {"id", "username", "email", "image_file"}
)


def token_user_query(user_id: int, jti: str, version: int) -> QuerySet[User]:
    """The course's `select(User).where(User.id == user_id)`, plus the logout checks: the
    user is active, the token is of the user's current `token_version` (no password change
    or deactivation since) and was not revoked (no RevokedToken has its `jti`)."""
    return User.objects.filter(pk=user_id, is_active=True, token_version=version).filter(
        ~Exists(RevokedToken.objects.filter(jti=jti))
    )


TOKEN_USER = CompiledQuery(
    lambda user_id, jti, version: token_user_query(user_id, jti, version).values_list(
        *TOKEN_USER_FIELDS
    ),
    user_id=-7_000_001,
    jti="\x00the jti placeholder",
    version=1_999_999_937,  # within the field's range: Django drops an impossible lookup
)


def token_user(user_id: int, jti: str, version: int) -> User | None:
    """`token_user_query(user_id, jti, version).only(*TOKEN_USER_FIELDS).first()`,
    from the query compiled once: the active user the token names, or None."""
    using = User.objects.db
    rows = TOKEN_USER.rows(using, user_id=user_id, jti=jti, version=version)
    if not rows:
        return None
    user = User.from_db(using, TOKEN_USER_FIELDS, rows[0])
    # What the query asked for, known without reading it.
    user.is_active, user.token_version = True, version
    return user
