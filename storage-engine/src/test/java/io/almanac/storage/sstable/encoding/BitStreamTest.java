package io.almanac.storage.sstable.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.almanac.storage.codec.MalformedDataException;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class BitStreamTest {

    @Test
    void bitsAreWrittenMostSignificantFirst() {
        BitWriter writer = new BitWriter();
        writer.write(0b1, 1);
        writer.write(0b0110, 4);
        writer.write(0b111, 3);
        writer.writeBit(true);
        assertThat(writer.bitCount()).isEqualTo(9);
        assertThat(writer.byteLength()).isEqualTo(2);
        assertThat(writer.array()[0]).isEqualTo((byte) 0b1011_0111);
        assertThat(writer.array()[1]).isEqualTo((byte) 0b1000_0000);
    }

    @Test
    void randomWidthsRoundTripAndReadingPastTheEndIsMalformed() {
        Random random = new Random(42L);
        BitWriter writer = new BitWriter();
        for (int iteration = 0; iteration < 50; iteration++) {
            writer.reset();
            int count = random.nextInt(200);
            long[] values = new long[count];
            int[] widths = new int[count];
            for (int i = 0; i < count; i++) {
                widths[i] = random.nextInt(65);
                values[i] = widths[i] == 64 ? random.nextLong() : random.nextLong() & ((1L << widths[i]) - 1);
                writer.write(values[i], widths[i]);
            }
            BitReader reader = new BitReader().wrap(new UnsafeBuffer(writer.array()), 0, writer.byteLength());
            for (int i = 0; i < count; i++) {
                assertThat(reader.read(widths[i])).isEqualTo(values[i]);
            }
            int padding = (int) (writer.byteLength() * 8L - writer.bitCount());
            reader.read(padding);
            assertThatThrownBy(() -> reader.read(1)).isInstanceOf(MalformedDataException.class)
                    .hasMessageContaining("truncated bit stream");
        }
    }
}
