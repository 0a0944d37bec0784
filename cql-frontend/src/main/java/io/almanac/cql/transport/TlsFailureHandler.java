package io.almanac.cql.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * Sits right after the {@link SslHandler} of a TLS or optional-TLS port: a failed handshake (wrong protocol, no
 * common cipher suite, a missing or untrusted client certificate, a plaintext client on a TLS-only port, a timeout)
 * or a later TLS error closes that connection only, and is logged once per distinct reason through the server's
 * {@link DistinctErrorLog}; repeats are counted. Other events and exceptions pass on unchanged.
 *
 * <p>Thread safety: stateless apart from the thread-safe log; one instance is shared by every connection of a server.
 */
@ChannelHandler.Sharable
final class TlsFailureHandler extends ChannelInboundHandlerAdapter {

    /** The reason logged for a client that sent something other than a TLS record to a TLS-only port. */
    static final String PLAINTEXT_ON_TLS_PORT = "not a TLS record: a plaintext client on a TLS-only port";

    private final DistinctErrorLog log;

    TlsFailureHandler(DistinctErrorLog log) {
        this.log = log;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            log.recordReason(reason(handshake.cause(), "TLS handshake failed: "), ctx.channel().remoteAddress());
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable tlsError = tlsCause(cause);
        if (tlsError == null) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        boolean reportedAsHandshakeFailure = ssl != null && ssl.handshakeFuture().isDone()
                && !ssl.handshakeFuture().isSuccess();
        if (!reportedAsHandshakeFailure) {
            log.recordReason(reason(tlsError, "TLS error: "), ctx.channel().remoteAddress());
        }
        ctx.close();
    }

    /** @return the TLS exception in {@code error}'s cause chain, or null */
    private static Throwable tlsCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return t;
            }
        }
        return null;
    }

    /**
     * @param prefix what failed, e.g. {@code "TLS handshake failed: "}
     * @return a description of {@code cause} without per-connection details, to count failures by
     */
    static String reason(Throwable cause, String prefix) {
        Throwable tlsError = tlsCause(cause);
        if (tlsError instanceof NotSslRecordException) {
            return PLAINTEXT_ON_TLS_PORT;
        }
        if (tlsError == null && cause instanceof ClosedChannelException) {
            return prefix + "the client closed the connection during the handshake";
        }
        Throwable shown = tlsError == null ? cause : tlsError;
        Throwable root = shown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return prefix + message;
    }
}
