package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.trainer4j.extensions.schedule.AttributeOptimizer.X;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainer4j.testing.MockUpdater;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's {@code test_*_shift.py} (exponential, step, inverse, polynomial, multistep, warm-up,
 * linear), row by row: the value the optimizer holds at each update when the shift runs every
 * {@code interval} iterations, for positive and negative values with and without a target. Each row
 * runs through all four of Chainer's checks (given init, init from the optimizer, a named
 * optimizer, resume), also where Chainer's file has fewer.
 */
class ShiftChainerCasesTest {

  @TempDir Path out;

  /** Builds the shift under test: given init (null: the optimizer's) and optimizer name. */
  interface ShiftFactory {
    Shift make(Double init, String optimizerName);
  }

  /**
   * One row of a Chainer table: the shift runs every {@code interval} iterations for {@code
   * updates} updates; the value held at update {@code at[k]} (0-based) is {@code expect[k]} within
   * {@code tolerance} (0 where Chainer compares exactly).
   */
  record Case(
      String name,
      int interval,
      double init,
      ShiftFactory factory,
      int updates,
      int[] at,
      double[] expect,
      double tolerance) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A row whose expected values are each held for {@code interval} updates, all checked. */
  private static Case held(
      String name, int interval, double init, ShiftFactory factory, double... expect) {
    int updates = expect.length * interval;
    int[] at = new int[updates];
    double[] each = new double[updates];
    for (int i = 0; i < updates; i++) {
      at[i] = i;
      each[i] = expect[i / interval];
    }
    return new Case(name, interval, init, factory, updates, at, each, 0);
  }

  private static Case exponential(double init, double rate, Double target, double... expect) {
    return held(
        String.format("ExponentialShift init %s rate %s target %s", init, rate, target),
        4,
        init,
        (i, o) -> new ExponentialShift(X, rate, i, target, o),
        expect);
  }

  private static Case step(double init, double gamma, Double target, double... expect) {
    return held(
        String.format("StepShift init %s gamma %s step 2 target %s", init, gamma, target),
        1,
        init,
        (i, o) -> new StepShift(X, gamma, 2, i, target, o),
        expect);
  }

  private static Case inverse(double init, double power, Double target, double... expect) {
    return held(
        String.format("InverseShift init %s gamma 1 power %s target %s", init, power, target),
        4,
        init,
        (i, o) -> new InverseShift(X, 1.0, power, i, target, o),
        expect);
  }

  private static Case polynomial(
      double init, double rate, long maxCount, Double target, double... expect) {
    return held(
        String.format(
            "PolynomialShift init %s rate %s maxCount %s target %s", init, rate, maxCount, target),
        4,
        init,
        (i, o) -> new PolynomialShift(X, rate, maxCount, i, target, o),
        expect);
  }

  private static Case multistep(double init, double gamma, double... expect) {
    Case c =
        held(
            String.format("MultistepShift init %s gamma %s steps 1 3 5", init, gamma),
            1,
            init,
            (i, o) -> new MultistepShift(X, gamma, new long[] {1, 3, 5}, i, o),
            expect);
    return new Case(c.name(), 1, init, c.factory(), c.updates(), c.at(), c.expect(), 1e-5);
  }

  /** Chainer checks a warm-up at the first update and around its end only. */
  private static Case warmup(double init, double start, int iterations, double... expect) {
    return new Case(
        String.format("WarmupShift init %s start %s iterations %s", init, start, iterations),
        1,
        init,
        (i, o) -> new WarmupShift(X, start, iterations, i, o),
        iterations + 2,
        new int[] {0, iterations - 1, iterations, iterations + 1},
        expect,
        1e-5);
  }

  static Stream<Case> cases() {
    return Stream.of(
        exponential(2.0, 0.5, null, 2.0, 1.0, 0.5),
        exponential(2.0, 0.5, 1.2, 2.0, 1.2, 1.2),
        exponential(-2.0, 0.5, -1.2, -2.0, -1.2, -1.2),
        exponential(2.0, 2.0, null, 2.0, 4.0, 8.0),
        exponential(2.0, 2.0, 3.0, 2.0, 3.0, 3.0),
        exponential(-2.0, 2.0, -3.0, -2.0, -3.0, -3.0),
        step(2.0, 0.5, null, 2.0, 2.0, 1.0, 1.0, 0.5, 0.5),
        step(2.0, 0.5, 1.2, 2.0, 2.0, 1.2, 1.2, 1.2, 1.2),
        step(-2.0, 0.5, -1.2, -2.0, -2.0, -1.2, -1.2, -1.2, -1.2),
        step(2.0, 2.0, null, 2.0, 2.0, 4.0, 4.0, 8.0, 8.0),
        step(2.0, 2.0, 3.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0),
        step(-2.0, 2.0, -3.0, -2.0, -2.0, -3.0, -3.0, -3.0, -3.0),
        inverse(3.0, 1.0, null, 3.0, 1.5, 1.0),
        inverse(3.0, 1.0, 1.8, 3.0, 1.8, 1.8),
        inverse(-3.0, 1.0, -1.8, -3.0, -1.8, -1.8),
        inverse(3.0, -2.0, null, 3.0, 12.0, 27.0),
        inverse(3.0, -2.0, 4.0, 3.0, 4.0, 4.0),
        inverse(-3.0, -2.0, -4.0, -3.0, -4.0, -4.0),
        polynomial(2.0, 0.5, 10, null, 2.0, 1.8973665961010275, 1.7888543819998317),
        polynomial(2.0, 0.5, 5, 1.2, 2.0, 1.7888543819998317, 1.5491933384829668),
        polynomial(-2.0, 0.5, 10, null, -2.0, -1.8973665961010275, -1.7888543819998317),
        polynomial(2.0, 0.5, 10, 1.8, 2.0, 1.8973665961010275, 1.8),
        polynomial(2.0, -0.5, 10, 2.2, 2.0, 2.1081851067789197, 2.2),
        polynomial(2.0, -0.5, 10, null, 2.0, 2.1081851067789197, 2.23606797749979),
        polynomial(0, -0.5, 10, null, 0.0, 0.0, 0.0),
        multistep(2.0, 0.1, 2.0, 0.2, 0.2, 0.02, 0.02, 0.002),
        multistep(-2.0, 0.1, -2.0, -0.2, -0.2, -0.02, -0.02, -0.002),
        multistep(2.0, 2, 2.0, 4.0, 4.0, 8.0, 8.0, 16.0),
        multistep(-2.0, 2, -2.0, -4.0, -4.0, -8.0, -8.0, -16.0),
        warmup(1, 0.1, 100, 0.1, 0.991, 1, 1),
        warmup(0.1, 1, 10, 1, 0.19, 0.1, 0.1),
        warmup(1, -1, 10, -1, 0.8, 1, 1),
        warmup(1, -1, 2, -1, 0, 1, 1),
        warmup(0.1, 1, 2, 1, 0.55, 0.1, 0.1),
        held(
            "LinearShift from 2 to 6 over calls 1 to 3",
            2,
            2.0,
            (i, o) -> new LinearShift(X, 2.0, 6.0, 1, 3, o),
            2.0,
            2.0,
            4.0,
            6.0,
            6.0));
  }

  /** The values held at the checked updates. */
  private static List<Double> checked(Case c, List<Double> values) {
    List<Double> picked = new ArrayList<>();
    for (int a : c.at()) {
      picked.add(values.get(a));
    }
    return picked;
  }

  private static void assertMatches(Case c, List<Double> values) {
    List<Double> picked = checked(c, values);
    for (int k = 0; k < c.expect().length; k++) {
      assertThat(picked.get(k))
          .as("%s at update %s", c, c.at()[k])
          .isCloseTo(c.expect()[k], within(c.tolerance() * Math.max(1, Math.abs(c.expect()[k]))));
    }
  }

  /**
   * Chainer's {@code _run_trainer}: initialize, then per update record the value and call the shift
   * when its interval trigger fires.
   */
  private List<Double> run(Case c, Shift shift, MockUpdater updater, AttributeOptimizer watched) {
    Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(1000), out);
    IntervalTrigger trigger = IntervalTrigger.iterations(c.interval());
    shift.initialize(trainer);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < c.updates(); i++) {
      updater.update();
      values.add(watched.get(X));
      if (trigger.test(trainer)) {
        shift.call(trainer);
      }
    }
    return values;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void setsChainersValuesFromTheGivenInit(Case c) {
    AttributeOptimizer optimizer = new AttributeOptimizer(0);
    MockUpdater updater = new MockUpdater(10).withOptimizer("main", optimizer);

    List<Double> values = run(c, c.factory().make(c.init(), "main"), updater, optimizer);

    assertMatches(c, values);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void setsChainersValuesFromTheOptimizersCurrentValue(Case c) {
    AttributeOptimizer optimizer = new AttributeOptimizer(c.init());
    MockUpdater updater = new MockUpdater(10).withOptimizer("main", optimizer);

    List<Double> values = run(c, c.factory().make(null, "main"), updater, optimizer);

    assertMatches(c, values);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shiftsTheNamedOptimizerOnly(Case c) {
    AttributeOptimizer main = new AttributeOptimizer(0);
    AttributeOptimizer other = new AttributeOptimizer(0);
    MockUpdater updater =
        new MockUpdater(10).withOptimizer("main", main).withOptimizer("other", other);

    List<Double> values = run(c, c.factory().make(c.init(), "other"), updater, other);

    assertMatches(c, values);
    assertThat(main.get(X)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aResumedShiftSetsTheLastValueAgain(Case c) {
    AttributeOptimizer optimizer = new AttributeOptimizer(0);
    Trainer first =
        new Trainer(
            new MockUpdater(10).withOptimizer("main", optimizer),
            IntervalTrigger.iterations(c.interval()),
            out);
    first.extend(c.factory().make(c.init(), "main"), "shift", null, null);
    first.run();
    AttributeOptimizer fresh = new AttributeOptimizer(0);
    Shift resumed = c.factory().make(c.init(), "main");
    Trainer second =
        new Trainer(
            new MockUpdater(10).withOptimizer("main", fresh), IntervalTrigger.iterations(3), out);
    second.extend(resumed, "shift", null, null);
    second.loadState(first.saveState());

    resumed.initialize(second);

    assertThat(fresh.get(X)).isEqualTo(optimizer.get(X));
  }

  @Test
  void refusesANegativeRateOrGamma() {
    assertThatThrownBy(() -> new ExponentialShift(X, -1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InverseShift(X, -1.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
