package org.trainer4j.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.testing.IteratorOnlyUpdater;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.triggers.ManualScheduleTrigger;
import org.trainer4j.training.triggers.Unit;

class TrainerTest {

  @TempDir Path out;

  private final List<String> events = new ArrayList<>();

  /** An extension that records every hook it receives into {@link #events}. */
  private Extension recording(String name, int priority) {
    return new Extension() {
      @Override
      public void call(Trainer trainer) {
        events.add(name + ".call@" + trainer.getUpdater().getIteration());
      }

      @Override
      public int defaultPriority() {
        return priority;
      }

      @Override
      public String defaultName() {
        return name;
      }

      @Override
      public void initialize(Trainer trainer) {
        events.add(name + ".initialize");
      }

      @Override
      public void onError(Trainer trainer, Throwable error) {
        events.add(name + ".onError:" + error.getMessage());
      }

      @Override
      public void finish(Trainer trainer) {
        events.add(name + ".finish");
      }
    };
  }

  @Test
  void runsExtensionsByPriorityThenRegistrationOrder() {
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(1), out);
    trainer.extend(recording("reader1", Priority.READER));
    trainer.extend(recording("writer", Priority.WRITER));
    trainer.extend(recording("reader2", Priority.READER));
    trainer.extend(recording("editor", Priority.EDITOR));

    trainer.run();

    assertThat(events)
        .filteredOn(e -> e.contains(".call"))
        .containsExactly("writer.call@1", "editor.call@1", "reader1.call@1", "reader2.call@1");
  }

  @Test
  void lifecycleIsInitializeThenCallsThenFinalize() {
    var updater = IteratorOnlyUpdater.over(10, 5);
    Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(2), out);
    trainer.extend(recording("a", Priority.READER));

    trainer.run();

    assertThat(events).containsExactly("a.initialize", "a.call@1", "a.call@2", "a.finish");
    assertThat(updater.isClosed()).isTrue();
  }

  @Test
  void errorReachesEveryOnErrorThenPropagatesAndFinalizeStillRuns() {
    var updater = IteratorOnlyUpdater.over(10, 5);
    Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(5), out);
    trainer.extend(recording("a", Priority.WRITER));
    trainer.extend(
        Extensions.of(
            "boom",
            t -> {
              if (t.getUpdater().getIteration() == 2) {
                throw new IllegalStateException("boom");
              }
            }));
    trainer.extend(
        new Extension() {
          @Override
          public void call(Trainer t) {}

          @Override
          public void onError(Trainer t, Throwable e) {
            throw new RuntimeException("onError itself failed");
          }

          @Override
          public String defaultName() {
            return "faulty";
          }
        });
    trainer.extend(recording("z", Priority.SNAPSHOT));

    assertThatThrownBy(trainer::run).isInstanceOf(IllegalStateException.class).hasMessage("boom");

    assertThat(events)
        .containsSubsequence("a.onError:boom", "z.onError:boom", "a.finish", "z.finish");
    assertThat(updater.isClosed()).isTrue();
  }

  @Test
  void secondRunIsAnError() {
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(1), out);
    trainer.run();

    assertThatThrownBy(trainer::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runs only once");
  }

  @Test
  void extendAfterStartIsAnError() {
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(1), out);
    trainer.run();

    assertThatThrownBy(() -> trainer.extend(recording("late", Priority.READER)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before run()");
  }

  @Test
  void duplicateNamesGetOrdinalSuffixes() {
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(1), out);
    trainer.extend(recording("log", Priority.READER));
    trainer.extend(recording("log", Priority.READER));
    trainer.extend(recording("other", Priority.READER), "log", null, null);

    assertThat(trainer.extensionEntries())
        .extracting(Trainer.ExtensionEntry::name)
        .containsExactly("log", "log_1", "log_2");
  }

  @Test
  void theNameTrainingIsReserved() {
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(1), out);

    assertThatThrownBy(() -> trainer.extend(recording("training", Priority.READER)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'training' is reserved");
  }

  @Test
  void oneTriggerInstanceCannotServeTwoExtensions() {
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(1), out);
    IntervalTrigger shared = IntervalTrigger.epochs(1);
    trainer.extend(recording("a", Priority.READER), shared);

    assertThatThrownBy(() -> trainer.extend(recording("b", Priority.READER), shared))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'b'");
  }

  @Test
  void callBeforeTrainingRunsOnceBeforeTheFirstUpdateOfAFreshRun() {
    var updater = IteratorOnlyUpdater.over(10, 5);
    Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(2), out);
    trainer.extend(
        Extensions.builder("pre", t -> events.add("pre@" + t.getUpdater().getIteration()))
            .callBeforeTraining(true)
            .trigger(() -> IntervalTrigger.iterations(100))
            .build());

    trainer.run();

    assertThat(events).containsExactly("pre@0");
  }

  @Test
  void callBeforeTrainingIsSkippedWhenResumingMidRun() {
    var updater = IteratorOnlyUpdater.over(10, 5);
    updater.setIteration(3);
    Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(4), out);
    trainer.extend(
        Extensions.builder("pre", t -> events.add("pre"))
            .callBeforeTraining(true)
            .trigger(() -> IntervalTrigger.iterations(100))
            .build());

    trainer.run();

    assertThat(events).isEmpty();
  }

  @Test
  void initializeIsSkippedForExtensionsWhoseTriggerHasFinished() {
    var trigger = ManualScheduleTrigger.at(Unit.ITERATION, 1);
    new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(2), out)
        .extend(Extensions.of("first", t -> {}), trigger)
        .run();
    Trainer second =
        new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(2), out);
    second.extend(recording("late", Priority.READER), trigger);

    second.run();

    assertThat(events).doesNotContain("late.initialize");
  }

  @Test
  void unwritableOutputDirectoryFailsBeforeTheFirstIteration() throws Exception {
    Path file = Files.writeString(out.resolve("a-file"), "x");
    var updater = IteratorOnlyUpdater.over(10, 5);
    Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(2), file.resolve("sub"));

    assertThatThrownBy(trainer::run)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("a-file");
    assertThat(updater.getIteration()).isZero();
  }

  @Test
  void observationsAreFreshEachIterationAndPrefixedByObserver() {
    List<java.util.Map<String, Double>> seen = new ArrayList<>();
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(2), out);
    trainer.extend(
        Extensions.of(
            "watch",
            t -> {
              seen.add(new java.util.LinkedHashMap<>(t.getObservation()));
              t.getReporter().report("custom", 1.0);
            }));

    trainer.run();

    assertThat(seen).hasSize(2);
    assertThat(seen.get(1)).containsOnlyKeys("main/loss");
  }

  @Test
  void serializeWalksUpdaterTriggersExtensionsAndElapsedTime() {
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(3), out);
    trainer.extend(recording("a", Priority.READER), ManualScheduleTrigger.at(Unit.ITERATION, 2));
    trainer.run();

    StateTree state = trainer.saveState();

    assertThat(state.get("format_version")).isEqualTo((long) StateTree.FORMAT_VERSION);
    assertThat(state.child("updater").get("iteration")).isEqualTo(3L);
    assertThat(state.child("updater").child("iterator:main").get("epoch")).isEqualTo(1L);
    assertThat(state.child("extension_triggers").child("a").get("finished")).isEqualTo(true);
    assertThat(state.child("extensions").child("a")).isNotNull();
    assertThat((Double) state.get("elapsed_time")).isPositive();
  }

  @Test
  void loadedStateResumesIterationIteratorAndElapsedTime() {
    Trainer first =
        new Trainer(IteratorOnlyUpdater.over(10, 3), IntervalTrigger.iterations(3), out);
    first.run();
    StateTree state = first.saveState();
    var updater = IteratorOnlyUpdater.over(10, 3);
    Trainer second = new Trainer(updater, IntervalTrigger.iterations(5), out);

    second.loadState(state);

    assertThat(updater.getIteration()).isEqualTo(3);
    assertThat(updater.getIterator().getEpochDetail()).isEqualTo(0.9);
    // Chainer raises for elapsed_time before run(); the loaded time shows in the saved state.
    assertThat(second.saveState().get("elapsed_time")).isEqualTo(state.get("elapsed_time"));
    second.run();
    assertThat(updater.getIteration()).isEqualTo(5);
  }

  @Test
  void nullArgumentsAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> new Trainer(null, IntervalTrigger.iterations(1), out))
        .hasMessageContaining("updater");
    assertThatThrownBy(() -> new Trainer(IteratorOnlyUpdater.over(10, 5), null, out))
        .hasMessageContaining("stopTrigger");
    assertThatThrownBy(
            () -> new Trainer(IteratorOnlyUpdater.over(10, 5), IntervalTrigger.iterations(1), null))
        .hasMessageContaining("outDir");
  }
}
