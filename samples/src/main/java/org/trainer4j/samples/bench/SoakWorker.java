package org.trainer4j.samples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.factory.Nd4j;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.ImageAugmentation;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.datasets.SubsetDataset;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.extensions.schedule.ExponentialShift;
import org.trainer4j.extensions.snapshot.Snapshot;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.cnn.FashionCnn;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.training.Extension;
import org.trainer4j.training.PreemptionSignals;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * One process of the kill-and-resume soak ({@link KillResumeSoak}): the main job's CNN (dropout
 * 0.4, Adam, learning-rate decay every epoch, mirror-and-shift augmentation) on the first examples
 * of the bundled Fashion-MNIST subset, a snapshot every few iterations, autoload on, signals
 * handled. Prints {@code iteration N} after each iteration; at the end writes the parameters to
 * {@code params.bin} (ND4J binary) and exits 0; exits 75 when stopped by a signal.
 */
public final class SoakWorker {

  private SoakWorker() {}

  /** The settings, passed as arguments in this order. */
  record Settings(
      Path dir, int examples, int batchSize, long iterations, int snapshotEvery, long seed) {

    String[] toArgs() {
      return new String[] {
        dir.toString(),
        String.valueOf(examples),
        String.valueOf(batchSize),
        String.valueOf(iterations),
        String.valueOf(snapshotEvery),
        String.valueOf(seed)
      };
    }

    static Settings parse(String[] args) {
      return new Settings(
          Path.of(args[0]),
          Integer.parseInt(args[1]),
          Integer.parseInt(args[2]),
          Long.parseLong(args[3]),
          Integer.parseInt(args[4]),
          Long.parseLong(args[5]));
    }
  }

  public static void main(String[] args) throws Exception {
    Settings s = Settings.parse(args);
    FashionMnist fm = FashionMnist.bundledSubset(ImageLayout.CHANNELS_FIRST);
    Dataset train =
        ImageAugmentation.flipAndShift(2)
            .apply(SubsetDataset.first(fm.train(), s.examples()), s.seed());
    Model model = Model.of(FashionCnn.build(s.seed(), 0.4));
    Adam optimizer = new Adam(1e-3);
    optimizer.setup(model);
    var iterator = SerialIterator.builder(train).batchSize(s.batchSize()).seed(s.seed()).build();
    Trainer trainer =
        new Trainer(
            new StandardUpdater(iterator, optimizer),
            IntervalTrigger.iterations(s.iterations()),
            s.dir());
    trainer.extend(new ExponentialShift("lr", 0.85), IntervalTrigger.epochs(1));
    trainer.extend(new LogReport());
    trainer.extend(
        Snapshot.builder().autoload(true).nRetains(2).build(),
        IntervalTrigger.iterations(s.snapshotEvery()));
    trainer.extend(
        (Extension)
            t -> {
              System.out.println("iteration " + t.getUpdater().getIteration());
              System.out.flush();
            },
        "progress",
        null,
        null);
    try (PreemptionSignals signals = PreemptionSignals.install(trainer)) {
      trainer.run();
    }
    if (trainer.stopRequest().isPresent()) {
      System.exit(PreemptionSignals.EXIT_PREEMPTED);
    }
    Files.write(s.dir().resolve("params.bin"), Nd4j.toByteArray(model.params()));
    System.out.println("done");
    System.exit(0);
  }
}
