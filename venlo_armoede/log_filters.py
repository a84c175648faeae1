"""Filters for the LOGGING setting."""

import logging


class ClientfoutZonderTraceback(logging.Filter):
    """Django logs a PermissionDenied (403) with the exception attached, so every refused page printed a
    full traceback. A 4xx is the client's mistake or a refusal that works as intended: keep the one line
    ("Forbidden (Permission denied): /beleid/") and drop the traceback. 5xx records keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
