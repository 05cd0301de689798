/**
 * The device layer: {@link org.activeseg.device.Device} (memory, one stream, synchronisation) and
 * {@link org.activeseg.device.DeviceMemory}, implemented by the CUDA primary context and by
 * {@link org.activeseg.device.HostDevice}, the host-memory stand-in that lets the Java side of every
 * cuda operation run and be checked without a GPU. Nothing here links JCuda.
 */
package org.activeseg.device;
