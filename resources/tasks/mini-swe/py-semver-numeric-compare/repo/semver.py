"""Parse and compare semantic versions (MAJOR.MINOR.PATCH[-PRERELEASE])."""

import re

_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$")


class Version:
    def __init__(self, text):
        match = _VERSION.match(text.strip())
        if match is None:
            raise ValueError("not a semantic version: %r" % (text,))
        self.major, self.minor, self.patch = match.group(1), match.group(2), match.group(3)
        self.prerelease = match.group(4) or ""

    def _key(self):
        # A release sorts after any of its pre-releases.
        return (self.major, self.minor, self.patch, self.prerelease == "", self.prerelease)

    def __eq__(self, other):
        return self._key() == other._key()

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self == other or self < other

    def __repr__(self):
        suffix = "-" + self.prerelease if self.prerelease else ""
        return "Version('%s.%s.%s%s')" % (self.major, self.minor, self.patch, suffix)


def latest(versions):
    """Return the highest of some version strings."""
    return str(max(versions, key=Version))
