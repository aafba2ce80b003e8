"""Convert between integers and Roman numerals (1 to 3999)."""

_NUMERALS = [
    (1000, "M"),
    (500, "D"),
    (100, "C"),
    (50, "L"),
    (10, "X"),
    (5, "V"),
    (1, "I"),
]

_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(number):
    """Return the Roman numeral for an integer between 1 and 3999."""
    if not isinstance(number, int) or isinstance(number, bool):
        raise TypeError("expected an int, got %s" % type(number).__name__)
    if not 0 < number < 4000:
        raise ValueError("number out of range (must be 1..3999): %d" % number)
    parts = []
    for value, numeral in _NUMERALS:
        count, number = divmod(number, value)
        parts.append(numeral * count)
    return "".join(parts)


def from_roman(text):
    """Return the integer value of a Roman numeral such as 'MCMXCIV'."""
    if not text:
        raise ValueError("empty numeral")
    total = 0
    previous = 0
    for char in reversed(text.upper()):
        if char not in _VALUES:
            raise ValueError("not a Roman numeral: %r" % text)
        value = _VALUES[char]
        if value < previous:
            total -= value
        else:
            total += value
            previous = value
    return total
