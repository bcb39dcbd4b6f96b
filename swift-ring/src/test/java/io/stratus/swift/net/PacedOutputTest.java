package io.stratus.swift.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A worker writing a response waits once it is two steps ahead of a busy event loop, and passes every byte on. */
class PacedOutputTest {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWriterWaitsForABusyLoopAndGoesOnWhenItCatchesUp() throws Exception {
        Context context = vertx.getOrCreateContext();
        CountDownLatch loopBusy = new CountDownLatch(1);
        context.runOnContext(ignored -> {
            try {
                loopBusy.await(); // the loop is busy elsewhere, as with other connections' work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        byte[] body = new byte[5 * PacedOutput.STEP + 123];
        new Random(4).nextBytes(body);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream paced = new PacedOutput(sink, context);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int at = 0; at < body.length; at += 10_000) {
                    paced.write(body, at, Math.min(10_000, body.length - at));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Thread.sleep(300);
            assertFalse(writer.isDone(), "the writer went on although the loop had run none of its markers");
            int queued;
            synchronized (sink) {
                queued = sink.size();
            }
            // each step ends with the write that crosses it: at most one write's worth more per step
            assertTrue(queued >= 2 * PacedOutput.STEP && queued <= 2 * (PacedOutput.STEP + 10_000),
                    "written before waiting: " + queued + " bytes");
        } finally {
            loopBusy.countDown();
        }
        writer.get(10, TimeUnit.SECONDS);
        assertArrayEquals(body, sink.toByteArray());
    }

    @Test
    void outsideVertxTheStreamIsUsedAsItIs() {
        OutputStream out = new ByteArrayOutputStream();
        assertSame(out, PacedOutput.of(out));
    }
}
