package org.trainer4j.parallel;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Open MPI's C library, loaded through JNA, with the predefined handles trainer4j needs. Open MPI
 * defines {@code MPI_COMM_WORLD}, {@code MPI_DOUBLE}, {@code MPI_SUM}... as addresses of global
 * symbols ({@code ompi_mpi_comm_world}...), which JNA resolves; MPICH (and derivatives such as
 * Intel MPI) use compile-time integer constants instead, which no symbol lookup can find, so only
 * Open MPI is supported. The library is opened with {@code RTLD_GLOBAL}, because Open MPI's plugins
 * resolve their symbols against it.
 */
record MpiLibrary(
    MpiNative api,
    Pointer commWorld,
    Pointer doubleType,
    Pointer floatType,
    Pointer longType,
    Pointer sum,
    Pointer max,
    Pointer min) {

  /** {@code MPI_IN_PLACE} in Open MPI's {@code mpi.h}. */
  static final Pointer IN_PLACE = new Pointer(1);

  static final int THREAD_MULTIPLE = 3;
  static final int ANY_SOURCE = -1;

  private static final int RTLD_LAZY = 0x1;
  private static final int RTLD_GLOBAL = 0x100;
  private static final List<String> NAMES = List.of("libmpi.so.40", "mpi");

  /**
   * Loads Open MPI's {@code libmpi}.
   *
   * @throws UnsatisfiedLinkError if no libmpi can be loaded, or it is not Open MPI
   */
  static MpiLibrary load() {
    Map<String, Object> options = Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_GLOBAL);
    List<String> failures = new ArrayList<>();
    for (String name : NAMES) {
      try {
        NativeLibrary library = NativeLibrary.getInstance(name, options);
        MpiNative api = Native.load(name, MpiNative.class, options);
        return new MpiLibrary(
            api,
            symbol(library, "ompi_mpi_comm_world"),
            symbol(library, "ompi_mpi_double"),
            symbol(library, "ompi_mpi_float"),
            symbol(library, "ompi_mpi_long"),
            symbol(library, "ompi_mpi_op_sum"),
            symbol(library, "ompi_mpi_op_max"),
            symbol(library, "ompi_mpi_op_min"));
      } catch (UnsatisfiedLinkError e) {
        failures.add(name + ": " + e.getMessage());
      }
    }
    throw new UnsatisfiedLinkError(
        "cannot load Open MPI's libmpi (install openmpi-bin and libopenmpi-dev): " + failures);
  }

  Pointer op(ReduceOp op) {
    return switch (op) {
      case SUM -> sum;
      case MAX -> max;
      case MIN -> min;
    };
  }

  private static Pointer symbol(NativeLibrary library, String name) {
    try {
      return library.getGlobalVariableAddress(name);
    } catch (UnsatisfiedLinkError e) {
      throw new UnsatisfiedLinkError(
          "libmpi has no symbol "
              + name
              + ": only Open MPI is supported (MPICH uses integer"
              + " handles)");
    }
  }
}
