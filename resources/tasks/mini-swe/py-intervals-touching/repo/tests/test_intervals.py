import unittest

from intervals import merge, total_length


class TestMerge(unittest.TestCase):
    def test_overlapping(self):
        self.assertEqual(merge([(1, 3), (2, 6), (8, 10)]), [(1, 6), (8, 10)])

    def test_disjoint(self):
        self.assertEqual(merge([(5, 6), (1, 2)]), [(1, 2), (5, 6)])

    def test_empty(self):
        self.assertEqual(merge([]), [])

    def test_backwards_interval_raises(self):
        with self.assertRaises(ValueError):
            merge([(3, 1)])

    def test_touching_intervals_merge(self):
        self.assertEqual(merge([(1, 3), (3, 5)]), [(1, 5)])

    def test_total_length_counts_shared_point_once(self):
        self.assertEqual(total_length([(1, 3), (3, 5), (5, 5)]), 5)


if __name__ == "__main__":
    unittest.main()
