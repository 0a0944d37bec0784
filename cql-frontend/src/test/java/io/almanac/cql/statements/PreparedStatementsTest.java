package io.almanac.cql.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.cql.query.ResultMessage;
import io.almanac.cql.query.ResultMetadata;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PreparedStatementsTest {

    @Test
    void cacheIsBoundedAndKeepsTheNewestEntry() {
        PreparedStatements cache = new PreparedStatements(2);
        for (int i = 0; i < 5; i++) {
            cache.put(Digests.preparedId(null, "q" + i), entry());
        }

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(Digests.preparedId(null, "q4"))).isNotNull();
        cache.remove(Digests.preparedId(null, "q4"));
        assertThat(cache.get(Digests.preparedId(null, "q4"))).isNull();
    }

    @Test
    void idsAreComparedByContent() {
        PreparedStatements cache = new PreparedStatements(10);
        byte[] id = Digests.preparedId("ks", "SELECT 1");
        PreparedStatements.Entry entry = entry();
        cache.put(id, entry);

        id[0] ^= 1;

        assertThat(cache.get(Digests.preparedId("ks", "SELECT 1"))).isSameAs(entry);
    }

    private static PreparedStatements.Entry entry() {
        CqlStatement statement = new KeyspaceStatements.Ddl((context, state) -> CompletableFuture.completedFuture(
                ResultMessage.Void.INSTANCE));
        return new PreparedStatements.Entry(statement, new ResultMessage.Prepared(new byte[16], new byte[16],
                ResultMetadata.EMPTY, new int[0], ResultMetadata.EMPTY));
    }
}
