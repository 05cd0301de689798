/*
 * Internal: the thread-local message behind as_last_error() and the launch checks every
 * launcher uses. Not part of the ABI (not installed, symbols hidden).
 */
#pragma once

#include <cstddef>
#include <cuda_runtime_api.h>

namespace activeseg {

/* Records "<op>: <cudaErrorName> (<code>): <cudaErrorString>" and returns the code as the status. */
int fail_cuda(const char* op, cudaError_t err);

/* Records "<op>: <printf-formatted detail>" and returns status. */
int fail(const char* op, int status, const char* fmt, ...) __attribute__((format(printf, 3, 4)));

/* After a <<<...>>> launch: the launch error (bad configuration, no device) as a status. */
inline int check_launch(const char* op) {
  cudaError_t err = cudaGetLastError();
  return err == cudaSuccess ? 0 : fail_cuda(op, err);
}

// Workspace carving: byte counts rounded up to 256 (CUB's and cudaMalloc's alignment).
inline size_t align256(size_t bytes) { return (bytes + 255) & ~size_t{255}; }

}  // namespace activeseg
