"""Turn titles into URL slugs."""

import re
import unicodedata


def slugify(text, separator="-", max_length=None):
    """Return a lower-case ASCII slug of ``text``.

    Runs of characters other than letters and digits become one ``separator``;
    the slug never starts or ends with the separator. ``max_length`` cuts the
    slug (at most that many characters).
    """
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = re.sub(r"[^a-z0-9]", separator, text)
    if max_length is not None:
        text = text[:max_length]
    return text
