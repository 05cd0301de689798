# =============================================================================
# The CUDA toolkit: nvcc and the static CUDA runtime (libcudart_static.a). Nothing else is
# needed at build time; at run time the library needs only the driver (libcuda.so.1).
# cuDNN and cuBLAS are not linked here: Java reaches them through Panama (DESIGN.md).
# =============================================================================
find_package(CUDAToolkit 12.0 REQUIRED)
message(STATUS "activeseg: CUDA toolkit ${CUDAToolkit_VERSION} at ${CUDAToolkit_BIN_DIR}")
message(STATUS "activeseg: CUDA architectures ${CMAKE_CUDA_ARCHITECTURES}")
