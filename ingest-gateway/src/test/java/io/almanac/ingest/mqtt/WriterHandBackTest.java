package io.almanac.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.almanac.ingest.IngestMetrics;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Writer outcomes reach the event loop coalesced: one settle task for any number of rows settled meanwhile. */
class WriterHandBackTest {

    private final EventLoop eventLoop = new DefaultEventLoop();
    private final IngestMetrics metrics = new IngestMetrics();
    private final AtomicInteger settleTasks = new AtomicInteger();
    private WriterHandBack handBack;

    @AfterEach
    void stop() throws Exception {
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    @Test
    void rowsSettledWhileTheEventLoopIsBusyCostOneSettleTask() throws Exception {
        handBack = new WriterHandBack(eventLoop, metrics, () -> {
            handBack.startSettling();
            settleTasks.incrementAndGet();
        });
        PendingPublish[] pendings = new PendingPublish[100];
        for (int i = 0; i < pendings.length; i++) {
            pendings[i] = new PendingPublish(1, i + 1, List.of(), true, handBack);
        }
        CountDownLatch busy = new CountDownLatch(1);
        eventLoop.execute(() -> await(busy));

        for (PendingPublish pending : pendings) {
            pending.onCommitted();
        }
        busy.countDown();
        runOnEventLoop(() -> { });

        assertThat(settleTasks).hasValue(1);
        assertThat(pendings).allSatisfy(pending -> assertThat(pending.settled).isEqualTo(1));
        assertThat(metrics.snapshot().rowsAccepted()).isEqualTo(100);

        pendings[0].onCommitted();
        runOnEventLoop(() -> { });
        assertThat(settleTasks).as("a row settled after the task started schedules the next").hasValue(2);
    }

    @Test
    void aCommittedQos0RowWakesNobodyButAFailedRowIsHandedBackWithItsCause() throws Exception {
        handBack = new WriterHandBack(eventLoop, metrics, () -> {
            handBack.startSettling();
            settleTasks.incrementAndGet();
        });
        PendingPublish qos0 = new PendingPublish(0, 0, List.of(), true, handBack);

        qos0.onCommitted();
        runOnEventLoop(() -> { });
        assertThat(settleTasks).hasValue(0);
        assertThat(metrics.snapshot().rowsAccepted()).isEqualTo(1);

        IOException cause = new IOException("commit log failed");
        qos0.onFailed(cause);
        runOnEventLoop(() -> { });
        assertThat(settleTasks).hasValue(1);
        assertThat(qos0.failed).isTrue();
        assertThat(qos0.settled).isEqualTo(2);
        WriterHandBack.Failure failure = handBack.pollFailure();
        assertThat(failure.pending()).isSameAs(qos0);
        assertThat(failure.cause()).isSameAs(cause);
        assertThat(handBack.pollFailure()).isNull();
    }

    private void runOnEventLoop(Runnable task) throws Exception {
        eventLoop.submit(task).get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
