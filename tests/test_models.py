"""The models' own rules: folded uniqueness in the database, cascades, ordering."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Upper

from accounts.folding import fold
from accounts.models import User
from posts.models import Post
from tests.factories import make_post, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [("Ñandú", "ñandú"), ("Straße", "STRASSE"), ("Ｆull", "full"), ("ǅ", "ǆ"), ("ΣΑΣ", "σας")],
)
def test_fold_matches_names_a_person_would_call_the_same(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("field", "a", "b"),
    [("username", "Ñandú", "ñandú"), ("email", "straße@example.com", "STRASSE@example.com")],
)
def test_database_rejects_folded_duplicates(field, a, b):
    """The constraint itself, with no check in front of it (lower() alone misses ß)."""
    User.objects.create_user(**{"username": "first", "email": "first@example.com", field: a})

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(**{"username": "second", "email": "second@x.io", field: b})


def test_email_is_stored_lower_cased():
    assert make_user("x", email="MiXeD@Example.COM").email == "mixed@example.com"


def test_username_is_stored_as_given():
    assert make_user(" Ñandú ").username == " Ñandú "


def test_validate_unique_names_both_fields_username_first(user):
    duplicate = User(username="ALICE", email="Alice@example.com")

    with pytest.raises(ValidationError) as raised:
        duplicate.validate_unique()

    assert raised.value.messages == ["Username already exists", "Email already registered"]


def test_deleting_a_user_deletes_their_posts(user, other_user):
    make_post(user)
    kept = make_post(other_user)

    user.delete()

    assert list(Post.objects.all()) == [kept]


def test_posts_are_ordered_newest_first(user):
    first, second = make_post(user), make_post(user)

    assert list(Post.objects.all()) == [second, first]


def test_image_path_defaults_to_the_static_picture(user):
    assert user.image_path == "/static/profile_pics/default.jpg"


def test_str(user, post):
    assert (str(user), str(post)) == ("alice", "Alice's post")


def test_get_by_natural_key_matches_the_email_in_any_case(user):
    assert User.objects.get_by_natural_key("ALICE@EXAMPLE.COM") == user


def test_bulk_create_folds_the_keys(db):
    [user] = User.objects.bulk_create([User(username="Ñandú", email="NANDU@Example.com")])

    user.refresh_from_db()
    assert (user.email, user.username_key, user.email_key) == (
        "nandu@example.com",
        "ñandú",
        "nandu@example.com",
    )


def test_bulk_update_and_update_keep_the_keys_in_step(user):
    user.username = "ALICIA"
    User.objects.bulk_update([user], ["username"])
    User.objects.filter(pk=user.pk).update(email="Alicia@Example.com")

    user.refresh_from_db()
    assert (user.username_key, user.email, user.email_key) == (
        "alicia",
        "alicia@example.com",
        "alicia@example.com",
    )


def test_update_refuses_a_name_it_cannot_fold(user):
    with pytest.raises(TypeError, match="folded"):
        User.objects.filter(pk=user.pk).update(username=Upper("username"))


@pytest.mark.parametrize("key", ["username_key", "email_key"])
def test_the_database_refuses_an_empty_key(user, key):
    # Past every Python write path: what a raw write that forgot the keys would do.
    with pytest.raises(IntegrityError), transaction.atomic():
        QuerySet(User).filter(pk=user.pk).update(**{key: ""})
