import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.extensions.minibatch.MinibatchSizeOptimizer;
import org.trainer4j.extensions.minibatch.SearchResult;
import org.trainer4j.extensions.minibatch.SearchStep;
import org.trainer4j.extensions.minibatch.ThroughputMaximize;
import org.trainer4j.iterators.SerialIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.samples.data.FashionMnist;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/** Two searches of the tune benchmark's full-data MLP in one cold JVM: 32 as each measured it. */
public class ColdSearch {
  public static void main(String[] args) {
    FashionMnist fm = FashionMnist.load(Path.of("/usr/share/datasets/fashion-mnist"), ImageLayout.FLAT);
    var conf = new NeuralNetConfiguration.Builder().seed(1).weightInit(WeightInit.RELU).list()
        .layer(new DenseLayer.Builder().nIn(784).nOut(1024).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new ActivationLayer(Activation.RELU))
        .layer(new DenseLayer.Builder().nOut(1024).activation(Activation.IDENTITY).build())
        .layer(new BatchNormalization.Builder().build())
        .layer(new ActivationLayer(Activation.RELU))
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
            .activation(Activation.SOFTMAX).build())
        .setInputType(InputType.feedForward(784)).build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    Model model = Model.of(net);
    Adam adam = new Adam(0.001);
    adam.setup(model);
    SerialIterator it = SerialIterator.builder(fm.train()).batchSize(32).seed(1).build();
    Trainer trainer = new Trainer(new StandardUpdater(it, adam), IntervalTrigger.epochs(20), Path.of(args[0]));
    StringBuilder out = new StringBuilder();
    for (String when : new String[] {"cold", "warm"}) {
      it.setBatchSize(32);
      MinibatchSizeOptimizer mso = MinibatchSizeOptimizer.builder(ThroughputMaximize.create()).writeFiles(false).build();
      mso.call(trainer);
      SearchResult r = mso.result();
      SearchStep first = r.steps().get(0);
      out.append(String.format("%s: 32 per example %.4g ms (warm-up steps %d), pick %d, probe %.2f s%n",
          when, first.perExampleSeconds() * 1e3, first.warmupIterations(), r.chosenBatchSize(), r.probeSeconds()));
    }
    System.out.print(out);
  }
}
