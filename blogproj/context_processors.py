"""What every page's template needs beyond its view's context."""

from accounts.schemas import UserCreate
from posts.schemas import PostCreate


def _form_limits() -> dict:
    """The limits the API's schemas enforce, for the forms' maxlength/minlength: the
    browser stops the typing where the API would answer 422, with no number retyped."""
    user = UserCreate.model_json_schema()["properties"]
    post = PostCreate.model_json_schema()["properties"]
    return {
        "title_max": post["title"]["maxLength"],
        "username_max": user["username"]["maxLength"],
        "email_max": user["email"]["maxLength"],
        "password_min": user["password"]["minLength"],
    }


FORM_LIMITS = _form_limits()


def form_limits(request):
    return {"limits": FORM_LIMITS}
