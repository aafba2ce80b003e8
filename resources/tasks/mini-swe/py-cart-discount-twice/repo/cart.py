"""A shopping cart with discount codes. Money is Decimal, rounded to cents."""

from decimal import ROUND_HALF_UP, Decimal

DISCOUNT_CODES = {"SAVE10": Decimal("0.10"), "HALF": Decimal("0.50")}
CENT = Decimal("0.01")


class Cart:
    def __init__(self):
        self.items = []  # (name, unit price, quantity)
        self.discount = Decimal(0)

    def add(self, name, price, quantity=1):
        if quantity < 1:
            raise ValueError("quantity must be >= 1")
        self.items.append((name, Decimal(str(price)), quantity))

    def apply_code(self, code):
        if code not in DISCOUNT_CODES:
            raise KeyError("unknown discount code %r" % code)
        self.discount = DISCOUNT_CODES[code]

    def subtotal(self):
        return sum((price * qty for _, price, qty in self.items), Decimal(0))

    def total(self):
        """Subtotal minus the discount, rounded half up to cents."""
        if self.discount:
            self.items = [(n, p * (1 - self.discount), q) for n, p, q in self.items]
        return self.subtotal().quantize(CENT, rounding=ROUND_HALF_UP)
