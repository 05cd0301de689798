package org.activeseg.device.cuda;

/**
 * A CUDA or activeseg-library call that failed: names the operation, the status (a CUresult or
 * cudaError_t code, or one of activeseg.h's negative AS_ERR_* codes) and the error text. The
 * context stays usable unless the error was a sticky one (e.g. an illegal address), which the
 * text then says.
 */
public final class CudaCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public CudaCallException(String message, int status) {
        super(message);
        this.status = status;
    }

    public CudaCallException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
