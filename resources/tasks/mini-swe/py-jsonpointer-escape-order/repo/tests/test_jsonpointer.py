import unittest

from jsonpointer import PointerError, resolve

RFC_DOC = {
    "foo": ["bar", "baz"],
    "": 0,
    "a/b": 1,
    "c%d": 2,
    "e^f": 3,
    "g|h": 4,
    "i\\j": 5,
    "k\"l": 6,
    " ": 7,
    "m~n": 8,
}


class TestResolve(unittest.TestCase):
    def test_whole_document(self):
        self.assertIs(resolve(RFC_DOC, ""), RFC_DOC)

    def test_rfc_examples(self):
        cases = {"/foo": ["bar", "baz"], "/foo/0": "bar", "/": 0, "/a~1b": 1, "/c%d": 2,
                 "/e^f": 3, "/g|h": 4, "/i\\j": 5, "/k\"l": 6, "/ ": 7, "/m~0n": 8}
        for pointer, expected in cases.items():
            self.assertEqual(resolve(RFC_DOC, pointer), expected, pointer)

    def test_errors(self):
        for pointer in ["foo", "/missing", "/foo/2", "/foo/01", "/foo/0/x"]:
            with self.assertRaises(PointerError, msg=pointer):
                resolve(RFC_DOC, pointer)

    def test_escaped_tilde_before_one(self):
        self.assertEqual(resolve({"~1": "tilde-one", "/": "slash"}, "/~01"), "tilde-one")

    def test_nested_escapes(self):
        doc = {"a~1b": {"x/y": [10, 20]}}
        self.assertEqual(resolve(doc, "/a~01b/x~1y/1"), 20)


if __name__ == "__main__":
    unittest.main()
