from decimal import Decimal

import pytest

from cart import Cart


def test_empty_cart_totals_zero():
    assert Cart().total() == Decimal("0.00")


def test_total_without_discount():
    cart = Cart()
    cart.add("pen", "1.25", 4)
    cart.add("pad", 3)
    assert cart.total() == Decimal("8.00")


def test_unknown_code_is_rejected():
    with pytest.raises(KeyError):
        Cart().apply_code("FREE")


def test_discount_applies_once():
    cart = Cart()
    cart.add("book", "20.00")
    cart.apply_code("SAVE10")
    assert cart.total() == Decimal("18.00")
    assert cart.total() == Decimal("18.00")


def test_subtotal_is_not_changed_by_total():
    cart = Cart()
    cart.add("lamp", "40.00")
    cart.apply_code("HALF")
    cart.total()
    assert cart.subtotal() == Decimal("40.00")
