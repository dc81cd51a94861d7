package org.trainer4j.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded mutation of valid files, for fuzzing readers: bit flips, bytes and 32-bit integers (big
 * and little endian) set to boundary values, truncation, appended, deleted and duplicated chunks.
 * Half of all positions fall in the first 64 bytes, where headers and their sizes live.
 */
public final class Mutator {

  private static final int[] INTS = {
    0,
    1,
    -1,
    0x7F,
    0xFF,
    0x7FFF,
    0xFFFF,
    0x10000,
    0xFFFFFF,
    0x1000000,
    0x7FFFFFFF,
    0x80000000,
    2_700_000
  };
  private static final int[] BYTES = {0, 1, 0x7F, 0x80, 0xFF};

  private final SplittableRandom random;

  /** A mutator drawing from {@code random}. */
  public Mutator(SplittableRandom random) {
    this.random = random;
  }

  /** A copy of {@code input} with one to four mutations stacked. */
  public byte[] mutate(byte[] input) {
    byte[] out = input.clone();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      out = once(out);
    }
    return out;
  }

  private byte[] once(byte[] in) {
    if (in.length == 0) {
      return randomBytes(1 + random.nextInt(16));
    }
    int at = position(in.length);
    switch (random.nextInt(8)) {
      case 0:
        in[at] ^= (byte) (1 << random.nextInt(8));
        return in;
      case 1:
        in[at] =
            (byte) (random.nextBoolean() ? BYTES[random.nextInt(BYTES.length)] : random.nextInt());
        return in;
      case 2:
        return withInt(in, at, INTS[random.nextInt(INTS.length)]);
      case 3:
        return Arrays.copyOf(in, at);
      case 4:
        return concat(in, randomBytes(1 + random.nextInt(64)));
      case 5:
        {
          int end = Math.min(in.length, at + 1 + random.nextInt(64));
          return concat(Arrays.copyOf(in, at), Arrays.copyOfRange(in, end, in.length));
        }
      case 6:
        {
          int end = Math.min(in.length, at + 1 + random.nextInt(256));
          byte[] chunk = Arrays.copyOfRange(in, at, end);
          return concat(
              concat(Arrays.copyOf(in, end), chunk), Arrays.copyOfRange(in, end, in.length));
        }
      default:
        return withInt(in, at, random.nextInt());
    }
  }

  private byte[] withInt(byte[] in, int at, int value) {
    if (in.length < 4) {
      return in;
    }
    int start = Math.min(at, in.length - 4);
    ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    ByteBuffer.wrap(in).order(order).putInt(start, value);
    return in;
  }

  private int position(int length) {
    return random.nextBoolean() ? random.nextInt(Math.min(length, 64)) : random.nextInt(length);
  }

  private byte[] randomBytes(int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) random.nextInt();
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
