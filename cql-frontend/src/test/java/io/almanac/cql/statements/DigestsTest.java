package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.ColumnSpec;
import io.almanac.cql.query.ResultMetadata;
import io.almanac.cql.transport.ResultMetadataDigest;
import io.almanac.storage.schema.CollectionType;
import io.almanac.storage.schema.NativeType;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void resultMetadataIdAgreesWithTheTransportsDigest() {
        ResultMetadata metadata = new ResultMetadata(List.of(new ColumnSpec("ks", "t", "k", NativeType.INT),
                new ColumnSpec("ks", "t", "tags", CollectionType.set(NativeType.TEXT, true))));

        assertThat(Digests.resultMetadataId(metadata)).containsExactly(ResultMetadataDigest.of(metadata));
        assertThat(Digests.resultMetadataId(ResultMetadata.EMPTY))
                .containsExactly(ResultMetadataDigest.of(ResultMetadata.EMPTY));
    }

    @Test
    void resultMetadataIdChangesWithTheColumns() {
        ResultMetadata one = new ResultMetadata(List.of(new ColumnSpec("ks", "t", "a", NativeType.INT)));
        ResultMetadata other = new ResultMetadata(List.of(new ColumnSpec("ks", "t", "a", NativeType.BIGINT)));

        assertThat(Digests.resultMetadataId(one)).hasSize(16).isNotEqualTo(Digests.resultMetadataId(other));
    }
}
