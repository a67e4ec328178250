from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse

from blogproj.outages import CACHE_ERRORS


def healthz(request):
    """For load balancers: 200 while the database answers, else 503.

    The cache is reported but does not decide: it holds only rate-limit counts, and a
    shared Redis going down must not take every server out of the load balancer.
    """
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        checks["database"] = "unavailable"
    try:
        cache.set("healthz", "ok", timeout=10)
        if cache.get("healthz") != "ok":
            checks["cache"] = "unavailable"
    except CACHE_ERRORS:
        checks["cache"] = "unavailable"
    healthy = checks["database"] == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
