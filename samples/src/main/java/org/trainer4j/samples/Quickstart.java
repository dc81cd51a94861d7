package org.trainer4j.samples;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.extensions.report.PrintReport;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/** The README's quickstart: an MLP trained by a Trainer, with an epoch log printed as a table. */
public final class Quickstart {
  public static void main(String[] args) {
    var data = SyntheticDataset.classification(2000, new long[] {20}, 4, 3.0, 42);
    var net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(42)
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
    var optimizer = new MomentumSGD(0.01, 0.9);
    optimizer.setup(model);
    var updater = new StandardUpdater(SerialIterator.of(data, 32), optimizer);
    var trainer = new Trainer(updater, IntervalTrigger.epochs(5), Path.of("result/quickstart"));
    trainer.extend(new LogReport());
    trainer.extend(PrintReport.of("epoch", "main/loss", "main/accuracy", "elapsed_time"));
    trainer.run();
  }
}
