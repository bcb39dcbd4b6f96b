package io.stratus.common.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stratus.common.token.Jws;
import io.stratus.common.token.RevocationEvent;
import io.stratus.common.token.RevocationList;
import io.stratus.common.token.TokenClaims;
import io.stratus.common.token.TokenValidator;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test; run by bench/token-validation.sh): tokens validated per second by
 * {@link TokenValidator} on N threads, for repeated tokens (the cache: what a busy client costs) and
 * for a fresh token every time (an ECDSA P-256 verification each), with 1,000 revocations loaded.
 */
public final class TokenValidationBench {

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        KeyPair keys = Jws.generateKeyPair();
        ObjectMapper json = new ObjectMapper();
        long now = System.currentTimeMillis();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            TokenClaims claims = new TokenClaims("keystone-lite", "user-" + (i % 1000), "user", "default", "Default",
                    "project-" + (i % 100), "demo", "default", "Default", null, null, null,
                    List.of(new TokenClaims.Role("r1", "member"), new TokenClaims.Role("r2", "reader")), List.of("password"),
                    List.of("audit-" + i), now, now / 1000 + 3600, null, null, null);
            tokens.add(Jws.sign(json.writeValueAsBytes(claims), "k1", (ECPrivateKey) keys.getPrivate()));
        }
        RevocationList revocations = new RevocationList();
        for (int i = 0; i < 1000; i++) {
            revocations.add(new RevocationEvent("revoked-" + i, null, null, null, now));
        }
        ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
        System.out.printf("token length %d bytes, %d threads, %d s per phase%n", tokens.get(0).length(), threads, seconds);

        TokenValidator warmValidator = new TokenValidator(kid -> publicKey, revocations, Clock.systemUTC(), 1_000_000);
        List<String> hot = tokens.subList(0, 1000);
        hot.forEach(warmValidator::validate);
        report("cached (1,000 distinct tokens, repeated)", run(threads, seconds, i -> warmValidator.validate(hot.get(i % hot.size()))));

        TokenValidator coldValidator = new TokenValidator(kid -> publicKey, revocations, Clock.systemUTC(), 1_000_000);
        report("uncached (a new token each time: ECDSA verify)",
                run(threads, seconds, i -> coldValidator.validate(tokens.get(i % tokens.size()))));
    }

    interface Op {
        void apply(int i);
    }

    private static double run(int threads, int seconds, Op op) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 50_000;
            Thread worker = new Thread(() -> {
                int i = offset;
                long local = 0;
                while (System.nanoTime() < deadline) {
                    op.apply(i++);
                    local++;
                }
                done.addAndGet(local);
            });
            workers.add(worker);
            worker.start();
        }
        long started = System.nanoTime();
        for (Thread worker : workers) {
            worker.join();
        }
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static void report(String phase, double perSecond) {
        System.out.printf("%-50s %,12.0f tokens/s%n", phase, perSecond);
    }
}
