package org.trainer4j.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StateArchiveTest {

  @TempDir Path dir;

  @Test
  void everyValueTypeComesBackWithItsExactTypeAndValue() throws IOException {
    StateTree tree = new StateTree();
    tree.put("long", 5L);
    tree.put("double", 0.1 + 0.2);
    tree.put("whole_double", 3.0);
    tree.put("nan", Double.NaN);
    tree.put("minus_infinity", Double.NEGATIVE_INFINITY);
    tree.put("flag", true);
    tree.put("text", "snapshot \"quoted\" ü");
    tree.put("nothing", null);
    tree.put("ints", new int[] {3, 1, 2});
    tree.put("doubles", new double[] {1e-300, Double.NaN, -0.0});
    tree.put("floats", Nd4j.create(new float[] {1.5f, -2f, 3.25f, 4f}, new long[] {2, 2}));
    tree.put("longs", Nd4j.createFromArray(new long[] {Long.MAX_VALUE, 7}));
    tree.put("blob", new byte[] {0, -1, 42});
    tree.childOrCreate("child").childOrCreate("grandchild").put("deep", 9L);
    Path file = dir.resolve("state.zip");

    StateArchive.write(tree, file);
    StateTree read = StateArchive.read(file);

    assertThat(read.entries().keySet()).containsExactlyElementsOf(tree.entries().keySet());
    assertThat(read.get("long")).isEqualTo(5L);
    assertThat(read.get("double")).isEqualTo(0.1 + 0.2);
    assertThat(read.get("whole_double")).isInstanceOf(Double.class).isEqualTo(3.0);
    assertThat((Double) read.get("nan")).isNaN();
    assertThat(read.get("minus_infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(read.get("flag")).isEqualTo(true);
    assertThat(read.get("text")).isEqualTo("snapshot \"quoted\" ü");
    assertThat(read.entries()).containsKey("nothing");
    assertThat(read.get("nothing")).isNull();
    assertThat((int[]) read.get("ints")).containsExactly(3, 1, 2);
    double[] doubles = (double[]) read.get("doubles");
    assertThat(doubles[0]).isEqualTo(1e-300);
    assertThat(doubles[1]).isNaN();
    assertThat(Double.doubleToRawLongBits(doubles[2])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    INDArray floats = (INDArray) read.get("floats");
    assertThat(floats.dataType()).isEqualTo(DataType.FLOAT);
    assertThat(floats.shape()).containsExactly(2, 2);
    assertThat(floats).isEqualTo(tree.get("floats"));
    assertThat(((INDArray) read.get("longs")).getLong(0)).isEqualTo(Long.MAX_VALUE);
    assertThat((byte[]) read.get("blob")).containsExactly(0, -1, 42);
    assertThat(read.child("child").child("grandchild").get("deep")).isEqualTo(9L);
  }

  @Test
  void theArchiveHoldsJsonAndBinaryEntriesButNoJavaSerialization() throws IOException {
    StateTree tree = new StateTree();
    tree.put("array", Nd4j.ones(3));
    tree.put("blob", new byte[] {1});
    Path file = dir.resolve("state.zip");
    StateArchive.write(tree, file);

    try (ZipInputStream zip =
        new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        byte[] content = zip.readAllBytes();
        assertThat(e.getName())
            .isIn("state.json", "arrays/0.nd4j", "blobs/0.bin", ChecksummedZip.MANIFEST);
        // 0xACED is the stream magic of Java serialization.
        assertThat(content.length >= 2 && content[0] == (byte) 0xAC && content[1] == (byte) 0xED)
            .as("entry %s starts with the Java serialization magic", e.getName())
            .isFalse();
      }
    }
  }

  @Test
  void aTruncatedArchiveNamesTheFileAndLoadsNothing() throws IOException {
    StateTree tree = new StateTree();
    tree.put("array", Nd4j.rand(DataType.FLOAT, 100, 100));
    Path file = dir.resolve("snapshot_iter_3");
    StateArchive.write(tree, file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));

    assertThatThrownBy(() -> StateArchive.read(file))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageStartingWith(file.toString());
  }

  @Test
  void malformedStateJsonIsReportedAfterTheChecksumPasses() throws IOException {
    Path file = dir.resolve("bad.zip");
    AtomicFiles.write(
        file,
        out -> {
          ChecksummedZip.Writer w = new ChecksummedZip.Writer(out, StateArchive.FORMAT, 1);
          w.put("state.json", "{\"x\": {\"type\": \"pointer\"}}".getBytes(StandardCharsets.UTF_8));
          w.finish();
        });

    assertThatThrownBy(() -> StateArchive.read(file))
        .isInstanceOf(InvalidStateArchiveException.class)
        .hasMessageContaining("unknown value type 'pointer'")
        .hasMessageContaining("/x");
  }

  @Test
  void aValueOfAnUnsupportedTypeIsRefusedNamingItsPath() {
    StateTree tree = new StateTree();
    tree.childOrCreate("extensions").put("odd", new Object());

    assertThatThrownBy(() -> StateArchive.write(tree, dir.resolve("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/extensions/odd");
    assertThat(dir.resolve("x")).doesNotExist();
  }
}
