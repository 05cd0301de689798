# =============================================================================
# CUDA architectures: included before project() so the CUDA language is enabled with them.
#
# Default "90-real;90-virtual": sm_90 machine code (H100) plus compute_90 PTX that newer GPUs
# JIT-compile. Override with -DCMAKE_CUDA_ARCHITECTURES=... (numbers only: the fatbin rule in
# activeseg_fatbin.cmake turns each entry into an nvcc -gencode pair).
# =============================================================================
if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
  set(CMAKE_CUDA_ARCHITECTURES "90-real;90-virtual" CACHE STRING "CUDA architectures (sm_90 code + PTX)")
endif()
