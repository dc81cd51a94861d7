package org.trainer4j.parallel;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The dozen MPI C functions trainer4j calls, bound through JNA. Handles ({@code MPI_Comm}, {@code
 * MPI_Datatype}, {@code MPI_Op}, {@code MPI_Request}) are pointers, as in Open MPI; MPICH's integer
 * handles are not supported (see {@link MpiLibrary}). Every function returns an MPI error code, 0
 * for success.
 */
interface MpiNative extends Library {

  int MPI_Initialized(IntByReference flag);

  int MPI_Finalized(IntByReference flag);

  int MPI_Init_thread(Pointer argc, Pointer argv, int required, IntByReference provided);

  int MPI_Finalize();

  int MPI_Comm_rank(Pointer comm, IntByReference rank);

  int MPI_Comm_size(Pointer comm, IntByReference size);

  int MPI_Comm_dup(Pointer comm, PointerByReference newComm);

  int MPI_Allreduce(
      Pointer sendBuffer, Pointer receiveBuffer, int count, Pointer type, Pointer op, Pointer comm);

  int MPI_Bcast(Pointer buffer, int count, Pointer type, int root, Pointer comm);

  int MPI_Allgather(
      Pointer sendBuffer,
      int sendCount,
      Pointer sendType,
      Pointer receiveBuffer,
      int receiveCount,
      Pointer receiveType,
      Pointer comm);

  int MPI_Barrier(Pointer comm);

  int MPI_Abort(Pointer comm, int errorCode);

  int MPI_Isend(
      Pointer buffer,
      int count,
      Pointer type,
      int destination,
      int tag,
      Pointer comm,
      PointerByReference request);

  int MPI_Irecv(
      Pointer buffer,
      int count,
      Pointer type,
      int source,
      int tag,
      Pointer comm,
      PointerByReference request);

  int MPI_Test(PointerByReference request, IntByReference flag, Pointer status);

  int MPI_Get_library_version(Pointer version, IntByReference length);
}
