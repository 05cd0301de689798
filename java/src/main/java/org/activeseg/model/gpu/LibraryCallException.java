package org.activeseg.model.gpu;

/**
 * A cuDNN or cuBLAS call that returned a non-success status. The message names the function, the
 * status name and code (cudnnGetErrorString / cublasGetStatusName), the library's own detail when
 * it has one (cudnnGetLastErrorString, cublasGetStatusString) and where the library was loaded
 * from; {@link #function()} and {@link #status()} give the parts.
 */
public final class LibraryCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String function;
    private final int status;

    public LibraryCallException(String function, int status, String message) {
        super(message);
        this.function = function;
        this.status = status;
    }

    /** The C function that failed, e.g. "cudnnConvolutionForward". */
    public String function() {
        return function;
    }

    /** Its cudnnStatus_t or cublasStatus_t. */
    public int status() {
        return status;
    }
}
