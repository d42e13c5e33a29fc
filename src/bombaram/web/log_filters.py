"""Log filters: personal Delphi links are keys and never reach a log."""

from __future__ import annotations

import logging
import re

_LINK = re.compile(r"(/delphi/)[A-Za-z0-9_-]{16,}")


class RedactLinkTokens(logging.Filter):
    """Replace the token of every /delphi/<token>/ path in a record's message by "…" (Django's request
    and CSRF loggers write the path of a refused request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/delphi/" in message:
            record.msg, record.args = _LINK.sub(r"\1…", message), ()
        return True
