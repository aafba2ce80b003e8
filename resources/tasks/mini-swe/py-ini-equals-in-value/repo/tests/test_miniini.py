import unittest

from miniini import ParseError, parse


class TestParse(unittest.TestCase):
    def test_sections_and_keys(self):
        text = "[server]\nhost = example.org\nport=8080\n[client]\nretries = 3\n"
        self.assertEqual(
            parse(text),
            {"server": {"host": "example.org", "port": "8080"}, "client": {"retries": "3"}},
        )

    def test_comments_and_blank_lines_are_ignored(self):
        self.assertEqual(parse("# top\n\n[a]\n; note\nx = 1\n"), {"a": {"x": "1"}})

    def test_key_outside_section(self):
        with self.assertRaises(ParseError) as ctx:
            parse("x = 1\n")
        self.assertEqual(ctx.exception.line_number, 1)

    def test_line_without_equals(self):
        with self.assertRaises(ParseError):
            parse("[a]\njust words\n")

    def test_value_may_contain_equals(self):
        self.assertEqual(parse("[db]\ndsn = user=app password=x\n"), {"db": {"dsn": "user=app password=x"}})

    def test_url_with_query(self):
        parsed = parse("[links]\nsearch = https://example.org/?q=arbor&page=2\n")
        self.assertEqual(parsed["links"]["search"], "https://example.org/?q=arbor&page=2")


if __name__ == "__main__":
    unittest.main()
