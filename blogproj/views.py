from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse


def healthz(request):
    """For load balancers: 200 when the database and the cache answer, else 503."""
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
    except Exception:  # any backend's connection error (Redis down, ...)
        checks["cache"] = "unavailable"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
