import java.nio.file.Files;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.trainer4j.datasets.SyntheticDataset;
import org.trainer4j.extensions.minibatch.GoodputOptimizer;
import org.trainer4j.extensions.minibatch.goodput.LrRule;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/**
 * Adaptive goodput on a small dataset: 2,000 synthetic examples (20 features, 4 classes), an MLP
 * (20-64-4), Adam, start size 32, sqrt rule, a re-estimate every epoch, 300 iterations. Near 1,000
 * and above an epoch ends every step or two, so a re-estimate falls inside most intervals between
 * iterations. Prints the log (one line per re-estimate) and the final size.
 */
public final class SmallDataReestimates {
  public static void main(String[] args) throws Exception {
    var data = SyntheticDataset.classification(2000, new long[] {20}, 4, 3.0, 42);
    var net =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .seed(42)
                .list()
                .layer(new DenseLayer.Builder().nIn(20).nOut(64).activation(Activation.RELU).build())
                .layer(
                    new OutputLayer.Builder(LossFunction.MCXENT)
                        .nIn(64)
                        .nOut(4)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
    Model model = Model.of(net);
    var optimizer = new Adam(0.001);
    optimizer.setup(model);
    var iterator = SerialIterator.of(data, 32);
    var trainer =
        new Trainer(
            new StandardUpdater(iterator, optimizer),
            IntervalTrigger.iterations(300),
            Files.createTempDirectory("small-data"));
    trainer.extend(
        GoodputOptimizer.builder().everyEpochs(1).lrRule(LrRule.SQRT).writeFiles(false).build());
    trainer.run();
    System.out.println("final size " + iterator.getBatchSize());
  }
}
