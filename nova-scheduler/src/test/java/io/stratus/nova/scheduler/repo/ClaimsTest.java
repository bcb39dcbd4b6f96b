package io.stratus.nova.scheduler.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.stratus.common.db.Db;
import io.stratus.common.nova.ComputeReport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Claims as two schedulers make them at once: each "scheduler" here is its own repository on its own
 * connections, racing for one host's room and for a group's hosts, against the real MariaDB.
 */
@QuarkusTest
class ClaimsTest {

    private static final Ratios NO_OVERCOMMIT = new Ratios(1.0, 1.0, 1.0);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SchedulerRepo repo;

    private String newHost(int vcpus, long memoryMb) {
        String host = "claims-" + UUID.randomUUID().toString().substring(0, 8);
        repo.recordReport(new ComputeReport(host, host, "fake", 0, "127.0.0.1", vcpus, 0, memoryMb, 0, 1000, 0, 0, "x86_64"), Instant.now());
        return host;
    }

    private List<SchedulerRepo.ClaimResult> race(int claims, Callable<SchedulerRepo.ClaimResult> claim) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SchedulerRepo.ClaimResult>> results = new ArrayList<>();
            for (int i = 0; i < claims; i++) {
                results.add(pool.submit(claim));
            }
            List<SchedulerRepo.ClaimResult> done = new ArrayList<>();
            for (Future<SchedulerRepo.ClaimResult> result : results) {
                done.add(result.get());
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoSchedulersNeverOvercommitAHost() throws Exception {
        String host = newHost(4, 4096);
        SchedulerRepo[] schedulers = {new SchedulerRepo(new Db(dataSource)), new SchedulerRepo(new Db(dataSource))};
        int[] turn = {0};
        List<SchedulerRepo.ClaimResult> results = race(20, () -> {
            SchedulerRepo scheduler = schedulers[turn[0]++ % 2];
            return scheduler.claim(new Allocation(UUID.randomUUID().toString(), host, 1, 512, 1, null), null, NO_OVERCOMMIT, Instant.now(),
                    List.of()).result();
        });
        long claimed = results.stream().filter(result -> result == SchedulerRepo.ClaimResult.CLAIMED).count();
        assertEquals(4, claimed, "4 vCPUs, 1 each: " + results);
        HostState state = repo.hostStates().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow();
        assertEquals(4, state.vcpusUsed());
        assertEquals(2048, state.memoryMbUsed());
    }

    @Test
    void antiAffinityHoldsUnderConcurrentClaimsOfOneGroup() throws Exception {
        String host = newHost(64, 65536);
        String group = UUID.randomUUID().toString();
        List<SchedulerRepo.ClaimResult> results = race(10, () -> repo.claim(new Allocation(UUID.randomUUID().toString(), host, 1, 512, 1, group),
                "anti-affinity", NO_OVERCOMMIT, Instant.now(), List.of()).result());
        assertEquals(1, results.stream().filter(result -> result == SchedulerRepo.ClaimResult.CLAIMED).count(), results.toString());
        assertTrue(results.stream().filter(result -> result != SchedulerRepo.ClaimResult.CLAIMED)
                .allMatch(result -> result == SchedulerRepo.ClaimResult.GROUP_POLICY), results.toString());
    }

    /** A host's vCPUs used, RAM used and instances, as the scheduler reads them. */
    private List<Number> usage(String host) {
        HostState state = repo.hostStates().stream().filter(h -> h.host().equals(host)).findFirst().orElseThrow();
        return List.of(state.vcpusUsed(), state.memoryMbUsed(), state.instances());
    }

    private SchedulerRepo.Claim claim(String server, String host, int vcpus, long memoryMb, List<String> tried) {
        return repo.claim(new Allocation(server, host, vcpus, memoryMb, 1, null), null, NO_OVERCOMMIT, Instant.now(), tried);
    }

    @Test
    void aRepeatedRequestKeepsItsClaimARetryMovesItAndAReleaseFreesIt() {
        String first = newHost(1, 1024);
        String second = newHost(1, 1024);
        String server = UUID.randomUUID().toString();
        assertEquals(new SchedulerRepo.Claim(SchedulerRepo.ClaimResult.CLAIMED, first), claim(server, first, 1, 1024, List.of()));
        assertEquals(SchedulerRepo.ClaimResult.NO_ROOM, claim(UUID.randomUUID().toString(), first, 1, 1024, List.of()).result());

        assertEquals(new SchedulerRepo.Claim(SchedulerRepo.ClaimResult.HELD, first), claim(server, second, 1, 1024, List.of()),
                "the same request again: the decision made before");
        assertEquals(List.of(0, 0L, 0), usage(second));

        assertEquals(new SchedulerRepo.Claim(SchedulerRepo.ClaimResult.CLAIMED, second), claim(server, second, 1, 1024, List.of(first)),
                "a retry after the first host failed the build");
        assertEquals(second, repo.allocation(server).orElseThrow().host(), "one claim per server: the new host's");
        assertEquals(SchedulerRepo.ClaimResult.CLAIMED, claim(UUID.randomUUID().toString(), first, 1, 1024, List.of()).result(),
                "the first host's room came back with the move");
        assertTrue(repo.release(server));
        assertTrue(repo.allocation(server).isEmpty());
        assertFalse(repo.release(server), "released once");
        assertEquals(List.of(1, 1024L, 1), usage(first));
        assertEquals(List.of(0, 0L, 0), usage(second));
        assertEquals(new SchedulerRepo.Claim(SchedulerRepo.ClaimResult.UNKNOWN_HOST, null), claim(server, "no-such-host", 1, 1, List.of()));
    }

    @Test
    void twoSchedulersClaimingOneServerAtOnceAgreeOnOneHost() throws Exception {
        for (int round = 0; round < 20; round++) {
            String first = newHost(4, 4096);
            String second = newHost(4, 4096);
            String server = UUID.randomUUID().toString();
            java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
            List<SchedulerRepo.ClaimResult> results = race(2, () -> claim(server, turn.getAndIncrement() == 0 ? first : second, 1, 512,
                    List.of()).result());
            assertTrue(results.contains(SchedulerRepo.ClaimResult.CLAIMED), results.toString());
            assertTrue(results.stream().allMatch(result -> result == SchedulerRepo.ClaimResult.CLAIMED
                    || result == SchedulerRepo.ClaimResult.HELD), results.toString());
            String host = repo.allocation(server).orElseThrow().host();
            assertEquals(List.of(1, 512L, 1), usage(host));
            assertEquals(List.of(0, 0L, 0), usage(host.equals(first) ? second : first));
        }
    }
}
