# =============================================================================
# activeseg_add_dev_harness(<name> <source>)
#
# A standalone check-and-time executable for one kernel (cuda/dev/*.cu, llm.c style). Each
# harness includes the kernel source it exercises, so it links only the CUDA runtime, and
# cuda/dev/common.h for its checked calls, validation and timing.
# Built only with -DACTIVESEG_BUILD_DEV_HARNESS=ON; needs a GPU to run.
# =============================================================================
function(activeseg_add_dev_harness name source)
  add_executable(${name} "${source}")
  target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/cuda/include" "${PROJECT_SOURCE_DIR}/cuda/src")
  target_compile_features(${name} PRIVATE cuda_std_17)
  target_compile_options(${name} PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:-O3 -lineinfo>)
  set_target_properties(${name} PROPERTIES CUDA_RUNTIME_LIBRARY Static)
endfunction()
