import unittest

from semver import Version, latest


class TestVersion(unittest.TestCase):
    def test_parse(self):
        v = Version("1.2.3-rc.1")
        self.assertEqual(v.prerelease, "rc.1")
        self.assertEqual(repr(v), "Version('1.2.3-rc.1')")

    def test_invalid(self):
        for text in ["1.2", "v1.2.3", "1.2.3.4", ""]:
            with self.assertRaises(ValueError):
                Version(text)

    def test_equal(self):
        self.assertEqual(Version("1.2.3"), Version(" 1.2.3 "))

    def test_prerelease_sorts_before_release(self):
        self.assertLess(Version("2.0.0-beta"), Version("2.0.0"))

    def test_numeric_ordering(self):
        self.assertLess(Version("1.9.0"), Version("1.10.0"))
        self.assertLess(Version("1.0.9"), Version("1.0.10"))

    def test_latest(self):
        self.assertEqual(latest(["0.9.12", "0.10.1", "0.10.0"]), "0.10.1")


if __name__ == "__main__":
    unittest.main()
