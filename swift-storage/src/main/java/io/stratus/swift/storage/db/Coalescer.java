package io.stratus.swift.storage.db;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a task for a key at most once at a time, and lets one run stand for every caller that asked
 * before it started: a caller returns once a run that began after its request has finished. Under a
 * write load on one container, 64 object updates share a handful of account reports, yet each still
 * returns only after a report that includes its own row.
 */
public final class Coalescer<K> {

    /** The work to coalesce. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private static final class Slot {
        final ReentrantLock running = new ReentrantLock();
        long requested;
        long completed;
        int users;
    }

    private final ConcurrentHashMap<K, Slot> slots = new ConcurrentHashMap<>();

    public void run(K key, Task task) throws Exception {
        Slot slot = slots.compute(key, (k, existing) -> {
            Slot s = existing == null ? new Slot() : existing;
            s.users++;
            return s;
        });
        try {
            long wanted;
            synchronized (slot) {
                wanted = ++slot.requested;
            }
            slot.running.lock();
            try {
                if (slot.completed >= wanted) {
                    return;
                }
                long covering;
                synchronized (slot) {
                    covering = slot.requested;
                }
                task.run();
                slot.completed = covering;
            } finally {
                slot.running.unlock();
            }
        } finally {
            slots.computeIfPresent(key, (k, s) -> --s.users == 0 ? null : s);
        }
    }

    /** Keys with a run under way or waiting (for tests). */
    int active() {
        return slots.size();
    }
}
