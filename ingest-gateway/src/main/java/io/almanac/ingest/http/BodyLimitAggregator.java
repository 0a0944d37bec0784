package io.almanac.ingest.http;

import io.almanac.ingest.IngestMetrics;
import io.almanac.ingest.mapping.RejectReason;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Netty's {@link HttpObjectAggregator} with the ingest API's 413 answer: a JSON body naming the limit (InfluxDB's
 * shape on the InfluxDB write paths), counted in the metrics. Whether the connection stays open follows Netty's rule:
 * it is closed when the client may already have sent (part of) the body and will not expect an answer first (not
 * keep-alive, or the whole message already read);
 * otherwise the rest of the body is read and discarded and the connection serves the next request.
 *
 * <p>Thread safety: one instance per channel, used on its event loop only.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

    private final int maxBodyBytes;
    private final JsonResponses responses;
    private final IngestMetrics metrics;

    BodyLimitAggregator(int maxBodyBytes, JsonResponses responses, IngestMetrics metrics) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
        this.responses = responses;
        this.metrics = metrics;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        metrics.httpRequest();
        metrics.rowsRejected(RejectReason.PAYLOAD_TOO_LARGE, 1);
        String message = "request body is larger than the limit of " + maxBodyBytes + " bytes";
        String path = new QueryStringDecoder(((HttpRequest) oversized).uri()).path();
        FullHttpResponse response = InfluxWriteEndpoint.handles(path)
                ? responses.influxError(ctx.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request too large",
                        message, 0, 0)
                : responses.error(ctx.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, message);
        boolean close = oversized instanceof FullHttpMessage
                || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
        if (close) {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }
}
