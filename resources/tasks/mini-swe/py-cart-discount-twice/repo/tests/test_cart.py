import unittest
from decimal import Decimal

from cart import Cart


class TestCart(unittest.TestCase):
    def test_empty_cart_totals_zero(self):
        self.assertEqual(Cart().total(), Decimal("0.00"))

    def test_total_without_discount(self):
        cart = Cart()
        cart.add("pen", "1.25", 4)
        cart.add("pad", 3)
        self.assertEqual(cart.total(), Decimal("8.00"))

    def test_unknown_code_is_rejected(self):
        with self.assertRaises(KeyError):
            Cart().apply_code("FREE")

    def test_discount_applies_once(self):
        cart = Cart()
        cart.add("book", "20.00")
        cart.apply_code("SAVE10")
        self.assertEqual(cart.total(), Decimal("18.00"))
        self.assertEqual(cart.total(), Decimal("18.00"))

    def test_subtotal_is_not_changed_by_total(self):
        cart = Cart()
        cart.add("lamp", "40.00")
        cart.apply_code("HALF")
        cart.total()
        self.assertEqual(cart.subtotal(), Decimal("40.00"))


if __name__ == "__main__":
    unittest.main()
