"""Errors as application/problem+json (RFC 7807, NL API Strategie)."""

from rest_framework.views import exception_handler


def problem_exception_handler(exc, context):
    return exception_handler(exc, context)
