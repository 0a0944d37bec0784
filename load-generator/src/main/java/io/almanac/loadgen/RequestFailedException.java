package io.almanac.loadgen;

/**
 * A request the node answered with a refusal that is not a Java exception of its own, e.g. HTTP 400: the summary
 * counts it under {@link #errorType()} (such as {@code HTTP 400}) rather than under this class's name.
 *
 * <p>Thread safety: immutable.
 */
public final class RequestFailedException extends RuntimeException {

    private final String errorType;

    /**
     * @param errorType what the summary counts it as, e.g. {@code HTTP 400}
     * @param message   the node's answer, for diagnosis
     */
    public RequestFailedException(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    /** @return what the summary counts this failure as */
    public String errorType() {
        return errorType;
    }
}
