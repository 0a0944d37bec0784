package io.almanac.ingest;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;

/**
 * Test support: the two NIO event loop groups an ingest server is given (one accepting, two serving, as the node
 * shares them), shut down together.
 */
public final class EventLoops implements AutoCloseable {

    public final EventLoopGroup parent = new NioEventLoopGroup(1);
    public final EventLoopGroup child = new NioEventLoopGroup(2);

    /** Shuts both groups down and waits for them (quiet period 0, at most a second). */
    @Override
    public void close() {
        child.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        parent.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
