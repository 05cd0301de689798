package org.activeseg.backend.cuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.activeseg.backend.BackendProbe;
import org.activeseg.backend.LocatedLibraries;
import org.activeseg.backend.NativeLibraryCandidate;
import org.activeseg.backend.ScoringBackendProvider;
import org.activeseg.device.cuda.ActivesegNative;
import org.activeseg.device.cuda.CudaCallException;
import org.activeseg.device.cuda.CudaContext;
import org.activeseg.device.cuda.NativeLoadException;

/**
 * Opens {@link CudaScoringBackend}; instantiated by class name from
 * {@link org.activeseg.backend.BackendSelector}. Steps, each leaving a reason: load the library
 * through Panama (the OS error text when it is refused; the next candidate is tried), check its ABI
 * version, ask it for the device count (the CUDA error when no driver or device answers), then open
 * device 0's primary context and the kernel module through JCuda.
 */
public final class CudaBackendProvider implements ScoringBackendProvider {

    public CudaBackendProvider() {}

    @Override
    public BackendProbe open(LocatedLibraries located) {
        List<String> reasons = new ArrayList<>();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("JCuda", CudaContext.jcudaVersion());
        facts.put("ABI version expected", Integer.toString(ActivesegNative.ABI_VERSION));
        for (NativeLibraryCandidate candidate : located.candidates()) {
            ActivesegNative lib;
            try {
                lib = ActivesegNative.load(candidate.library());
            } catch (NativeLoadException e) {
                reasons.add("native library from " + candidate.origin() + " unusable: " + e.getMessage());
                continue;
            }
            reasons.add("native library loaded from " + lib.path() + " (" + candidate.origin() + ")");
            facts.put("native library", lib.path().toString());
            facts.put("found by", candidate.origin());
            facts.put("fatbin", candidate.fatbin().toString());
            facts.put("ABI version", Integer.toString(lib.abiVersion()));
            int devices;
            try {
                devices = lib.deviceCount();
            } catch (CudaCallException e) {
                facts.put("devices", "none (" + e.getMessage() + ")");
                reasons.add("CUDA: no device: " + e.getMessage());
                return BackendProbe.unavailable(reasons, facts);
            }
            facts.put("devices", Integer.toString(devices));
            if (devices == 0) {
                reasons.add("CUDA: no device: the driver reports 0 devices");
                return BackendProbe.unavailable(reasons, facts);
            }
            CudaContext context;
            try {
                context = CudaContext.open(0, candidate.fatbin());
            } catch (CudaCallException e) {
                reasons.add("CUDA: device 0 could not be opened through JCuda: " + e.getMessage());
                return BackendProbe.unavailable(reasons, facts);
            }
            facts.put("device", context.deviceName() + " (compute capability " + context.computeCapability()
                    + ", driver " + context.driverVersion() / 1000 + "." + (context.driverVersion() % 1000) / 10 + ")");
            try {
                CudaScoringBackend backend = new CudaScoringBackend(lib, context);
                reasons.add("CUDA: device 0 is " + context.deviceName() + "; kernel module " + candidate.fatbin() + " loaded");
                return BackendProbe.available(backend, reasons, facts);
            } catch (CudaCallException e) {
                context.close();
                reasons.add("CUDA: kernel module " + candidate.fatbin() + " lacks a kernel: " + e.getMessage());
                return BackendProbe.unavailable(reasons, facts);
            }
        }
        if (reasons.isEmpty()) {
            reasons.add("no native library candidate to try");
        }
        return BackendProbe.unavailable(reasons, facts);
    }
}
