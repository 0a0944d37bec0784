package io.almanac.storage.codec;

/**
 * Encoded bytes (a ring record, a commit log entry, an SSTable block) do not follow their layout: truncated, a
 * negative length, an unknown flag. Readers of files turn it into a corruption error naming the file.
 */
public final class MalformedDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    public MalformedDataException(int offset, String reason) {
        super(reason + " (at offset " + offset + ")");
        this.offset = offset;
    }

    /** @return the offset, relative to the decoded buffer, where decoding failed */
    public int offset() {
        return offset;
    }
}
