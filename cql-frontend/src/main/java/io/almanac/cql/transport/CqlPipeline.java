package io.almanac.cql.transport;

import io.netty.channel.ChannelPipeline;

/**
 * Builds the per-connection pipeline and performs the v5 switch to segment framing.
 *
 * <p>Thread safety: stateless; {@link #switchToSegments} must run on the channel's event loop, right after READY or
 * AUTHENTICATE was written (reference §1.4), so that reply still leaves unframed and everything after it is framed.
 *
 * <pre>
 *   before STARTUP / v4:  [EnvelopeDecoder] [EnvelopeEncoder] [CqlConnectionHandler]
 *   v5 after READY:       [SegmentDecoder] [EnvelopeDecoder] [SegmentEncoder] [EnvelopeEncoder] [CqlConnectionHandler]
 *
 *   inbound:  socket bytes -&gt; (segments -&gt; payload bytes) -&gt; envelopes -&gt; connection handler
 *   outbound: connection handler -&gt; envelope bytes -&gt; (segments) -&gt; socket
 * </pre>
 */
final class CqlPipeline {

    static final String SEGMENT_DECODER = "cqlSegmentDecoder";
    static final String ENVELOPE_DECODER = "cqlEnvelopeDecoder";
    static final String SEGMENT_ENCODER = "cqlSegmentEncoder";
    static final String ENVELOPE_ENCODER = "cqlEnvelopeEncoder";
    static final String CONNECTION = "cqlConnection";

    private CqlPipeline() {
    }

    /** Adds the CQL handlers at the end of {@code pipeline}; @return the connection handler */
    static CqlConnectionHandler install(ChannelPipeline pipeline, TransportServices services) {
        pipeline.addLast(ENVELOPE_DECODER, new EnvelopeDecoder(services.maxFrameBytes()));
        pipeline.addLast(ENVELOPE_ENCODER, new EnvelopeEncoder());
        CqlConnectionHandler connection = new CqlConnectionHandler(services);
        pipeline.addLast(CONNECTION, connection);
        return connection;
    }

    /** Puts segment framing in front of the envelope codecs, in both directions. */
    static void switchToSegments(ChannelPipeline pipeline, Lz4Codec lz4) {
        pipeline.addBefore(ENVELOPE_DECODER, SEGMENT_DECODER, new SegmentDecoder(lz4));
        pipeline.addBefore(ENVELOPE_ENCODER, SEGMENT_ENCODER, new SegmentEncoder(lz4));
    }
}
