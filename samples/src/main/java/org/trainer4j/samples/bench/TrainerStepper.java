package org.trainer4j.samples.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.trainer4j.training.Extension;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

/**
 * Drives a trainer's own {@code run()} loop in bounded rounds, so a benchmark can alternate it with
 * another workload: the trainer runs on a background thread and a gate extension (lowest priority,
 * every iteration) parks it whenever the round's iteration budget is spent.
 */
final class TrainerStepper {

  private final SynchronousQueue<Long> grants = new SynchronousQueue<>();
  private final SynchronousQueue<Object> done = new SynchronousQueue<>();
  private final Thread thread;
  private volatile Throwable failure;
  private long remaining;

  private TrainerStepper(Trainer trainer) {
    Extension gate =
        Extensions.builder("stepper-gate", t -> awaitIfSpent())
            .priority(Integer.MIN_VALUE)
            .trigger(() -> IntervalTrigger.iterations(1))
            .build();
    trainer.extend(gate);
    this.thread =
        new Thread(
            () -> {
              try {
                remaining = grants.take();
                trainer.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Throwable t) {
                failure = t;
                done.offer(t);
              }
            },
            "trainer-stepper");
    thread.setDaemon(true);
  }

  /** Wraps {@code trainer} (before its run starts) and starts its thread, parked. */
  static TrainerStepper start(Trainer trainer) {
    TrainerStepper stepper = new TrainerStepper(trainer);
    stepper.thread.start();
    return stepper;
  }

  /** Lets the trainer run {@code n} iterations and returns when they are done. */
  void steps(long n) {
    if (n <= 0) {
      return;
    }
    try {
      grants.put(n);
      done.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the trainer ran", e);
    }
    if (failure != null) {
      throw new IllegalStateException("the trainer failed: " + failure, failure);
    }
  }

  /** Stops the parked trainer thread. */
  void finish() {
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitIfSpent() {
    if (--remaining > 0) {
      return;
    }
    try {
      done.put(Boolean.TRUE);
      remaining = grants.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StopRequested();
    }
  }

  /** Ends the trainer's run when the benchmark is over. */
  private static final class StopRequested extends RuntimeException {
    StopRequested() {
      super("benchmark finished", null, false, false);
    }
  }
}
