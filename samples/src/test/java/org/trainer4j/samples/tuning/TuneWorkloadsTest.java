package org.trainer4j.samples.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainer4j.model.Model;

class TuneWorkloadsTest {

  private final TuneWorkloads quick = new TuneWorkloads(null, true, 1);
  private final TuneWorkloads full = new TuneWorkloads(null, false, 1);

  @ParameterizedTest
  @ValueSource(strings = {"vgg16", "resnet50"})
  void theSeedPapersWorkloadsHaveCifar100sShapeAndEpochLength(String name) {
    TuneWorkloads.Workload workload = full.create(name);

    assertThat(workload.name()).isEqualTo(name + "-cifar100");
    assertThat(workload.data().exampleShape()).containsExactly(3, 32, 32);
    assertThat(workload.data().labelWidth()).isEqualTo(100);
    assertThat(workload.data().size()).isEqualTo(50_000);
    assertThat(workload.grid()).startsWith(8).endsWith(256);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vgg16", "resnet50"})
  void theSeedPapersModelsClassifyTheirWorkloadsExamples(String name) {
    TuneWorkloads.Workload workload = quick.create(name);
    Model model = workload.model().get();
    model.setTraining(false);

    var batch = workload.data().get(new int[] {0, 1});
    assertThat(model.output(batch.features()).shape()).containsExactly(2, 100);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vgg", "imagenet"})
  void anUnknownWorkloadIsRefusedNamingTheKnownOnes(String name) {
    assertThatThrownBy(() -> quick.create(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name)
        .hasMessageContaining("vgg16, resnet50");
  }
}
