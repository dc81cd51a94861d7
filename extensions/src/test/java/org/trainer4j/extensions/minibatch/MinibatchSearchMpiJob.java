package org.trainer4j.extensions.minibatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.optimizers.Optimizer;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.DistributedUpdater;

/**
 * The program {@code MinibatchSearchMpiTest} starts under {@code mpirun}: {@code
 * MinibatchSearchMpiJob <dir> <delay ms>} searches the batch size with {@link DistributedUpdater}
 * over {@link Communicators#auto()}, rank 1 arriving {@code delay} late at every probe step, then
 * trains {@value #STEPS} steps, and writes per rank what the test compares into {@code dir}.
 */
final class MinibatchSearchMpiJob {

  static final int STEPS = 4;

  private MinibatchSearchMpiJob() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long delayMillis = Long.parseLong(args[1]);
    try (Communicator comm = Communicators.auto(Duration.ofSeconds(60))) {
      Model model = TestModels.mlp(8, 16, 3, 1);
      Optimizer optimizer = new MomentumSGD(0.01, 0.9);
      optimizer.setup(model);
      SerialIterator it =
          SerialIterator.builder(TestModels.data(512, 8, 3, 2)).batchSize(8).seed(3).build();
      DistributedUpdater updater =
          DistributedUpdater.builder(it, optimizer, comm).checkEvery(1).build();
      Trainer trainer = new Trainer(updater, IntervalTrigger.iterations(STEPS), dir.resolve("out"));
      MinibatchSizeOptimizer search =
          MinibatchSizeOptimizer.builder(
                  EpochTimeMinimize.builder().maxLoops(4).iterationsPerLoop(2).build())
              .maxBatchSize(128)
              .budget(Budget.fixedSeconds(30))
              .writeFiles(false)
              .probeRunnerDecorator(
                  comm.rank() == 1 ? lateBy(delayMillis) : UnaryOperator.identity())
              .build();
      trainer.extend(search);
      trainer.run();

      List<String> lines = new ArrayList<>();
      lines.add("chosen " + search.chosenBatchSize());
      lines.add("iteration " + updater.getIteration());
      lines.add("resynchronizations " + updater.resynchronizations());
      lines.add("batch " + it.getBatchSize());
      for (SearchStep step : search.result().steps()) {
        lines.add("step " + step.batchSize() + " " + step.seconds() / step.iterations());
      }
      for (double p : model.params().dup().reshape(model.params().length()).toDoubleVector()) {
        lines.add("param " + p);
      }
      Files.write(dir.resolve("rank-" + comm.rank()), lines);
    }
  }

  /**
   * Rank 1 arrives late at every step: the delay is outside its own timing, so only the member that
   * waits for it at the step's allreduce sees it, and only the maximum over the members reports it.
   */
  private static UnaryOperator<ProbeRunner> lateBy(long millis) {
    return runner ->
        new ProbeRunner() {
          @Override
          public double[] run(int batchSize, int steps) {
            double[] seconds = new double[steps];
            for (int i = 0; i < steps; i++) {
              try {
                Thread.sleep(millis);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
              seconds[i] = runner.run(batchSize, 1)[0];
            }
            return seconds;
          }

          @Override
          public void recoverFromOutOfMemory() {
            runner.recoverFromOutOfMemory();
          }
        };
  }
}
