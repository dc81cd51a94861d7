package org.trainer4j.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.testing.MockUpdater;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Chainer's {@code test_trainer.py}, test by test, on Chainer's mock updater (ten iterations per
 * epoch, ten iterations). Python's callable classes and plain functions are, in Java, classes
 * implementing {@link Extension}, lambdas and method references.
 */
class TrainerChainerCasesTest {

  @TempDir Path out;

  private Trainer trainer(long iterations) {
    return MockUpdater.trainer(10, IntervalTrigger.iterations(iterations), out);
  }

  /** Chainer's DummyExtension: checks that initialize ran before the first call. */
  static final class DummyExtension implements Extension {
    boolean initialized;
    boolean called;
    boolean calledBeforeInitialize;
    boolean finished;

    @Override
    public void initialize(Trainer trainer) {
      initialized = true;
    }

    @Override
    public void call(Trainer trainer) {
      calledBeforeInitialize |= !initialized;
      called = true;
    }

    @Override
    public void finish(Trainer trainer) {
      finished = true;
    }
  }

  /** Chainer's ErrorHandlingExtension. */
  static final class ErrorHandlingExtension implements Extension {
    boolean errorHandled;

    @Override
    public void call(Trainer trainer) {}

    @Override
    public void onError(Trainer trainer, Throwable error) {
      errorHandled = true;
    }
  }

  static final class TheOnlyError extends RuntimeException {}

  @Test
  void elapsedTimeIsAnErrorBeforeRunAndPositiveAfter() {
    Trainer trainer = trainer(10);
    assertThatThrownBy(trainer::getElapsedTime).isInstanceOf(IllegalStateException.class);

    trainer.run();

    assertThat(trainer.getElapsedTime()).isPositive();
  }

  @Test
  void elapsedTimeContinuesFromTheLoadedState() {
    Trainer first = trainer(10);
    first.run();
    double serialized = first.getElapsedTime();
    Trainer second = trainer(5);
    second.loadState(first.saveState());

    second.run();

    assertThat(second.getElapsedTime()).isGreaterThan(serialized);
  }

  @Test
  void runsAnExtensionClassInitializedCalledAndFinished() {
    Trainer trainer = trainer(10);
    DummyExtension extension = new DummyExtension();
    trainer.extend(extension);

    trainer.run();

    assertThat(extension.called).isTrue();
    assertThat(extension.calledBeforeInitialize).isFalse();
    assertThat(extension.finished).isTrue();
  }

  @Test
  void callsAnExtensionBeforeTrainingWhenItAsks() {
    Trainer trainer = trainer(10);
    List<Long> calls = new ArrayList<>();
    trainer.extend(
        Extensions.builder("before", t -> calls.add(t.getUpdater().getIteration()))
            .callBeforeTraining(true)
            .build());

    trainer.run();

    assertThat(calls).startsWith(0L, 1L).hasSize(11);
  }

  @Test
  void acceptsALambda() {
    Trainer trainer = trainer(10);
    boolean[] touched = {false};

    trainer.extend(t -> touched[0] = true);
    trainer.run();

    assertThat(touched[0]).isTrue();
  }

  @Test
  void acceptsAMadeExtension() {
    Trainer trainer = trainer(10);
    boolean[] called = {false};

    trainer.extend(Extensions.of("dummy_extension", t -> called[0] = true));
    trainer.run();

    assertThat(called[0]).isTrue();
  }

  @Test
  void aMadeExtensionsInitializerRunsBeforeItsFirstCall() {
    Trainer trainer = trainer(10);
    List<String> events = new ArrayList<>();

    trainer.extend(
        Extensions.builder("dummy_extension", t -> events.add("call"))
            .initializer(t -> events.add("initialize"))
            .build());
    trainer.run();

    assertThat(events).startsWith("initialize", "call").hasSize(11);
  }

  private boolean functionCalled;

  private void dummyFunction(Trainer trainer) {
    functionCalled = true;
  }

  @Test
  void acceptsAMethodReference() {
    Trainer trainer = trainer(10);

    trainer.extend(this::dummyFunction);
    trainer.run();

    assertThat(functionCalled).isTrue();
  }

  @Test
  void extensionsOfEqualPriorityRunInRegistrationOrder() {
    Trainer trainer = trainer(10);
    List<Integer> order = new ArrayList<>();
    trainer.extend(
        Extensions.builder("one", t -> order.add(1))
            .trigger(() -> IntervalTrigger.epochs(1))
            .build());
    trainer.extend(
        Extensions.builder("two", t -> order.add(2))
            .trigger(() -> IntervalTrigger.epochs(1))
            .build());

    trainer.run();

    assertThat(order).containsExactly(1, 2);
  }

  @Test
  void extensionsOfHigherPriorityRunFirst() {
    Trainer trainer = trainer(10);
    List<Integer> order = new ArrayList<>();
    trainer.extend(
        Extensions.builder("one", t -> order.add(1))
            .trigger(() -> IntervalTrigger.epochs(1))
            .priority(50)
            .build());
    trainer.extend(
        Extensions.builder("two", t -> order.add(2))
            .trigger(() -> IntervalTrigger.epochs(1))
            .priority(100)
            .build());

    trainer.run();

    assertThat(order).containsExactly(2, 1);
  }

  @Test
  void anErrorReachesEveryErrorHandlerAndTheCallerAndExtensionsStillFinish() {
    Trainer trainer = trainer(10);
    ErrorHandlingExtension handler = new ErrorHandlingExtension();
    trainer.extend(handler, null, IntervalTrigger.iterations(1), 1);
    boolean[] raiserHandled = {false};
    trainer.extend(
        Extensions.builder(
                "exception_raiser",
                t -> {
                  throw new TheOnlyError();
                })
            .priority(100)
            .onError((t, e) -> raiserHandled[0] = true)
            .build());
    DummyExtension dummy = new DummyExtension();
    trainer.extend(dummy);

    assertThatThrownBy(trainer::run).isInstanceOf(TheOnlyError.class);

    assertThat(raiserHandled[0]).isTrue();
    assertThat(handler.errorHandled).isTrue();
    assertThat(dummy.finished).isTrue();
  }

  @Test
  void anErrorInAnErrorHandlerDoesNotHideTheTrainingError() {
    Trainer trainer = trainer(10);
    ErrorHandlingExtension handler = new ErrorHandlingExtension();
    trainer.extend(handler, null, IntervalTrigger.iterations(1), 1);
    trainer.extend(
        Extensions.builder(
                "exception_raiser",
                t -> {
                  throw new TheOnlyError();
                })
            .priority(100)
            .onError(
                (t, e) -> {
                  throw new IllegalArgumentException("hogehoge from exception handler");
                })
            .build());
    DummyExtension dummy = new DummyExtension();
    trainer.extend(dummy);

    assertThatThrownBy(trainer::run).isInstanceOf(TheOnlyError.class);

    assertThat(handler.errorHandled).isTrue();
    assertThat(dummy.finished).isTrue();
  }

  // Beyond Chainer's file: the names a lambda and an anonymous class get.

  @Test
  void lambdasAreNamedAfterTheirClassWithSuffixesForRepeats() {
    Trainer trainer = trainer(1);

    trainer.extend(t -> {});
    trainer.extend(t -> {});

    assertThat(trainer.extensionEntries())
        .extracting(Trainer.ExtensionEntry::name)
        .containsExactly("TrainerChainerCasesTest$lambda", "TrainerChainerCasesTest$lambda_1");
  }

  @Test
  void anAnonymousClassIsNamedAsJavacNamesIt() {
    Extension anonymous =
        new Extension() {
          @Override
          public void call(Trainer trainer) {}
        };
    Trainer trainer = trainer(1);

    trainer.extend(anonymous);

    assertThat(trainer.extensionEntries())
        .extracting(Trainer.ExtensionEntry::name)
        .containsExactly(anonymous.getClass().getName().replace("org.trainer4j.training.", ""));
    assertThat(trainer.extensionEntries().get(0).name()).matches("TrainerChainerCasesTest\\$\\d+");
  }
}
