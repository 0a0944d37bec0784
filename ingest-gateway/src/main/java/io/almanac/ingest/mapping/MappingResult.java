package io.almanac.ingest.mapping;

import io.almanac.storage.data.Mutation;
import java.util.List;

/**
 * What {@link JsonRowMapper} makes of a payload: either every row as a mutation, or the reasons it refused the
 * payload. All or nothing: when any row fails, no mutation is returned, so nothing of the payload is written.
 *
 * <p>Thread safety: immutable.
 */
public sealed interface MappingResult {

    /**
     * Every row of the payload, one mutation per row in payload order.
     *
     * @param mutations the mutations, ready for {@link io.almanac.storage.engine.StorageEngine#write}
     */
    record Mapped(List<Mutation> mutations) implements MappingResult {
        public Mapped {
            mutations = List.copyOf(mutations);
        }
    }

    /**
     * The payload was refused.
     *
     * @param errors   the failures found, in payload order; at least one, at most
     *                 {@link JsonRowMapper#MAX_REPORTED_ERRORS}
     * @param rowCount the number of rows the payload holds (as far as it could be read; 1 when not even one row
     *                 could be told apart), i.e. the rows that were not written
     */
    record Rejected(List<RowError> errors, int rowCount) implements MappingResult {
        public Rejected {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one error");
            }
        }

        /** @return the first failure; what a client is shown first and what metrics count */
        public RowError first() {
            return errors.get(0);
        }
    }
}
