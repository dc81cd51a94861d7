package org.trainer4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainer4j.datasets.ArrayDataset;
import org.trainer4j.optimizers.Adam;
import org.trainer4j.optimizers.MomentumSGD;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;
import org.trainer4j.testing.TestModels;

class ModelLoadingTest {

  @Test
  void aNetworkWithAPreprocessorEntryIsRefusedBeforeDl4jDeserializesIt() throws IOException {
    Model source = TestModels.mlp(8, 8, 3, 1);
    StateTree state = save(source);
    byte[] network = (byte[]) state.get("network");
    state.put(
        "network", withEntry(network, "preprocessor.bin", new byte[] {(byte) 0xAC, (byte) 0xED}));
    Model target = TestModels.mlp(8, 8, 3, 2);
    INDArray before = target.params().dup();

    assertThatThrownBy(() -> target.serialize(new StateReader(state)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'preprocessor.bin'");
    assertThat(target.params()).isEqualTo(before);
  }

  @Test
  void optimizerStateOfAnotherSizeLeavesTheParametersUntouched() {
    ArrayDataset data = TestModels.data(32, 8, 3, 1);
    Model adamModel = TestModels.mlp(8, 8, 3, 1);
    new Adam(0.01).setup(adamModel);
    adamModel.fit(data.get(new int[] {0, 1, 2, 3}));
    StateTree state = save(adamModel);
    Model momentumModel = TestModels.mlp(8, 8, 3, 2);
    new MomentumSGD(0.01, 0.9).setup(momentumModel);
    INDArray before = momentumModel.params().dup();

    assertThatThrownBy(() -> momentumModel.serialize(new StateReader(state)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("different optimizer");
    assertThat(momentumModel.params()).isEqualTo(before);
  }

  @Test
  void parametersWhoseHeaderClaimsATebibyteAreRefusedBeforeDl4jAllocatesThem() throws IOException {
    StateTree state = save(TestModels.mlp(8, 8, 3, 1));
    ByteArrayOutputStream forged = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(forged);
    out.writeUTF("LONG_SHAPE");
    out.writeLong(6);
    out.writeUTF("LONG");
    for (long v : new long[] {1, 4, 1, 0, 1, 99}) {
      out.writeLong(v);
    }
    out.writeUTF("MIXED_DATA_TYPES");
    out.writeLong(1L << 40);
    out.writeUTF("FLOAT");
    out.write(new byte[16]);
    state.put(
        "network",
        replacing((byte[]) state.get("network"), "coefficients.bin", forged.toByteArray()));
    Model target = TestModels.mlp(8, 8, 3, 2);
    INDArray before = target.params().dup();

    assertThatThrownBy(() -> target.serialize(new StateReader(state)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("invalid entry 'coefficients.bin'")
        .hasMessageContaining("states 1099511627776 FLOAT values");
    assertThat(target.params()).isEqualTo(before);
  }

  @Test
  void aConfigurationInflatingPastItsCapIsRefusedWithoutBeingHeld() throws IOException {
    StateTree state = save(TestModels.mlp(8, 8, 3, 1));
    byte[] spaces = new byte[NetworkBytes.MAX_CONFIGURATION_BYTES + 1];
    java.util.Arrays.fill(spaces, (byte) ' ');
    state.put("network", replacing((byte[]) state.get("network"), "configuration.json", spaces));
    Model target = TestModels.mlp(8, 8, 3, 2);

    assertThatThrownBy(() -> target.serialize(new StateReader(state)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("invalid entry 'configuration.json'")
        .hasMessageContaining("inflates to more than 67108864 bytes");
  }

  private static StateTree save(Model model) {
    StateTree state = new StateTree();
    model.serialize(new StateWriter(state));
    return state;
  }

  /** A copy of the zip with entry {@code name}'s content replaced. */
  private static byte[] replacing(byte[] zipBytes, String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(e.getName().equals(name) ? content : in.readAllBytes());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static byte[] withEntry(byte[] zipBytes, String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(in.readAllBytes());
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    }
    return out.toByteArray();
  }
}
