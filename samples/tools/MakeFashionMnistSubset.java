import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the Fashion-MNIST subset bundled with the samples: the FIRST 6000 training and FIRST 1000
 * test examples of the original IDX files, in the same format and under the same names. Run from
 * the repository root (Java 17, no build needed):
 *
 * <pre>
 * apt-get install dataset-fashion-mnist
 * java samples/tools/MakeFashionMnistSubset.java /usr/share/datasets/fashion-mnist \
 *     samples/src/main/resources/org/trainer4j/samples/data/fashion-mnist-subset
 * </pre>
 *
 * Prints each file's item count, per-class label counts and the SHA-256 of its decompressed bytes
 * (stable across zlib versions, unlike the gzip bytes).
 */
public final class MakeFashionMnistSubset {

  private static final int TRAIN = 6000;
  private static final int TEST = 1000;

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java MakeFashionMnistSubset.java SOURCE_DIR TARGET_DIR");
      System.exit(2);
    }
    Path source = Path.of(args[0]);
    Path target = Path.of(args[1]);
    Files.createDirectories(target);
    copy(source, target, "train-images-idx3-ubyte.gz", TRAIN);
    copy(source, target, "train-labels-idx1-ubyte.gz", TRAIN);
    copy(source, target, "t10k-images-idx3-ubyte.gz", TEST);
    copy(source, target, "t10k-labels-idx1-ubyte.gz", TEST);
  }

  private static void copy(Path sourceDir, Path targetDir, String name, int count)
      throws IOException, Exception {
    try (DataInputStream in =
        new DataInputStream(new GZIPInputStream(Files.newInputStream(sourceDir.resolve(name))))) {
      int magic = in.readInt();
      int rank = magic & 0xFF;
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = in.readInt();
      }
      if ((magic >>> 8) != 0x08 || dims[0] < count) {
        throw new IOException(name + ": expected unsigned bytes and at least " + count + " items");
      }
      int itemBytes = 1;
      for (int d = 1; d < rank; d++) {
        itemBytes *= dims[d];
      }
      byte[] data = in.readNBytes(count * itemBytes);
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(raw);
      out.writeInt(magic);
      out.writeInt(count);
      for (int d = 1; d < rank; d++) {
        out.writeInt(dims[d]);
      }
      out.write(data);
      out.flush();
      try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(targetDir.resolve(name)))) {
        raw.writeTo(gz);
      }
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.toByteArray()));
      StringBuilder line = new StringBuilder(name + ": " + count + " items, sha256 (decompressed) " + sha);
      if (rank == 1) {
        int[] perClass = new int[256];
        for (byte b : data) {
          perClass[b & 0xFF]++;
        }
        line.append("\n  per class:");
        for (int c = 0; c < 10; c++) {
          line.append(' ').append(c).append('=').append(perClass[c]);
        }
      }
      System.out.println(line);
    }
  }
}
