import unittest

from roman import from_roman, to_roman


class TestToRoman(unittest.TestCase):
    def test_additive(self):
        self.assertEqual(to_roman(3), "III")
        self.assertEqual(to_roman(8), "VIII")
        self.assertEqual(to_roman(2023), "MMXXIII")

    def test_four(self):
        self.assertEqual(to_roman(4), "IV")

    def test_1994(self):
        self.assertEqual(to_roman(1994), "MCMXCIV")

    def test_out_of_range(self):
        with self.assertRaises(ValueError):
            to_roman(0)
        with self.assertRaises(ValueError):
            to_roman(4000)

    def test_not_an_int(self):
        with self.assertRaises(TypeError):
            to_roman("12")


class TestFromRoman(unittest.TestCase):
    def test_subtractive(self):
        self.assertEqual(from_roman("MCMXCIV"), 1994)
        self.assertEqual(from_roman("xl"), 40)

    def test_invalid(self):
        with self.assertRaises(ValueError):
            from_roman("ABC")


class TestRoundTrip(unittest.TestCase):
    def test_round_trip(self):
        for n in range(1, 4000):
            self.assertEqual(from_roman(to_roman(n)), n, n)


if __name__ == "__main__":
    unittest.main()
