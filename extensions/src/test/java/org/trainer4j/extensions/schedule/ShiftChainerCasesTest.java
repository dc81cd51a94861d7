package org.trainer4j.extensions.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
 * Chainer's {@code test_exponential_shift.py}, {@code test_step_shift.py} and {@code
 * test_inverse_shift.py}, case by case: the value the optimizer holds at each update when the shift
 * runs every {@code interval} iterations, for positive and negative values with and without a
 * target.
 */
class ShiftChainerCasesTest {

  @TempDir Path out;

  /** Builds the shift under test: given init (null: the optimizer's) and optimizer name. */
  interface ShiftFactory {
    Shift make(Double init, String optimizerName);
  }

  record Case(String name, int interval, double init, ShiftFactory factory, double... expect) {
    @Override
    public String toString() {
      return name;
    }

    /** Each expected value held for {@code interval} updates, as Chainer expands them. */
    List<Double> expectedPerUpdate() {
      List<Double> values = new ArrayList<>();
      for (double e : expect) {
        for (int i = 0; i < interval; i++) {
          values.add(e);
        }
      }
      return values;
    }
  }

  private static Case exponential(double init, double rate, Double target, double... expect) {
    return new Case(
        String.format("ExponentialShift init %s rate %s target %s", init, rate, target),
        4,
        init,
        (i, o) -> new ExponentialShift(X, rate, i, target, o),
        expect);
  }

  private static Case step(double init, double gamma, Double target, double... expect) {
    return new Case(
        String.format("StepShift init %s gamma %s step 2 target %s", init, gamma, target),
        1,
        init,
        (i, o) -> new StepShift(X, gamma, 2, i, target, o),
        expect);
  }

  private static Case inverse(double init, double power, Double target, double... expect) {
    return new Case(
        String.format("InverseShift init %s gamma 1 power %s target %s", init, power, target),
        4,
        init,
        (i, o) -> new InverseShift(X, 1.0, power, i, target, o),
        expect);
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
        inverse(-3.0, -2.0, -4.0, -3.0, -4.0, -4.0));
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
    for (int i = 0; i < c.expectedPerUpdate().size(); i++) {
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

    assertThat(values).isEqualTo(c.expectedPerUpdate());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void setsChainersValuesFromTheOptimizersCurrentValue(Case c) {
    AttributeOptimizer optimizer = new AttributeOptimizer(c.init());
    MockUpdater updater = new MockUpdater(10).withOptimizer("main", optimizer);

    List<Double> values = run(c, c.factory().make(null, "main"), updater, optimizer);

    assertThat(values).isEqualTo(c.expectedPerUpdate());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shiftsTheNamedOptimizerOnly(Case c) {
    AttributeOptimizer main = new AttributeOptimizer(0);
    AttributeOptimizer other = new AttributeOptimizer(0);
    MockUpdater updater =
        new MockUpdater(10).withOptimizer("main", main).withOptimizer("other", other);

    List<Double> values = run(c, c.factory().make(c.init(), "other"), updater, other);

    assertThat(values).isEqualTo(c.expectedPerUpdate());
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
