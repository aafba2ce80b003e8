"""Write rows as CSV lines (RFC 4180 quoting)."""

SPECIAL = (",", "\n", "\r")


def format_field(value):
    text = "" if value is None else str(value)
    if any(ch in text for ch in SPECIAL):
        return '"' + text + '"'
    return text


def format_row(fields, separator=","):
    return separator.join(format_field(f) for f in fields)
