package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The content of one IDX file (the MNIST format): an element type, the dimensions (the first one
 * counts the items) and the big-endian data. Produced by {@link IdxReader}; immutable.
 */
public final class IdxArray {

  /** The element types an IDX magic number can name, with their codes and sizes in bytes. */
  public enum Type {
    UNSIGNED_BYTE(0x08, 1),
    SIGNED_BYTE(0x09, 1),
    SHORT(0x0B, 2),
    INT(0x0C, 4),
    FLOAT(0x0D, 4),
    DOUBLE(0x0E, 8);

    private final int code;
    private final int bytes;

    Type(int code, int bytes) {
      this.code = code;
      this.bytes = bytes;
    }

    /** The type code in the third byte of the magic number. */
    public int code() {
      return code;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }

    /** Whether values are whole numbers (usable as class labels). */
    public boolean isInteger() {
      return this != FLOAT && this != DOUBLE;
    }

    /** The type with magic-number code {@code code}, or null if there is none. */
    static Type ofCode(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      return null;
    }
  }

  private final String source;
  private final Type type;
  private final int[] dims;
  private final ByteBuffer data;

  IdxArray(String source, Type type, int[] dims, byte[] data) {
    this.source = source;
    this.type = type;
    this.dims = dims.clone();
    this.data = ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  /** The file or resource this was read from. */
  public String source() {
    return source;
  }

  public Type type() {
    return type;
  }

  /** All dimensions; the first counts the items. */
  public int[] dims() {
    return dims.clone();
  }

  /** Number of items (the first dimension). */
  public int count() {
    return dims[0];
  }

  /** Elements per item: the product of all dimensions but the first. */
  public int itemLength() {
    int n = 1;
    for (int i = 1; i < dims.length; i++) {
      n *= dims[i];
    }
    return n;
  }

  /** Total number of elements. */
  public long length() {
    return (long) count() * itemLength();
  }

  /** Size of the header, where element 0 starts. */
  public int headerBytes() {
    return 4 + 4 * dims.length;
  }

  /** Byte offset of element {@code i} in the (decompressed) file. */
  public long offsetOf(long i) {
    return headerBytes() + i * type.bytes();
  }

  /** Element {@code i} in storage order, as a double. */
  public double value(long i) {
    Preconditions.checkElementIndex((int) i, (int) length(), "element");
    int at = (int) (i * type.bytes());
    return switch (type) {
      case UNSIGNED_BYTE -> data.get(at) & 0xFF;
      case SIGNED_BYTE -> data.get(at);
      case SHORT -> data.getShort(at);
      case INT -> data.getInt(at);
      case FLOAT -> data.getFloat(at);
      case DOUBLE -> data.getDouble(at);
    };
  }

  /**
   * All elements as floats, multiplied by {@code scale} (e.g. {@code 1/255.0} to bring unsigned
   * bytes into {@code [0, 1]}).
   */
  public float[] toFloats(double scale) {
    Preconditions.checkState(
        length() <= Integer.MAX_VALUE, "%s has too many elements for one array", source);
    float[] out = new float[(int) length()];
    if (type == Type.UNSIGNED_BYTE) {
      float[] table = new float[256]; // in double, so 3 * (1/255.0) rounds like 3/255f
      for (int v = 0; v < 256; v++) {
        table[v] = (float) (v * scale);
      }
      for (int i = 0; i < out.length; i++) {
        out[i] = table[data.get(i) & 0xFF];
      }
    } else {
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (value(i) * scale);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "IdxArray[" + source + ", " + type + " " + Arrays.toString(dims) + "]";
  }
}
