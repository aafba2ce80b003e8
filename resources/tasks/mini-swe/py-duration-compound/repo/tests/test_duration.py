import unittest

from duration import format_duration, parse_duration


class TestParseDuration(unittest.TestCase):
    def test_single_unit_seconds(self):
        self.assertEqual(parse_duration("45s"), 45)

    def test_single_unit_hours(self):
        self.assertEqual(parse_duration("2h"), 7200)

    def test_single_unit_days(self):
        self.assertEqual(parse_duration("3d"), 259200)

    def test_compound_hours_minutes(self):
        self.assertEqual(parse_duration("1h30m"), 5400)

    def test_compound_all_units(self):
        self.assertEqual(parse_duration("1d2h3m4s"), 93784)

    def test_rejects_empty(self):
        with self.assertRaises(ValueError):
            parse_duration("")

    def test_rejects_letters(self):
        with self.assertRaises(ValueError):
            parse_duration("abc")

    def test_rejects_number_without_unit(self):
        with self.assertRaises(ValueError):
            parse_duration("10")

    def test_rejects_trailing_garbage(self):
        with self.assertRaises(ValueError):
            parse_duration("1h30x")


class TestFormatDuration(unittest.TestCase):
    def test_format(self):
        self.assertEqual(format_duration(5400), "1h30m")
        self.assertEqual(format_duration(0), "0s")

    def test_round_trip(self):
        for seconds in (1, 59, 61, 3599, 3661, 90061):
            self.assertEqual(parse_duration(format_duration(seconds)), seconds)


if __name__ == "__main__":
    unittest.main()
