package rpn;

public final class RpnTest {
  public static void main(String[] args) {
    Tap t = new Tap();
    t.test("RpnTest.addition", () -> Tap.checkEquals(7L, Rpn.evaluate("3 4 +")));
    t.test("RpnTest.multiplication", () -> Tap.checkEquals(20L, Rpn.evaluate("2 3 + 4 *")));
    t.test("RpnTest.subtraction_order", () -> Tap.checkEquals(6L, Rpn.evaluate("10 4 -")));
    t.test("RpnTest.division_order", () -> Tap.checkEquals(4L, Rpn.evaluate("20 5 /")));
    t.test(
        "RpnTest.missing_operand",
        () -> {
          try {
            Rpn.evaluate("1 +");
            Tap.check(false, "no exception");
          } catch (IllegalArgumentException expected) {
            Tap.check(expected.getMessage().contains("two operands"), expected.getMessage());
          }
        });
    t.test(
        "RpnTest.unknown_token",
        () -> {
          try {
            Rpn.evaluate("1 2 x");
            Tap.check(false, "no exception");
          } catch (IllegalArgumentException expected) {
            Tap.check(expected.getMessage().contains("'x'"), expected.getMessage());
          }
        });
    System.exit(t.finish());
  }
}
