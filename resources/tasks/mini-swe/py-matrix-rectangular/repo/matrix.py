"""Plain-Python matrices as lists of rows."""


def shape(m):
    rows = len(m)
    cols = len(m[0]) if rows else 0
    if any(len(row) != cols for row in m):
        raise ValueError("ragged matrix")
    return rows, cols


def transpose(m):
    return [list(col) for col in zip(*m)]


def multiply(a, b):
    """The matrix product a x b."""
    a_rows, a_cols = shape(a)
    b_rows, b_cols = shape(b)
    if a_cols != b_rows:
        raise ValueError("cannot multiply %dx%d by %dx%d" % (a_rows, a_cols, b_rows, b_cols))
    return [
        [sum(a[i][k] * b[k][j] for k in range(a_rows)) for j in range(b_cols)]
        for i in range(a_rows)
    ]


def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]
