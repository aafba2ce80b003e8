import unittest

from matrix import identity, multiply, transpose


class TestMatrix(unittest.TestCase):
    def test_square_product(self):
        self.assertEqual(multiply([[1, 2], [3, 4]], [[5, 6], [7, 8]]), [[19, 22], [43, 50]])

    def test_identity(self):
        m = [[2, -1, 0], [1, 3, 5], [0, 0, 1]]
        self.assertEqual(multiply(m, identity(3)), m)

    def test_transpose(self):
        self.assertEqual(transpose([[1, 2, 3], [4, 5, 6]]), [[1, 4], [2, 5], [3, 6]])

    def test_mismatch_raises(self):
        with self.assertRaises(ValueError):
            multiply([[1, 2]], [[1, 2]])

    def test_rectangular_product(self):
        a = [[1, 2, 3], [4, 5, 6]]
        b = [[7, 8], [9, 10], [11, 12]]
        self.assertEqual(multiply(a, b), [[58, 64], [139, 154]])

    def test_row_vector(self):
        self.assertEqual(multiply([[1, 2, 3]], [[1], [1], [1]]), [[6]])


if __name__ == "__main__":
    unittest.main()
