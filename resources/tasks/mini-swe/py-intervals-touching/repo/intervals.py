"""Merge closed integer intervals."""


def merge(intervals):
    """Merge overlapping or touching closed intervals [start, end].

    >>> merge([(1, 3), (2, 6), (8, 10)])
    [(1, 6), (8, 10)]
    """
    result = []
    for start, end in sorted(intervals):
        if start > end:
            raise ValueError("interval (%r, %r) ends before it starts" % (start, end))
        if result and start < result[-1][1]:
            last_start, last_end = result[-1]
            result[-1] = (last_start, max(last_end, end))
        else:
            result.append((start, end))
    return result


def total_length(intervals):
    """Number of integer points covered by the intervals."""
    return sum(end - start + 1 for start, end in merge(intervals))
