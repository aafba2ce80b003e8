"""JSON Pointer (RFC 6901): address a value inside a JSON document."""


class PointerError(LookupError):
    pass


def _unescape(token):
    return token.replace("~0", "~").replace("~1", "/")


def resolve(document, pointer):
    """Return the value ``pointer`` (e.g. "/foo/0") points to in ``document``."""
    if pointer == "":
        return document
    if not pointer.startswith("/"):
        raise PointerError("pointer must be empty or start with '/': %r" % pointer)
    value = document
    for token in pointer[1:].split("/"):
        token = _unescape(token)
        if isinstance(value, list):
            if not token.isdigit() or (len(token) > 1 and token[0] == "0"):
                raise PointerError("bad array index %r" % token)
            index = int(token)
            if index >= len(value):
                raise PointerError("index %d out of range" % index)
            value = value[index]
        elif isinstance(value, dict):
            if token not in value:
                raise PointerError("no member %r" % token)
            value = value[token]
        else:
            raise PointerError("cannot descend into %r" % (value,))
    return value
