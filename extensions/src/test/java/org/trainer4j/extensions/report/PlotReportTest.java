package org.trainer4j.extensions.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainer4j.extensions.TinyRun;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.IteratorOnlyUpdater;
import org.trainer4j.training.Trainer;
import org.trainer4j.training.triggers.IntervalTrigger;

class PlotReportTest {

  @TempDir Path out;

  @Test
  void drawsAPngWithOnePointPerEpochForEachKey() throws IOException {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(3));
    PlotReport plot =
        PlotReport.builder("main/loss", "main/accuracy")
            .filename("curves.png")
            .size(400, 300)
            .build();
    trainer.extend(plot);

    trainer.run();

    BufferedImage image = ImageIO.read(out.resolve("curves.png").toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(400);
    assertThat(image.getHeight()).isEqualTo(300);
    assertThat(plot.points("main/loss")).extracting(xy -> xy[0]).containsExactly(1.0, 2.0, 3.0);
    assertThat(plot.points("main/accuracy")).hasSize(3);
  }

  @Test
  void plotsAgainstIterationsWhenAsked() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.iterations(6));
    PlotReport plot =
        PlotReport.builder("main/loss")
            .xKey("iteration")
            .trigger(IntervalTrigger.iterations(2))
            .build();
    trainer.extend(plot);

    trainer.run();

    assertThat(plot.points("main/loss")).extracting(xy -> xy[0]).containsExactly(2.0, 4.0, 6.0);
    assertThat(out.resolve("plot.png")).exists();
  }

  @Test
  void keysNeverObservedProduceNoFile() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(1));
    trainer.extend(PlotReport.of("validation/main/loss"));

    trainer.run();

    assertThat(out.resolve("plot.png")).doesNotExist();
  }

  @Test
  void itsPointsSurviveSerialization() {
    Trainer trainer = TinyRun.trainer(out, IntervalTrigger.epochs(2));
    PlotReport plot = PlotReport.of("main/loss");
    trainer.extend(plot);
    trainer.run();
    StateTree state = new StateTree();
    plot.serialize(new StateWriter(state));

    PlotReport restored = PlotReport.of("main/loss");
    restored.serialize(new StateReader(state));

    assertThat(restored.points("main/loss")).containsExactlyElementsOf(plot.points("main/loss"));
  }

  @Test
  void runEveryFewIterationsItAddsAPointAtItsFirstCallAfterEachEpochAsChainers() {
    Trainer trainer =
        new Trainer(IteratorOnlyUpdater.over(3, 1), IntervalTrigger.iterations(6), out);
    PlotReport plot = PlotReport.builder("main/loss").xKey("iteration").build();
    trainer.extend(plot, IntervalTrigger.iterations(2));

    trainer.run();

    assertThat(plot.points("main/loss")).extracting(xy -> xy[0]).containsExactly(4.0, 6.0);
    assertThat(plot.points("main/loss")).extracting(xy -> xy[1]).containsExactly(3.0, 6.0);
  }

  @Test
  void refusesSizesWhoseImageWouldNotFitInMemoryNamingTheSide() {
    assertThat(PlotReport.builder("main/loss").size(16384, 480).build()).isNotNull();
    assertThatThrownBy(() -> PlotReport.builder("main/loss").size(70000, 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("width must be at most 16384: 70000");
    assertThatThrownBy(() -> PlotReport.builder("main/loss").size(640, 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("height must be at most 16384: 70000");
    assertThatThrownBy(() -> PlotReport.builder("main/loss").size(16384, 16384))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("width * height must be at most 67108864 pixels");
  }
}
