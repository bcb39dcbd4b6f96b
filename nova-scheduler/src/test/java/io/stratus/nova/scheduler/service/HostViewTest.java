package io.stratus.nova.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.stratus.common.nova.ComputeReport;
import io.stratus.nova.scheduler.repo.Allocation;
import io.stratus.nova.scheduler.repo.HostState;
import io.stratus.nova.scheduler.repo.Ratios;
import io.stratus.nova.scheduler.repo.SchedulerRepo;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The scheduler's view of the hosts between two reads of the database. */
@QuarkusTest
class HostViewTest {

    @Inject
    SchedulerRepo repo;

    private String newHost() {
        String host = "view-" + UUID.randomUUID().toString().substring(0, 8);
        repo.recordReport(new ComputeReport(host, host, "fake", 0, "127.0.0.1", 8, 0, 8192, 0, 100, 0, 0, "x86_64"), Instant.now());
        return host;
    }

    private static HostState state(HostView view, String host) {
        return view.hosts().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow();
    }

    @Test
    void ownClaimsCountAtOnceAnotherSchedulersAtTheNextRead() {
        String host = newHost();
        HostView view = new HostView(repo, Duration.ofHours(1));
        assertEquals(0, state(view, host).vcpusUsed());

        Allocation mine = new Allocation(UUID.randomUUID().toString(), host, 2, 1024, 10, null);
        assertEquals(SchedulerRepo.ClaimResult.CLAIMED, repo.claim(mine, null, new Ratios(1, 1, 1), Instant.now(), List.of()).result());
        view.claimed(mine);
        assertEquals(2, state(view, host).vcpusUsed(), "this scheduler's claim, before any read");
        assertEquals(1, state(view, host).instances());

        Allocation theirs = new Allocation(UUID.randomUUID().toString(), host, 1, 512, 5, null);
        assertEquals(SchedulerRepo.ClaimResult.CLAIMED, repo.claim(theirs, null, new Ratios(1, 1, 1), Instant.now(), List.of()).result());
        assertEquals(2, state(view, host).vcpusUsed(), "another scheduler's claim waits for the next read");
        view.refresh();
        assertEquals(3, state(view, host).vcpusUsed());
        assertEquals(1536, state(view, host).memoryMbUsed());
    }

    @Test
    void aHostReportedAfterTheReadIsSeenOnceTheViewIsInvalidated() {
        HostView view = new HostView(repo, Duration.ofHours(1));
        view.hosts();
        String host = newHost();
        assertFalse(view.knows(host));
        view.invalidate();
        assertEquals(8, state(view, host).vcpus());
        assertTrue(view.knows(host));
    }
}
