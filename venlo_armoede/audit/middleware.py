import re
import secrets

# W3C Trace Context: version-traceid-parentid-flags
TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


class TraceMiddleware:
    """Gives every request a trace id (taken from a W3C traceparent header when a caller sends one),
    so the audit records of one request can be found together."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = TRACEPARENT.match(request.headers.get("traceparent", ""))
        request.trace_id = match.group(1) if match else secrets.token_hex(16)
        request.span_id = secrets.token_hex(8)
        response = self.get_response(request)
        response["X-Trace-Id"] = request.trace_id
        return response
