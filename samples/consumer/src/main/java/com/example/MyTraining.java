package com.example;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.trainer4j.datasets.DatasetSplit;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.extensions.minibatch.MinibatchSizeOptimizer;
import org.trainer4j.extensions.minibatch.ThroughputMaximize;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.extensions.snapshot.Snapshot;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/** A user's training script: tunes the batch size, then trains, validates, logs and snapshots. */
public final class MyTraining {
  public static void main(String[] args) {
    var data = SyntheticDataset.classification(2000, new long[] {20}, 4, 3.0, 1);
    var split = DatasetSplit.of(data, 0.2, 1);
    var net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(1)
                .list()
                .layer(
                    new DenseLayer.Builder().nIn(20).nOut(64).activation(Activation.RELU).build())
                .layer(
                    new OutputLayer.Builder(LossFunction.MCXENT)
                        .nIn(64)
                        .nOut(4)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
    Model model = Model.of(net);
    var optimizer = new Adam(1e-3);
    optimizer.setup(model);
    var updater = new StandardUpdater(SerialIterator.of(split.train(), 32), optimizer);
    Path out = Path.of(args.length > 0 ? args[0] : "result");
    var trainer = new Trainer(updater, IntervalTrigger.epochs(3), out);
    trainer.extend(
        MinibatchSizeOptimizer.builder(ThroughputMaximize.create()).maxBatchSize(256).build());
    var validation = SerialIterator.builder(split.validation()).batchSize(100).repeat(false);
    trainer.extend(Evaluator.of(validation.build()));
    trainer.extend(new LogReport());
    trainer.extend(Snapshot.builder().nRetains(1).build());
    trainer.run();
  }
}
