"""Descriptive statistics for lists of numbers."""

from collections import Counter


def mean(data):
    if not data:
        raise ValueError("mean of empty data")
    return sum(data) / len(data)


def median(data):
    """The middle value; for an even number of values, the mean of the two middle ones."""
    if not data:
        raise ValueError("median of empty data")
    ordered = sorted(data)
    return ordered[len(ordered) // 2]


def mode(data):
    """The most common value; ties go to the value seen first."""
    if not data:
        raise ValueError("mode of empty data")
    counts = Counter(data)
    best = max(counts.values())
    return next(x for x in data if counts[x] == best)
