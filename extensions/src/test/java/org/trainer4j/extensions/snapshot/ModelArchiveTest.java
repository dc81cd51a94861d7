package org.trainer4j.extensions.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.model.Model;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.testing.TestModels;

class ModelArchiveTest {

  @TempDir Path dir;

  @Test
  void plainDl4jLoadsTheFile() throws IOException {
    Model model = TestModels.mlp(8, 8, 3, 1);
    Path file = dir.resolve("model.zip");

    ModelArchive.write(model, file);
    MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);

    assertThat(restored.params()).isEqualTo(model.params());
  }

  @Test
  void loadsParametersAndOptimizerStateIntoAnotherInstance() throws IOException {
    Model model = TestModels.mlp(8, 8, 3, 1);
    new MomentumSGD(0.1, 0.9).setup(model);
    model.fit(TestModels.data(16, 8, 3, 1).get(new int[] {0, 1, 2, 3}));
    Path file = dir.resolve("model.zip");
    ModelArchive.write(model, file);
    Model other = TestModels.mlp(8, 8, 3, 2);
    new MomentumSGD(0.1, 0.9).setup(other);

    ModelArchive.load(file, other);

    assertThat(other.params()).isEqualTo(model.params());
    assertThat(other.updaterState()).isEqualTo(model.updaterState());
  }

  @Test
  void aCorruptFileIsAnErrorNamingItAndTheModelStaysAsItWas() throws IOException {
    Path file = dir.resolve("model.zip");
    ModelArchive.write(TestModels.mlp(8, 8, 3, 1), file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 3] ^= 0x33;
    Files.write(file, bytes);
    Model other = TestModels.mlp(8, 8, 3, 2);
    INDArray before = other.params().dup();

    assertThatThrownBy(() -> ModelArchive.load(file, other))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString());
    assertThat(other.params()).isEqualTo(before);
  }

  @Test
  void anotherArchitectureIsAnErrorNamingFileAndParameter() throws IOException {
    Path file = dir.resolve("wide.zip");
    ModelArchive.write(TestModels.mlp(8, 16, 3, 1), file);
    Model narrow = TestModels.mlp(8, 8, 3, 2);
    INDArray before = narrow.params().dup();

    assertThatThrownBy(() -> ModelArchive.load(file, narrow))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("0_W");
    assertThat(narrow.params()).isEqualTo(before);
  }
}
