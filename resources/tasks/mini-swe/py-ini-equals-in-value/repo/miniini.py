"""A tiny INI reader: [sections], key = value lines, # and ; comments."""


class ParseError(ValueError):
    def __init__(self, line_number, message):
        super().__init__("line %d: %s" % (line_number, message))
        self.line_number = line_number


def parse(text):
    """Return {section: {key: value}} for INI ``text``."""
    sections = {}
    current = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), {})
            continue
        if "=" not in line:
            raise ParseError(number, "expected 'key = value', got %r" % line)
        if current is None:
            raise ParseError(number, "key outside of any [section]")
        key, value = line.split("=")
        current[key.strip()] = value.strip()
    return sections
