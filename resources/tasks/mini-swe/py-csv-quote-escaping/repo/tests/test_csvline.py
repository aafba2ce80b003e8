import unittest

from csvline import format_row


class TestFormatRow(unittest.TestCase):
    def test_plain_fields(self):
        self.assertEqual(format_row(["a", 1, None]), "a,1,")

    def test_comma_is_quoted(self):
        self.assertEqual(format_row(["x,y", "z"]), '"x,y",z')

    def test_newline_is_quoted(self):
        self.assertEqual(format_row(["two\nlines"]), '"two\nlines"')


if __name__ == "__main__":
    unittest.main()
