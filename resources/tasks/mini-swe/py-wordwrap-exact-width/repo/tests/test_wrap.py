import unittest

from wrap import wrap


class TestWrap(unittest.TestCase):
    def test_short_text_is_one_line(self):
        self.assertEqual(wrap("hello world", 40), ["hello world"])

    def test_long_word_keeps_its_own_line(self):
        self.assertEqual(wrap("a supercalifragilistic b", 5), ["a", "supercalifragilistic", "b"])

    def test_empty_text(self):
        self.assertEqual(wrap("   ", 10), [])

    def test_bad_width(self):
        with self.assertRaises(ValueError):
            wrap("x", 0)

    def test_line_may_fill_the_width_exactly(self):
        self.assertEqual(wrap("aaa bbb ccc", 7), ["aaa bbb", "ccc"])

    def test_every_line_fits(self):
        text = "the quick brown fox jumps over the lazy dog"
        lines = wrap(text, 9)
        self.assertEqual(lines, ["the quick", "brown fox", "jumps", "over the", "lazy dog"])


if __name__ == "__main__":
    unittest.main()
