package org.trainer4j.extensions.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Extension;
import org.trainer4j.training.PreemptionSignals;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * A child JVM's training job, as a program would set it up for preemption: an MLP with dropout, 16
 * iterations an epoch, snapshots every epoch with autoload, signals installed. Prints {@code
 * iteration N} after each one; at the end writes the parameters to {@code params.bin} and exits 0,
 * or exits {@link PreemptionSignals#EXIT_PREEMPTED} if stopped. Arguments: output directory, total
 * iterations, and optionally an iteration after which it waits (up to a minute) for a signal, so
 * that a test's signal lands there however slow the machine is.
 */
public final class PreemptibleTraining {

  private PreemptibleTraining() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    long iterations = Long.parseLong(args[1]);
    long waitAfter = args.length > 2 ? Long.parseLong(args[2]) : -1;
    var conf =
        new NeuralNetConfiguration.Builder()
            .seed(4)
            .list()
            .layer(
                new DenseLayer.Builder()
                    .nIn(8)
                    .nOut(16)
                    .activation(Activation.RELU)
                    .dropOut(0.5)
                    .build())
            .layer(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(16)
                    .nOut(3)
                    .activation(Activation.SOFTMAX)
                    .build())
            .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    Model model = Model.of(net);
    Adam optimizer = new Adam(0.01);
    optimizer.setup(model);
    var data = TestModels.data(64, 8, 3, 1);
    var iterator = SerialIterator.builder(data).batchSize(4).seed(3).build();
    Trainer trainer =
        new Trainer(
            new StandardUpdater(iterator, optimizer), IntervalTrigger.iterations(iterations), out);
    trainer.extend(new LogReport());
    trainer.extend(Snapshot.builder().autoload(true).build());
    trainer.extend(
        (Extension)
            t -> {
              System.out.println("iteration " + t.getUpdater().getIteration());
              System.out.flush();
              if (t.getUpdater().getIteration() == waitAfter) {
                awaitStopRequest(t);
              }
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
    Files.write(out.resolve("params.bin"), Nd4j.toByteArray(model.params()));
    System.exit(0);
  }

  private static void awaitStopRequest(Trainer trainer) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (trainer.stopRequest().isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
