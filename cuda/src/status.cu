/*
 * as_abi_version, as_device_count, as_last_error: the library's identity and its error text.
 * The message buffer is thread-local so concurrent callers do not read each other's failures.
 */
#include "activeseg.h"
#include "status.cuh"

#include <cstdarg>
#include <cstdio>

namespace {
thread_local char last_error[1024] = "";
}

namespace activeseg {

int fail_cuda(const char* op, cudaError_t err) {
  std::snprintf(last_error, sizeof last_error, "%s: %s (%d): %s", op, cudaGetErrorName(err),
                static_cast<int>(err), cudaGetErrorString(err));
  return static_cast<int>(err);
}

int fail(const char* op, int status, const char* fmt, ...) {
  int used = std::snprintf(last_error, sizeof last_error, "%s: ", op);
  if (used < 0 || static_cast<size_t>(used) >= sizeof last_error) return status;
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(last_error + used, sizeof last_error - used, fmt, args);
  va_end(args);
  return status;
}

}  // namespace activeseg

extern "C" int as_abi_version(void) { return AS_ABI_VERSION; }

extern "C" const char* as_last_error(void) { return last_error; }

extern "C" int as_device_count(int* out) {
  if (out == nullptr) return activeseg::fail("as_device_count", AS_ERR_INVALID_ARGUMENT, "out is null");
  *out = 0;
  int count = 0;
  cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    cudaGetLastError(); /* clear the runtime's record so later calls do not report it again */
    return activeseg::fail_cuda("as_device_count", err);
  }
  *out = count;
  return AS_OK;
}
