package io.stratus.swift.storage.maintenance;

/** Keeps a count of things done at or under a rate by sleeping: Swift's ratelimit_sleep, for one pass. */
final class RateLimiter {

    private final double perSecond;
    private final long started = System.nanoTime();
    private double done;

    RateLimiter(double perSecond) {
        this.perSecond = perSecond;
    }

    /** Counts {@code amount} more and sleeps until the total is within the rate. */
    void acquire(double amount) throws InterruptedException {
        done += amount;
        if (perSecond <= 0) {
            return;
        }
        long due = started + (long) (done / perSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
