package org.trainer4j.datasets;

import com.google.common.base.Preconditions;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images in {@code root/<class>/...}: each sub-folder of {@code root} is a class (classes are
 * numbered in sorted folder-name order) and holds its images, possibly in nested folders. Images
 * are decoded with ImageIO when a batch is requested, not up front, so a large folder costs memory
 * only for the batches in flight and decoding overlaps training under a {@code PrefetchIterator}.
 * Each image is centre-cropped to the target aspect ratio, resized bilinearly to the target size
 * and returned as RGB values in {@code [0, 1]}. An image whose header declares more than {@link
 * Builder#maxPixels} pixels is refused by name before decoding, since decoders allocate the raster
 * the header declares.
 */
public final class ImageFolderDataset implements Dataset {

  /** File extensions taken for images (lower case). */
  public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  /**
   * The default cap on the pixels an image file may declare (64 Mi, e.g. 8192x8192): decoding one
   * takes 256 MiB as RGB. Larger images are refused by name rather than risking the heap.
   */
  public static final long DEFAULT_MAX_PIXELS = 1L << 26;

  private static final int CHANNELS = 3;

  /** The longest array the JVM reliably allocates. */
  private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private final Path root;
  private final List<String> classNames;
  private final List<Path> files;
  private final int[] classes;
  private final int width;
  private final int height;
  private final long[] exampleShape;
  private final long maxPixels;

  private ImageFolderDataset(Builder b) {
    this.root = b.root;
    this.maxPixels = b.maxPixels;
    this.width = b.width;
    this.height = b.height;
    this.exampleShape = b.layout.exampleShape(CHANNELS, height, width);
    List<Path> classDirs = classFolders(root);
    List<String> names = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path dir : classDirs) {
      List<Path> images = imagesIn(dir);
      for (Path image : images) {
        if (b.verifyFiles) {
          verifyReadable(image);
        }
        paths.add(image);
        labels.add(names.size());
      }
      names.add(dir.getFileName().toString());
    }
    this.classNames = List.copyOf(names);
    this.files = List.copyOf(paths);
    this.classes = labels.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Starts configuring a dataset over the class folders in {@code root}. */
  public static Builder builder(Path root) {
    return new Builder(root);
  }

  /** Class names (folder names), indexed by class number. */
  public List<String> classNames() {
    return classNames;
  }

  /** The image file of example {@code index}. */
  public Path fileOf(int index) {
    return files.get(index);
  }

  /** The class number of example {@code index}. */
  public int classOf(int index) {
    Preconditions.checkElementIndex(index, classes.length, "index");
    return classes[index];
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public long[] exampleShape() {
    return exampleShape.clone();
  }

  @Override
  public int labelWidth() {
    return classNames.size();
  }

  /**
   * Decodes the images at {@code indices} in the calling thread.
   *
   * @throws DatasetFormatException naming the file and index of an image that cannot be decoded
   */
  @Override
  public Batch get(int[] indices) {
    Preconditions.checkNotNull(indices, "indices");
    Preconditions.checkArgument(indices.length > 0, "a batch needs at least one index");
    int pixels = CHANNELS * width * height;
    Preconditions.checkArgument(
        (long) indices.length * pixels <= MAX_ARRAY_LENGTH,
        "a batch of %s images of %s x %s is too large for one array; use smaller batches",
        indices.length,
        width,
        height);
    float[] features = new float[indices.length * pixels];
    int[] labels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int index = indices[i];
      if (index < 0 || index >= files.size()) {
        throw new IndexOutOfBoundsException(
            "index " + index + " at position " + i + " is outside the dataset of " + files.size());
      }
      decodeInto(index, features, i * pixels);
      labels[i] = classes[index];
    }
    long[] shape = new long[exampleShape.length + 1];
    shape[0] = indices.length;
    System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
    return new Batch(
        Nd4j.create(features, shape, DataType.FLOAT),
        ArrayDataset.oneHot(labels, classNames.size()));
  }

  @Override
  public String describe() {
    return String.format(
        "image folder %s (%d images, %d classes, %dx%d RGB, decoded per batch)",
        root, files.size(), classNames.size(), width, height);
  }

  private void decodeInto(int index, float[] out, int offset) {
    BufferedImage image = decode(files.get(index), index);
    int[] rgb = cropAndResize(image, width, height).getRGB(0, 0, width, height, null, 0, width);
    int plane = width * height;
    for (int p = 0; p < plane; p++) {
      int v = rgb[p];
      out[offset + p] = ((v >> 16) & 0xFF) / 255f;
      out[offset + plane + p] = ((v >> 8) & 0xFF) / 255f;
      out[offset + 2 * plane + p] = (v & 0xFF) / 255f;
    }
  }

  /**
   * Decodes the first image in {@code file} after checking the size its header declares against
   * {@code maxPixels}: decoders allocate the whole raster from that size before reading any pixel,
   * so a few bytes claiming 100000x100000 would otherwise take 40 GB.
   */
  private BufferedImage decode(Path file, int index) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw DatasetFormatException.atIndex(
            file.toString(), index, "is not an image ImageIO can decode", null);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0 || (long) w * h > maxPixels) {
          throw DatasetFormatException.atIndex(
              file.toString(),
              index,
              String.format(
                  "declares %dx%d pixels; images may have 1 to %d (ImageFolderDataset maxPixels)",
                  w, h, maxPixels),
              null);
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (DatasetFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw DatasetFormatException.atIndex(file.toString(), index, "cannot be decoded: " + e, e);
    }
  }

  /** The largest centred region of the target's aspect ratio, scaled to {@code w x h}. */
  static BufferedImage cropAndResize(BufferedImage src, int w, int h) {
    int sw = src.getWidth();
    int sh = src.getHeight();
    int cw = sw;
    int ch = sh;
    if ((long) sw * h > (long) sh * w) {
      cw = Math.max(1, (int) Math.round((double) sh * w / h));
    } else {
      ch = Math.max(1, (int) Math.round((double) sw * h / w));
    }
    int x0 = (sw - cw) / 2;
    int y0 = (sh - ch) / 2;
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, w, h, x0, y0, x0 + cw, y0 + ch, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static List<Path> classFolders(Path root) {
    if (!Files.isDirectory(root)) {
      throw DatasetFormatException.of(
          root.toString(),
          Files.exists(root) ? "is not a directory" : "does not exist",
          new NoSuchFileException(root.toString()));
    }
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(p -> Files.isDirectory(p) && !isHidden(p)).sorted().toList();
    } catch (IOException e) {
      throw DatasetFormatException.of(root.toString(), "cannot be listed: " + e, e);
    }
    if (dirs.isEmpty()) {
      throw DatasetFormatException.of(
          root.toString(), "has no class folders; expected root/<class>/<image files>");
    }
    return dirs;
  }

  private static List<Path> imagesIn(Path dir) {
    List<Path> images;
    // Following links lets a class folder be a link to a directory of images; a link back up the
    // tree makes the walk fail with FileSystemLoopException, reported below, rather than loop.
    try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
      images = s.filter(p -> Files.isRegularFile(p) && !isHiddenBelow(dir, p)).sorted().toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw DatasetFormatException.of(dir.toString(), "cannot be listed: " + e, e);
    }
    for (Path p : images) {
      if (!EXTENSIONS.contains(extension(p))) {
        throw DatasetFormatException.of(
            p.toString(),
            "is not an image file; class folders may hold only " + sorted(EXTENSIONS) + " files");
      }
    }
    if (images.isEmpty()) {
      throw DatasetFormatException.of(dir.toString(), "is an empty class folder (no images)");
    }
    return images;
  }

  private static void verifyReadable(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw DatasetFormatException.of(file.toString(), "is not an image ImageIO can decode");
      }
    } catch (IOException e) {
      throw DatasetFormatException.of(file.toString(), "cannot be read: " + e, e);
    }
  }

  private static boolean isHidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }

  private static boolean isHiddenBelow(Path dir, Path p) {
    for (Path part : dir.relativize(p)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String sorted(Set<String> set) {
    String[] a = set.toArray(new String[0]);
    Arrays.sort(a);
    return String.join(", ", a);
  }

  /** Configures an {@link ImageFolderDataset}; defaults: 224x224, channels first, verify files. */
  public static final class Builder {
    private final Path root;
    private int width = 224;
    private int height = 224;
    private ImageLayout layout = ImageLayout.CHANNELS_FIRST;
    private boolean verifyFiles = true;
    private long maxPixels = DEFAULT_MAX_PIXELS;

    private Builder(Path root) {
      this.root = Preconditions.checkNotNull(root, "root");
    }

    /** Square output images of {@code side x side} pixels. */
    public Builder size(int side) {
      return size(side, side);
    }

    /** Output images of {@code width x height} pixels. */
    public Builder size(int width, int height) {
      Preconditions.checkArgument(
          width > 0 && height > 0, "image size must be positive: %s x %s", width, height);
      // A batch holds each image as one float array of 3 x width x height values.
      Preconditions.checkArgument(
          (long) CHANNELS * width * height <= MAX_ARRAY_LENGTH,
          "image size is too large: %s x %s RGB needs more than %s values per image",
          width,
          height,
          MAX_ARRAY_LENGTH);
      this.width = width;
      this.height = height;
      return this;
    }

    public Builder layout(ImageLayout layout) {
      this.layout = Preconditions.checkNotNull(layout, "layout");
      return this;
    }

    /**
     * The most pixels (width times height) an image file may declare (default {@link
     * #DEFAULT_MAX_PIXELS}); a file declaring more fails with a {@link DatasetFormatException}
     * before it is decoded.
     */
    public Builder maxPixels(long maxPixels) {
      Preconditions.checkArgument(maxPixels > 0, "maxPixels must be positive: %s", maxPixels);
      this.maxPixels = maxPixels;
      return this;
    }

    /**
     * Whether to open every file while scanning to check that ImageIO has a decoder for it, so a
     * non-image fails at construction rather than mid-epoch. Reads only the first bytes of each
     * file; turn it off for folders of millions of images.
     */
    public Builder verifyFiles(boolean verifyFiles) {
      this.verifyFiles = verifyFiles;
      return this;
    }

    /**
     * Scans the folders.
     *
     * @throws DatasetFormatException if the root is missing, has no class folders, a class folder
     *     is empty, or holds a file that is not an image
     */
    public ImageFolderDataset build() {
      return new ImageFolderDataset(this);
    }
  }
}
