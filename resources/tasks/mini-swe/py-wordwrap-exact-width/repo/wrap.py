"""Greedy word wrapping."""


def wrap(text, width):
    """Split ``text`` into lines of at most ``width`` characters.

    Words are never split; a word longer than ``width`` gets a line of its own.
    """
    if width < 1:
        raise ValueError("width must be >= 1")
    lines = []
    line = ""
    for word in text.split():
        if not line:
            line = word
        elif len(line) + 1 + len(word) < width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines
