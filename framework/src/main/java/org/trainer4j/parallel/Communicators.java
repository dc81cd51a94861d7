package org.trainer4j.parallel;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the communicator of the running job. {@link #auto()} joins MPI when the process was started
 * by an MPI launcher ({@code mpirun}, {@code mpiexec}, {@code srun --mpi=pmix}) and otherwise
 * returns a single process, saying why in one log line, so one training script runs unchanged alone
 * or as N processes.
 */
public final class Communicators {

  private static final Logger LOG = LoggerFactory.getLogger(Communicators.class);

  /** Default longest wait in one collective: long enough for rank 0's snapshot or evaluation. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  /** System property that overrides {@link #DEFAULT_TIMEOUT}, in seconds. */
  public static final String TIMEOUT_PROPERTY = "trainer4j.collective.timeout";

  private Communicators() {}

  /** A job of one process. */
  public static Communicator single() {
    return SingleCommunicator.INSTANCE;
  }

  /** {@link #auto(Duration)} with the timeout from {@value #TIMEOUT_PROPERTY} or the default. */
  public static Communicator auto() {
    return auto(timeoutFrom(System.getProperty(TIMEOUT_PROPERTY)));
  }

  /**
   * The timeout {@code seconds} (the property's text) names, {@link #DEFAULT_TIMEOUT} for null.
   *
   * @throws IllegalArgumentException naming the property when the text is not a positive, finite
   *     number of seconds (a NumberFormatException said only "For input string", and NaN became a
   *     zero timeout)
   */
  static Duration timeoutFrom(String seconds) {
    if (seconds == null) {
      return DEFAULT_TIMEOUT;
    }
    double value;
    try {
      value = Double.parseDouble(seconds.strip());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    Preconditions.checkArgument(
        value > 0 && value <= Long.MAX_VALUE / 1000.0,
        "-D%s=%s: expected a positive number of seconds",
        TIMEOUT_PROPERTY,
        seconds);
    return Duration.ofMillis(Math.max(1, (long) (value * 1000)));
  }

  /**
   * The MPI world when an MPI launcher started this process, else a single process. Call once per
   * process and close the result at the end (MPI can be initialized only once).
   *
   * @param timeout longest wait in one collective before the job is ended, naming the late rank
   * @throws IllegalStateException if a launcher started several processes but Open MPI's library
   *     cannot be loaded (training on alone would silently run N unrelated jobs)
   */
  public static Communicator auto(Duration timeout) {
    Preconditions.checkNotNull(timeout, "timeout");
    Preconditions.checkArgument(
        !timeout.isNegative() && !timeout.isZero(), "timeout must be positive: %s", timeout);
    return auto(timeout, System.getenv());
  }

  static Communicator auto(Duration timeout, Map<String, String> env) {
    Launch launch = Launch.of(env);
    if (launch == null) {
      LOG.info("no MPI launcher found (OMPI_COMM_WORLD_SIZE, PMIX_RANK unset): one process");
      return single();
    }
    try {
      MpiCommunicator mpi = MpiCommunicator.initialize(timeout);
      LOG.info("joined the MPI job as {}", mpi.describe());
      return mpi;
    } catch (UnsatisfiedLinkError e) {
      if (launch.size() == 1) {
        LOG.info("started by {} as one process, and MPI is unusable ({}): one process", launch, e);
        return single();
      }
      throw launch.withoutMpi(e);
    }
  }

  /**
   * What the launcher told this process through its environment.
   *
   * @param size processes started, or {@link #UNKNOWN} under PMIx without {@code SLURM_NTASKS}
   */
  record Launch(String launcher, int size) {

    /** The size of a launch that did not say how many processes it started. */
    static final int UNKNOWN = -1;

    /**
     * The launch the environment describes, or null without a launcher.
     *
     * @throws IllegalStateException naming the variable when a process count is not a positive
     *     integer: a bare NumberFormatException named nothing, and a count of 0 reported that the
     *     launcher had "started 0 processes"
     */
    static Launch of(Map<String, String> env) {
      if (env.containsKey("OMPI_COMM_WORLD_SIZE")) {
        return new Launch("mpirun", processCount(env, "OMPI_COMM_WORLD_SIZE"));
      }
      if (env.containsKey("PMIX_RANK")) {
        // srun sets SLURM_NTASKS; another PMIx launcher may not, and then the count is unknown.
        int size = env.containsKey("SLURM_NTASKS") ? processCount(env, "SLURM_NTASKS") : UNKNOWN;
        return new Launch("a PMIx launcher (srun --mpi=pmix)", size);
      }
      return null;
    }

    private static int processCount(Map<String, String> env, String name) {
      String value = env.get(name);
      try {
        int count = Integer.parseInt(value.trim());
        if (count >= 1) {
          return count;
        }
      } catch (NumberFormatException e) {
        // reported below, with the variable's name
      }
      throw new IllegalStateException(
          "environment variable "
              + name
              + "='"
              + value
              + "' is not a positive number of processes; MPI launchers (mpirun, srun) set it,"
              + " so unset it to run as one process, or start the job through the launcher");
    }

    /**
     * The failure of a launch of several processes, or of unknown many, that cannot load MPI. An
     * unknown count says how to give it: with 1 the process runs alone instead of failing.
     */
    IllegalStateException withoutMpi(UnsatisfiedLinkError e) {
      String advice =
          size == UNKNOWN
              ? "; set SLURM_NTASKS to the number of processes started (1 runs this one alone,"
                  + " without MPI)"
              : "";
      return new IllegalStateException(
          this + " started " + describeSize() + " but MPI is unusable: " + e.getMessage() + advice,
          e);
    }

    /** "N processes", or what is missing to know N. */
    String describeSize() {
      return size == UNKNOWN
          ? "an unknown number of processes (SLURM_NTASKS unset)"
          : size + (size == 1 ? " process" : " processes");
    }

    @Override
    public String toString() {
      return launcher;
    }
  }
}
