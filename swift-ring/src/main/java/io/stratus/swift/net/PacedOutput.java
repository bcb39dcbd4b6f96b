package io.stratus.swift.net;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body written from a worker thread, kept from running ahead of its connection's event loop.
 *
 * <p>Vert.x hands a write made off the event loop to that loop as a task, and the channel's writability, which
 * Quarkus's output stream waits on, counts only what the loop has already written. A worker that relays bytes
 * faster than its loop gets to them queues them without limit: four concurrent 64 MiB GETs through the proxy held
 * ~110 MiB of pooled direct memory (28 Netty chunks of 4 MiB), ran out of it and cut downloads short (2026-12-06).
 *
 * <p>This stream passes every write on and, each {@link #STEP} bytes, queues a marker task on the loop, then waits
 * until the loop has run the marker queued one step before. The loop runs its tasks in order, so no more than two
 * steps are ever waiting for it, and the worker only waits when the loop is that far behind.
 */
public final class PacedOutput extends FilterOutputStream {

    static final int STEP = 256 * 1024;
    /** A loop that runs nothing for this long is stuck: the write fails rather than the thread waiting forever. */
    private static final long LOOP_TIMEOUT_SECONDS = 60;
    /** Most responses (every small object GET) never reach a step: they share this instead of making their own. */
    private static final CompletableFuture<Void> NO_MARKER = CompletableFuture.completedFuture(null);

    private final Context context;
    private long sinceMarker;
    private CompletableFuture<Void> previousMarker = NO_MARKER;

    PacedOutput(OutputStream out, Context context) {
        super(out);
        this.context = context;
    }

    /** @return {@code out} paced by the current Vert.x context's loop, or as it is on that loop or outside Vert.x */
    public static OutputStream of(OutputStream out) {
        Context context = Vertx.currentContext();
        return context == null || Context.isOnEventLoopThread() ? out : new PacedOutput(out, context);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        advance(1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        advance(length);
    }

    private void advance(int written) throws IOException {
        sinceMarker += written;
        if (sinceMarker < STEP) {
            return;
        }
        sinceMarker = 0;
        try {
            previousMarker.get(LOOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the event loop to write the response");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the event loop did not write the response within " + LOOP_TIMEOUT_SECONDS + " s", e);
        }
        CompletableFuture<Void> marker = new CompletableFuture<>();
        context.runOnContext(ignored -> marker.complete(null));
        previousMarker = marker;
    }
}
