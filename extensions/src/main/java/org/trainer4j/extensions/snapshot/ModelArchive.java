package org.trainer4j.extensions.snapshot;

import com.google.common.base.Preconditions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.trainer4j.model.Model;
import org.trainer4j.serialization.AtomicFiles;
import org.trainer4j.serialization.ChecksummedZip;
import org.trainer4j.serialization.InvalidStateArchiveException;
import org.trainer4j.serialization.StateReader;
import org.trainer4j.serialization.StateTree;
import org.trainer4j.serialization.StateWriter;

/**
 * A model-only snapshot file: DL4J's own model zip (configuration, parameters, optimizer state)
 * with a checksum manifest added, so plain DL4J loads it ({@code
 * ModelSerializer.restoreMultiLayerNetwork(file)}) and trainer4j verifies it before loading.
 */
public final class ModelArchive {

  /** The format name in the manifest. */
  public static final String FORMAT = "trainer4j-model";

  public static final int VERSION = 1;

  private static final String NETWORK = "network";
  private static final String TRAINING = "training";

  private ModelArchive() {}

  /** Writes {@code model} to {@code file} atomically. */
  public static void write(Model model, Path file) throws IOException {
    Preconditions.checkNotNull(model, "model");
    Preconditions.checkNotNull(file, "file");
    StateTree state = new StateTree();
    model.serialize(new StateWriter(state));
    byte[] network = (byte[]) state.get(NETWORK);
    AtomicFiles.write(
        file,
        out -> {
          ChecksummedZip.Writer zip = new ChecksummedZip.Writer(out, FORMAT, VERSION);
          try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(network))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
              zip.put(e.getName(), in.readAllBytes());
            }
          }
          zip.finish();
        });
  }

  /**
   * Verifies {@code file} and loads its parameters and optimizer state into {@code model}; on any
   * failure {@code model} is unchanged.
   *
   * @throws UncheckedIOException naming the file if it is unreadable or corrupt
   * @throws IllegalStateException naming the file and the mismatch if it holds another network
   */
  public static void load(Path file, Model model) {
    Preconditions.checkNotNull(file, "file");
    Preconditions.checkNotNull(model, "model");
    ChecksummedZip.Contents contents;
    try {
      contents = ChecksummedZip.read(file, FORMAT, VERSION);
    } catch (InvalidStateArchiveException e) {
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException("cannot read model snapshot " + file + ": " + e, e));
    }
    StateTree state = new StateTree();
    state.put(TRAINING, model.isTraining());
    state.put(NETWORK, rezip(contents.entries()));
    try {
      model.serialize(new StateReader(state));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "model snapshot " + file + " does not fit this model: " + e.getMessage(), e);
    }
  }

  private static byte[] rezip(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory zip failed", e);
    }
    return bytes.toByteArray();
  }
}
