import unittest

from slugify import slugify


class TestSlugify(unittest.TestCase):
    def test_single_word(self):
        self.assertEqual(slugify("Hello"), "hello")

    def test_accents_are_removed(self):
        self.assertEqual(slugify("Crème"), "creme")

    def test_custom_separator(self):
        self.assertEqual(slugify("a b", separator="_"), "a_b")

    def test_runs_of_punctuation_collapse(self):
        self.assertEqual(slugify("Hello,  World!"), "hello-world")

    def test_no_separator_at_the_edges(self):
        self.assertEqual(slugify("  -- Arbor 2.0 --  "), "arbor-2-0")

    def test_cut_does_not_end_with_separator(self):
        self.assertEqual(slugify("one two three", max_length=8), "one-two")


if __name__ == "__main__":
    unittest.main()
