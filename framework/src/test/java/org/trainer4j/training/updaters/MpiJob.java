package org.trainer4j.training.updaters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.Batch;
import org.trainer4j.parallel.Communicator;
import org.trainer4j.parallel.Communicators;
import org.trainer4j.serialization.StateArchive;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.DistributedJob.Norm;
import org.trainer4j.training.updaters.DistributedJob.Parts;

/**
 * The program {@code DistributedUpdaterMpiTest} starts under {@code mpirun}: {@code MpiJob
 * <scenario> <dir> <timeout seconds>} trains {@link DistributedJob} with {@link
 * Communicators#auto()} and writes what the test compares into {@code dir}, one file per rank.
 */
final class MpiJob {

  static final int STEPS = 4;

  private MpiJob() {}

  public static void main(String[] args) throws Exception {
    String scenario = args[0];
    Path dir = Path.of(args[1]);
    try (Communicator comm = Communicators.auto(Duration.ofSeconds(Long.parseLong(args[2])))) {
      switch (scenario) {
        case "equivalence" -> equivalence(comm, dir);
        case "kill" -> failing(comm, true);
        case "hang" -> failing(comm, false);
        case "snapshot" -> snapshot(comm, dir);
        case "resume" -> resume(comm, dir);
        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
      }
    }
  }

  /** Trains without BN and with SyncBN; records SyncBN's output and raw gradient on a shard. */
  private static void equivalence(Communicator comm, Path dir) throws IOException {
    for (Norm norm : List.of(Norm.NONE, Norm.SYNC)) {
      Parts parts = DistributedJob.create(norm, 3 + comm.rank());
      DistributedUpdater updater = parts.updater(comm, 1);
      for (int step = 0; step < STEPS; step++) {
        updater.update();
      }
      write(dir.resolve("params-" + norm + "-" + comm.rank()), parts.model().params());
    }
    Parts parts = DistributedJob.create(Norm.SYNC, 3);
    Batch whole = parts.iterator().next();
    int shard = whole.size() / comm.size();
    Batch mine = Shards.rows(whole, comm.rank(), shard);
    Shards.bind(parts.model(), comm);
    var net = parts.model().unwrap(MultiLayerNetwork.class);
    INDArray out = net.feedForwardToLayer(1, mine.features(), true).get(2);
    parts.model().computeGradients(mine);
    Shards.bind(parts.model(), null);
    write(dir.resolve("bn-output-" + comm.rank()), out);
    write(dir.resolve("bn-gradient-" + comm.rank()), parts.model().gradients());
  }

  /** Rank 1 is killed (SIGKILL) or hangs in its third step; rank 0 trains on. */
  private static void failing(Communicator comm, boolean kill) throws Exception {
    Parts parts = DistributedJob.create(Norm.NONE, 3);
    DistributedUpdater updater = parts.updater(comm, 100);
    for (int step = 0; step < 1000; step++) {
      if (step == 2 && comm.rank() == 1) {
        if (kill) {
          new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
              .start()
              .waitFor();
        }
        Thread.sleep(Duration.ofMinutes(10).toMillis());
      }
      updater.update();
    }
  }

  /** An uninterrupted run of 2 x STEPS, and a run of STEPS whose state rank 0 saves. */
  private static void snapshot(Communicator comm, Path dir) throws IOException {
    Trainer uninterrupted = trainer(comm, 2 * STEPS, dir);
    uninterrupted.run();
    write(dir.resolve("params-uninterrupted-" + comm.rank()), model(uninterrupted).params());
    Trainer first = trainer(comm, STEPS, dir);
    first.run();
    if (comm.isRoot()) {
      StateArchive.write(first.saveState(), dir.resolve("snapshot.zip"));
    }
    comm.barrier();
  }

  /** Resumes rank 0's snapshot and trains to 2 x STEPS. */
  static void resume(Communicator comm, Path dir) throws IOException {
    Trainer resumed = trainer(comm, 2 * STEPS, dir);
    resumed.resume(dir.resolve("snapshot.zip"));
    resumed.run();
    write(
        dir.resolve("params-resumed-" + comm.size() + "-" + comm.rank()), model(resumed).params());
  }

  static Trainer trainer(Communicator comm, long steps, Path dir) {
    Parts parts = DistributedJob.create(Norm.SYNC, 3 + comm.rank());
    return new Trainer(
        parts.updater(comm, 2), IntervalTrigger.iterations(steps), dir.resolve("out"));
  }

  static org.trainer4j.model.Model model(Trainer trainer) {
    return trainer.getUpdater().getOptimizer().getModel();
  }

  static void write(Path file, INDArray values) throws IOException {
    List<String> lines = new ArrayList<>();
    for (double v : values.dup().reshape(values.length()).toDoubleVector()) {
      lines.add(Double.toString(v));
    }
    Files.write(file, lines);
  }

  static double[] read(Path file) throws IOException {
    return Files.readAllLines(file).stream().mapToDouble(Double::parseDouble).toArray();
  }
}
