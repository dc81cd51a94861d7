package org.trainer4j.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.SGD;
import org.trainer4j.testing.ChildJvm;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

class OutputDirectoryLockTest {

  @TempDir Path out;

  private Trainer trainer(long iterations) {
    Model model = TestModels.mlp(4, 4, 2, 1);
    SGD optimizer = new SGD(0.1);
    optimizer.setup(model);
    var iterator = SerialIterator.of(TestModels.data(16, 4, 2, 1), 4);
    return new Trainer(
        new StandardUpdater(iterator, optimizer), IntervalTrigger.iterations(iterations), out);
  }

  /** An extension that writes a file, so a trainer that got as far as its extensions shows. */
  private static Extension writing(String name) {
    return new Extension() {
      @Override
      public String defaultName() {
        return "writing";
      }

      @Override
      public void initialize(Trainer trainer) {
        try {
          Files.writeString(trainer.getOutDir().resolve(name), "written");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public void call(Trainer trainer) {}
    };
  }

  private List<String> files() throws IOException {
    try (Stream<Path> list = Files.list(out)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aSecondTrainerInTheSameDirectoryFailsAtOnceNamingTheOwnerAndWritesNothing()
      throws IOException {
    AtomicReference<Throwable> second = new AtomicReference<>();
    AtomicReference<List<String>> before = new AtomicReference<>();
    AtomicReference<List<String>> after = new AtomicReference<>();
    Trainer first = trainer(1);
    first.extend(
        (Extension)
            t -> {
              try {
                before.set(files());
                Trainer intruder = trainer(1).extend(writing("intruder.txt"));
                try {
                  intruder.run();
                } catch (RuntimeException e) {
                  second.set(e);
                }
                after.set(files());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
        "intruder",
        null,
        null);

    first.run();

    assertThat(second.get())
        .isInstanceOf(OutputDirectoryInUseException.class)
        .hasMessageContaining("in use by another trainer")
        .hasMessageContaining("process " + ProcessHandle.current().pid() + " on ")
        .hasMessageContaining(" since ");
    assertThat(after.get()).isEqualTo(before.get()).doesNotContain("intruder.txt");
  }

  @Test
  void theDirectoryIsFreeAgainOnceTheRunEndsEvenByAnError() {
    Trainer failing = trainer(1);
    failing.extend(
        (Extension)
            t -> {
              throw new IllegalStateException("boom");
            },
        "failing",
        null,
        null);
    assertThatThrownBy(failing::run).hasMessage("boom");

    trainer(2).run();

    assertThat(out.resolve(OutputDirectoryLock.FILENAME)).exists();
  }

  @Test
  void aTrainerFailsWhileAnotherProcessHoldsTheDirectoryAndRunsOnceThatProcessIsKilled()
      throws IOException {
    try (ChildJvm holder = ChildJvm.start(LockHolder.class, out.toString())) {
      holder.awaitLine("locked");

      assertThatThrownBy(() -> trainer(1).extend(writing("intruder.txt")).run())
          .isInstanceOf(OutputDirectoryInUseException.class)
          .hasMessageContaining("process " + holder.pid() + " on ")
          .extracting(e -> ((OutputDirectoryInUseException) e).owner().pid())
          .isEqualTo(holder.pid());
      assertThat(out.resolve("intruder.txt")).doesNotExist();

      holder.process().destroyForcibly(); // kill -9: the OS drops the lock with the process
      holder.exitCode(Duration.ofSeconds(30));
    }
    trainer(1).extend(writing("after.txt")).run();

    assertThat(out.resolve("after.txt")).exists();
  }
}
