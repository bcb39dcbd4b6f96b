package io.stratus.glance.api.service;

import io.stratus.swift.digest.BodyDigest;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Digests of a stream of bytes computed on threads of their own, one per digest, so that the bytes'
 * way to the store does not wait for them: each runs at 750–850 MB/s on one core here (OpenSSL's, see
 * {@link BodyDigest}), below what a relay to the file store could take; inline, or one after the other on
 * one thread, they held an upload to the pace of the slowest step. The bytes are copied in pieces of {@link #PIECE} into
 * a few recycled buffers, each given to every digest and reused once all have read it; when the digests
 * fall behind, {@link #update} waits for a free buffer, so memory stays at {@code PIECES × PIECE} per upload.
 */
final class BackgroundDigests {

    static final int PIECE = 256 * 1024;
    private static final int PIECES = 4;
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "glance-digest");
        thread.setDaemon(true);
        return thread;
    });

    /** A filled buffer; it goes back to the free ones when the last digest is done with it. */
    private static final class Piece {
        static final Piece END = new Piece(new byte[0], 0, 0);
        final byte[] bytes;
        final int length;
        final AtomicInteger readersLeft;

        Piece(byte[] bytes, int length, int readers) {
            this.bytes = bytes;
            this.length = length;
            this.readersLeft = new AtomicInteger(readers);
        }
    }

    /** One digest and the pieces waiting for it. */
    private final class Digester {
        final BodyDigest digest;
        final BlockingQueue<Piece> pieces = new ArrayBlockingQueue<>(PIECES + 1);
        final Future<?> worker;

        Digester(BodyDigest digest) {
            this.digest = digest;
            worker = THREADS.submit(this::digestPieces);
        }

        private Void digestPieces() throws InterruptedException {
            while (true) {
                Piece piece = pieces.take();
                if (piece == Piece.END) {
                    return null;
                }
                digest.update(piece.bytes, 0, piece.length);
                if (piece.readersLeft.decrementAndGet() == 0) {
                    free.put(piece.bytes);
                }
            }
        }
    }

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(PIECES);
    private final Digester md5;
    private final Digester sha512;
    private final List<Digester> digesters;
    private byte[] filling;
    private int filled;
    private boolean ended;
    private boolean abandoned;
    private String[] result;

    /** @param withMd5 whether MD5 is wanted besides SHA-512 */
    BackgroundDigests(boolean withMd5) {
        for (int i = 0; i < PIECES; i++) {
            free.add(new byte[PIECE]);
        }
        md5 = withMd5 ? new Digester(BodyDigest.md5()) : null;
        sha512 = new Digester(BodyDigest.sha512());
        digesters = md5 == null ? List.of(sha512) : List.of(md5, sha512);
    }

    void update(byte[] bytes, int offset, int length) {
        if (ended) {
            throw new IllegalStateException("bytes given after the digests were finished or abandoned");
        }
        while (length > 0) {
            if (filling == null) {
                filling = take();
                filled = 0;
            }
            int n = Math.min(length, PIECE - filled);
            System.arraycopy(bytes, offset, filling, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == PIECE) {
                handOver();
            }
        }
    }

    /**
     * Waits for the digests of everything given; later calls return the same result.
     * @return {MD5 or null, SHA-512}, in hex
     * @throws IllegalStateException after {@link #abandon()}
     */
    String[] finish() {
        if (abandoned) {
            throw new IllegalStateException("the digests were abandoned");
        }
        if (result != null) {
            return result;
        }
        if (filled > 0) {
            handOver();
        }
        end();
        try {
            for (Digester digester : digesters) {
                digester.worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new IllegalStateException("interrupted while the image's digests were computed", e);
        } catch (ExecutionException e) {
            abandon();
            throw new IllegalStateException("the image's digests failed", e.getCause());
        }
        result = new String[] {md5 == null ? null : md5.digest.hex(), sha512.digest.hex()};
        return result;
    }

    /** The bytes will not be stored: the digest threads stop without finishing. */
    void abandon() {
        if (result == null && !abandoned) {
            for (Digester digester : digesters) {
                digester.worker.cancel(true);
            }
            ended = true;
            abandoned = true;
        }
    }

    private void handOver() {
        Piece piece = new Piece(filling, filled, digesters.size());
        for (Digester digester : digesters) {
            digester.pieces.add(piece); // never full: at most PIECES buffers exist, plus room for the end
        }
        filling = null;
        filled = 0;
    }

    private void end() {
        for (Digester digester : digesters) {
            digester.pieces.add(Piece.END);
        }
        ended = true;
    }

    private byte[] take() {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new IllegalStateException("interrupted while waiting for the image's digests", e);
        }
    }
}
