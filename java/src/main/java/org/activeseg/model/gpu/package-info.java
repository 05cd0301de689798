/**
 * GPU execution of the CPU engine's layer definitions (DESIGN.md, "Network and training"):
 * {@link org.activeseg.model.gpu.GpuConv2d}, {@link org.activeseg.model.gpu.GpuBatchNorm2d},
 * {@link org.activeseg.model.gpu.GpuActivation} and {@link org.activeseg.model.gpu.GpuLinear} run
 * forward and backward on device tensors ({@link org.activeseg.model.gpu.GpuTensor}) with cuDNN 9,
 * cuBLAS and one kernel of ours (ReLU / ReLU6 backward), reading parameters from the CPU layers and
 * adding gradients into them, so the CPU optimisers, checkpoints and schedules are reused.
 *
 * <p>Libraries: {@link org.activeseg.model.gpu.CudnnLibrary} and
 * {@link org.activeseg.model.gpu.CublasLibrary} are hand-written Panama bindings of libcudnn.so.9
 * and libcublas.so.13 (JCudnn / JCublas cannot load on CUDA 13 machines), found by ordered
 * strategies ({@link org.activeseg.model.gpu.VendorLibraryLocator}) and reported, when absent, as a
 * {@link org.activeseg.model.gpu.LibraryProbe} carrying every reason. Device memory, the stream and
 * our kernels come from the CUDA backend's {@link org.activeseg.device.cuda.CudaContext} and
 * libactiveseg_cuda.so; {@link org.activeseg.model.gpu.GpuExecution} holds the handles and the
 * shared workspace.
 *
 * <p>Usage:
 * <pre>{@code
 * try (GpuExecution exec = GpuExecution.open(cudaBackend, CudnnLibrary.probe().orElseThrow(),
 *                                            CublasLibrary.probe().orElseThrow());
 *      GpuConv2d conv = new GpuConv2d(exec, conv2d, new ConvGeometry(3, 3, 2, 1, 1, 1));
 *      GpuTensor x = exec.upload(batch);
 *      GpuTensor y = conv.forward(x, true);
 *      GpuTensor dy = exec.upload(gradient);
 *      GpuTensor dx = conv.backward(dy)) {   // conv2d.weight().grad() now holds the gradient
 *     optimizer.step(lr);                    // the CPU optimiser, unchanged
 * }
 * }</pre>
 *
 * <p>First version: parameters are uploaded at every forward and gradients (and batch-norm running
 * statistics) downloaded at every backward (forward), each a synchronising copy; keeping them
 * resident on the device, with the optimiser step there too, is the next step.
 *
 * <p>Tests: the *Test classes need no GPU (stub libraries built with gcc stand in for cuDNN and
 * cuBLAS); GpuLayersParityIT and GpuLayersLeakIT need a GPU with cuDNN 9 and cuBLAS and skip,
 * printing why, elsewhere ({@code -Dactiveseg.test.requireCuda=true} turns the skip into a failure).
 */
package org.activeseg.model.gpu;
