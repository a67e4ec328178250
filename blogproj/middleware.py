from django.http import JsonResponse


def api_errors_as_json(get_response):
    """Errors under /api/ that happen outside Ninja's operations answer JSON too.

    An unknown URL (Django's 404), a wrong method (Ninja's plain-text 405) or a
    crash outside an operation would otherwise be HTML or text; the FastAPI app
    answers all of them as {"detail": "..."}.
    """

    def middleware(request):
        response = get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            json_response = JsonResponse(
                {"detail": response.reason_phrase}, status=response.status_code
            )
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response

    return middleware
