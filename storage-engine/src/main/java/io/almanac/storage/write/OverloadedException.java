package io.almanac.storage.write;

/**
 * The write path refused a mutation because a shard's ring buffer was full ({@link WriteResult#BACK_PRESSURED}).
 * Nothing of the refused mutation was written. CQL answers 0x1001 Overloaded, HTTP 503.
 */
public final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OverloadedException(String message) {
        super(message);
    }
}
