import unittest

from stats import mean, median, mode


class TestStats(unittest.TestCase):
    def test_mean(self):
        self.assertEqual(mean([1, 2, 3, 4]), 2.5)

    def test_median_odd(self):
        self.assertEqual(median([5, 1, 3]), 3)

    def test_median_even(self):
        self.assertEqual(median([1, 2, 3, 4]), 2.5)

    def test_median_even_unsorted(self):
        self.assertEqual(median([10, 2, 8, 4]), 6)

    def test_mode(self):
        self.assertEqual(mode([3, 1, 3, 2, 1]), 3)

    def test_empty_raises(self):
        for f in (mean, median, mode):
            with self.assertRaises(ValueError):
                f([])


if __name__ == "__main__":
    unittest.main()
