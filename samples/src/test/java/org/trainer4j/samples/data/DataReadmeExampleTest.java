package org.trainer4j.samples.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.datasets.ChannelStandardizer;
import org.trainer4j.datasets.Dataset;
import org.trainer4j.datasets.DatasetSplit;
import org.trainer4j.datasets.ImageLayout;
import org.trainer4j.iterators.PrefetchIterator;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.testing.TestModels;
import org.trainer4j.training.Extensions;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;
import org.trainer4j.training.updaters.StandardUpdater;

/** Runs docs/data.md's example (on the bundled subset, as tests never use installed data). */
class DataReadmeExampleTest {

  @TempDir Path out;

  @Test
  void readmeDataExampleTrainsOnTheBundledSubsetWithPrefetching() {
    FashionMnist data = FashionMnist.bundledSubset(ImageLayout.FLAT);
    DatasetSplit split = DatasetSplit.of(data.train(), 0.1, 42);
    ChannelStandardizer norm = ChannelStandardizer.fit(split.train());
    Dataset train = norm.applyTo(split.train());
    Dataset validation = norm.applyTo(split.validation());
    Model model = TestModels.mlp(784, 64, 10, 1);
    Adam optimizer = new Adam(1e-3);
    optimizer.setup(model);
    PrefetchIterator iterator =
        PrefetchIterator.builder(train).batchSize(128).workers(4).seed(0).name("readme").build();
    Trainer trainer =
        new Trainer(new StandardUpdater(iterator, optimizer), IntervalTrigger.iterations(40), out);
    List<Double> losses = new ArrayList<>();
    trainer.extend(Extensions.of("loss", t -> losses.add(t.getObservation().get("main/loss"))));

    trainer.run();

    assertThat(data.source()).contains("bundled subset");
    assertThat(validation.size()).isEqualTo(600);
    assertThat(losses.get(39)).isLessThan(losses.get(0) / 2);
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().startsWith("trainer4j-prefetch-readme-"));
  }
}
