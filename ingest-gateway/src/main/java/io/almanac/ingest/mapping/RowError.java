package io.almanac.ingest.mapping;

import java.util.Objects;

/**
 * One reason a payload was refused, naming where: the row (index in the top-level JSON array, 0 for a single object)
 * and the column.
 *
 * @param row    the row index, or {@link #WHOLE_PAYLOAD} when the failure concerns the whole payload (malformed JSON
 *               before the first row, a bad TTL, an unknown table)
 * @param column the column name, or null when the failure is not about one column
 * @param kind   the category, for metrics and clients that branch on it
 * @param reason a human-readable explanation, e.g. {@code expected an ISO-8601 timestamp or epoch milliseconds, got
 *               "yesterday"}
 */
public record RowError(int row, String column, RejectReason kind, String reason) {

    /** {@link #row()} of a failure that is about the payload as a whole. */
    public static final int WHOLE_PAYLOAD = -1;

    public RowError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** @return an error about the whole payload, not one row */
    public static RowError ofPayload(RejectReason kind, String reason) {
        return new RowError(WHOLE_PAYLOAD, null, kind, reason);
    }
}
