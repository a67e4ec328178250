"""The NinjaAPI: FastAPI's `app = FastAPI()` in main.py, and its `include_router` calls."""

from ninja import NinjaAPI

from accounts.api import router as users_router
from blogproj import error_responses, exception_handlers
from blogproj.parsers import JSONParser
from blogproj.renderers import ORJSONRenderer
from posts.api import router as posts_router

api = NinjaAPI(
    title="Blog API",
    version="1.0.0",
    description="The FastAPI course's blog, built with Django + Django Ninja.",
    urls_namespace="api",  # reverse("api:get_post", ...)
    parser=JSONParser(),  # refuses JSON that is not an object (422)
    renderer=ORJSONRenderer(),  # the same JSON as FastAPI's, written faster
)

# Beyond main.py: every error under /api in FastAPI's JSON shape, {"detail": ...}
# (blogproj/exception_handlers.py), and each operation's errors in the docs
# (blogproj/error_responses.py).
exception_handlers.install(api)
error_responses.document(users_router, posts_router)

api.add_router("/users", users_router, tags=["users"])
api.add_router("/posts", posts_router, tags=["posts"])
