"""Parse durations such as "1h30m" or "45s" into seconds."""

import re

UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+)([dhms])")


def parse_duration(text):
    """Seconds in ``text``: one or more <number><unit> parts, units d, h, m, s."""
    text = text.strip().lower()
    match = _PART.match(text)
    if match is None:
        raise ValueError("not a duration: %r" % text)
    return int(match.group(1)) * UNITS[match.group(2)]


def format_duration(seconds):
    """The shortest text parse_duration reads back as ``seconds``."""
    if seconds == 0:
        return "0s"
    parts = []
    for unit, size in UNITS.items():
        count, seconds = divmod(seconds, size)
        if count:
            parts.append("%d%s" % (count, unit))
    return "".join(parts)
