// A training script in one file, run by the JDK's source launcher (no project, no build):
//
//   java --class-path "$(java -jar samples/target/trainer4j-samples.jar classpath)" \
//       samples/scripts/FashionMlp.java [OUTPUT_DIR]
//
// It trains an MLP on the Fashion-MNIST subset bundled in the samples jar and writes its log, a
// snapshot per epoch and an accuracy plot to OUTPUT_DIR (default result/fashion-mlp).

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.trainer4j.datasets.ChannelStandardizer;
import org.trainer4j.datasets.DatasetSplit;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.extensions.evaluation.Evaluator;
import org.trainer4j.extensions.report.LogReport;
import org.trainer4j.extensions.report.PlotReport;
import org.trainer4j.extensions.report.PrintReport;
import org.trainer4j.extensions.snapshot.Snapshot;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

public final class FashionMlp {
  public static void main(String[] args) {
    FashionMnist data = FashionMnist.bundledSubset(ImageLayout.FLAT);
    DatasetSplit split = DatasetSplit.of(data.train(), 0.1, 42);
    ChannelStandardizer norm = ChannelStandardizer.fit(split.train());
    var net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(42)
                .list()
                .layer(
                    new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU).build())
                .layer(
                    new OutputLayer.Builder(LossFunction.MCXENT)
                        .nIn(128)
                        .nOut(FashionMnist.NUM_CLASSES)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
    Model model = Model.of(net);
    var optimizer = new Adam(1e-3);
    optimizer.setup(model);
    var train = SerialIterator.of(norm.applyTo(split.train()), 64);
    var validation =
        SerialIterator.builder(norm.applyTo(split.validation())).batchSize(500).repeat(false);
    Path out = Path.of(args.length > 0 ? args[0] : "result/fashion-mlp");
    var trainer =
        new Trainer(new StandardUpdater(train, optimizer), IntervalTrigger.epochs(2), out);
    trainer.extend(Evaluator.of(validation.build()));
    trainer.extend(new LogReport());
    trainer.extend(
        PrintReport.of("epoch", "main/loss", "validation/main/accuracy", "elapsed_time"));
    trainer.extend(
        PlotReport.builder("main/accuracy", "validation/main/accuracy")
            .filename("accuracy.png")
            .build());
    trainer.extend(Snapshot.builder().nRetains(1).build());
    trainer.run();
  }
}
