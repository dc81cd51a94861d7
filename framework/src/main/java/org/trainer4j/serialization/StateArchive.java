package org.trainer4j.serialization;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The snapshot file format: a {@link StateTree} as a {@link ChecksummedZip} holding {@code
 * state.json} (the tree with every value tagged by type, so longs, doubles and arrays come back
 * exactly as saved), ND4J arrays as {@code arrays/<n>.nd4j} in ND4J's binary format and binary
 * blobs (the model, written by DL4J's own serializer) as {@code blobs/<n>.bin}. Written atomically
 * (temp file, fsync, move) and verified before parsing; no Java serialization anywhere.
 */
public final class StateArchive {

  /** The format name in the manifest. */
  public static final String FORMAT = "trainer4j-state";

  /** The archive layout version written; readers accept this and older ones. */
  public static final int VERSION = 1;

  static final String STATE_ENTRY = "state.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StateArchive() {}

  /**
   * Writes {@code state} to {@code file} atomically: a reader (or a crash) sees the old file or the
   * complete new one.
   *
   * @throws IllegalArgumentException naming the path of a value of an unsupported type
   */
  public static void write(StateTree state, Path file) throws IOException {
    Preconditions.checkNotNull(state, "state");
    Preconditions.checkNotNull(file, "file");
    AtomicFiles.write(
        file,
        out -> {
          ChecksummedZip.Writer zip = new ChecksummedZip.Writer(out, FORMAT, VERSION);
          Encoder encoder = new Encoder(zip);
          ObjectNode root = encoder.tree(state, "");
          zip.put(STATE_ENTRY, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
          zip.finish();
        });
  }

  /**
   * Reads a state written by {@link #write}.
   *
   * @throws InvalidStateArchiveException naming the file and what failed (truncated, checksum
   *     mismatch, missing entry, malformed state, unknown format or version)
   */
  public static StateTree read(Path file) throws IOException {
    ChecksummedZip.Contents contents = ChecksummedZip.read(file, FORMAT, VERSION);
    JsonNode root;
    try {
      root = JSON.readTree(new String(contents.require(STATE_ENTRY), StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new InvalidStateArchiveException(
          file, STATE_ENTRY + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidStateArchiveException(file, STATE_ENTRY + " does not hold a state tree");
    }
    return new Decoder(contents).tree(root, "");
  }

  /** Turns a tree into tagged JSON, writing arrays and blobs as entries as it goes. */
  private static final class Encoder {
    private final ChecksummedZip.Writer zip;
    private int arrays;
    private int blobs;

    Encoder(ChecksummedZip.Writer zip) {
      this.zip = zip;
    }

    ObjectNode tree(StateTree tree, String path) throws IOException {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, Object> e : tree.entries().entrySet()) {
        node.set(e.getKey(), value(e.getValue(), path + "/" + e.getKey()));
      }
      return node;
    }

    private ObjectNode value(Object v, String path) throws IOException {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      if (v == null) {
        node.put("type", "null");
      } else if (v instanceof StateTree t) {
        node.put("type", "tree").set("value", tree(t, path));
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
        node.put("type", "long").put("value", ((Number) v).longValue());
      } else if (v instanceof Double || v instanceof Float) {
        node.put("type", "double").set("value", number(((Number) v).doubleValue()));
      } else if (v instanceof Boolean b) {
        node.put("type", "boolean").put("value", b);
      } else if (v instanceof String s) {
        node.put("type", "string").put("value", s);
      } else if (v instanceof int[] ints) {
        ArrayNode array = node.put("type", "int[]").putArray("value");
        for (int i : ints) {
          array.add(i);
        }
      } else if (v instanceof double[] doubles) {
        ArrayNode array = node.put("type", "double[]").putArray("value");
        for (double d : doubles) {
          array.add(number(d));
        }
      } else if (v instanceof INDArray a) {
        String entry = "arrays/" + arrays++ + ".nd4j";
        zip.put(entry, Nd4j.toByteArray(a));
        node.put("type", "ndarray").put("entry", entry);
      } else if (v instanceof byte[] bytes) {
        String entry = "blobs/" + blobs++ + ".bin";
        zip.put(entry, bytes);
        node.put("type", "bytes").put("entry", entry);
      } else {
        throw new IllegalArgumentException(
            "state value " + path + " is a " + v.getClass().getName() + ", which cannot be saved");
      }
      return node;
    }

    /** JSON has no NaN or infinities: those become strings; finite values keep every digit. */
    private static JsonNode number(double d) {
      return Double.isFinite(d)
          ? JsonNodeFactory.instance.numberNode(d)
          : JsonNodeFactory.instance.textNode(Double.toString(d));
    }
  }

  /** Rebuilds a tree from tagged JSON and the verified entries. */
  private static final class Decoder {
    private final ChecksummedZip.Contents contents;

    Decoder(ChecksummedZip.Contents contents) {
      this.contents = contents;
    }

    StateTree tree(JsonNode node, String path) throws InvalidStateArchiveException {
      if (!node.isObject()) {
        throw malformed(path, "a tree must be a JSON object");
      }
      StateTree tree = new StateTree();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (f.getKey().isEmpty() || f.getKey().contains("/")) {
          throw malformed(path, "invalid key '" + f.getKey() + "'");
        }
        tree.put(f.getKey(), value(f.getValue(), path + "/" + f.getKey()));
      }
      return tree;
    }

    private Object value(JsonNode node, String path) throws InvalidStateArchiveException {
      String type = node.path("type").asText("");
      JsonNode v = node.path("value");
      switch (type) {
        case "null":
          return null;
        case "tree":
          return tree(v, path);
        case "long":
          if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw malformed(path, "expected an integer, found " + v);
          }
          return v.longValue();
        case "double":
          return number(v, path);
        case "boolean":
          if (!v.isBoolean()) {
            throw malformed(path, "expected a boolean, found " + v);
          }
          return v.booleanValue();
        case "string":
          if (!v.isTextual()) {
            throw malformed(path, "expected a string, found " + v);
          }
          return v.textValue();
        case "int[]":
          return ints(v, path);
        case "double[]":
          return doubles(v, path);
        case "ndarray":
          return array(node.path("entry").asText(""), path);
        case "bytes":
          return contents.require(node.path("entry").asText("")).clone();
        default:
          throw malformed(path, "unknown value type '" + type + "'");
      }
    }

    private INDArray array(String entry, String path) throws InvalidStateArchiveException {
      byte[] bytes = contents.require(entry);
      Optional<String> problem = NdArrayEntries.problem(bytes);
      if (problem.isPresent()) {
        throw malformed(path, "entry '" + entry + "' is not a valid ND4J array: " + problem.get());
      }
      try {
        return Nd4j.fromByteArray(bytes);
      } catch (RuntimeException e) {
        throw malformed(path, "entry '" + entry + "' is not an ND4J array: " + e.getMessage());
      }
    }

    private int[] ints(JsonNode v, String path) throws InvalidStateArchiveException {
      if (!v.isArray()) {
        throw malformed(path, "expected an int array, found " + v);
      }
      int[] out = new int[v.size()];
      for (int i = 0; i < out.length; i++) {
        JsonNode e = v.get(i);
        if (!e.isIntegralNumber() || !e.canConvertToInt()) {
          throw malformed(path, "element " + i + " is not an int: " + e);
        }
        out[i] = e.intValue();
      }
      return out;
    }

    private double[] doubles(JsonNode v, String path) throws InvalidStateArchiveException {
      if (!v.isArray()) {
        throw malformed(path, "expected a double array, found " + v);
      }
      double[] out = new double[v.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = number(v.get(i), path + "[" + i + "]");
      }
      return out;
    }

    private double number(JsonNode v, String path) throws InvalidStateArchiveException {
      if (v.isNumber()) {
        return v.doubleValue();
      }
      if (v.isTextual()) {
        switch (v.textValue()) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            break;
        }
      }
      throw malformed(path, "expected a number, found " + v);
    }

    private InvalidStateArchiveException malformed(String path, String problem) {
      return new InvalidStateArchiveException(
          contents.file(), STATE_ENTRY + " value " + path + ": " + problem);
    }
  }
}
