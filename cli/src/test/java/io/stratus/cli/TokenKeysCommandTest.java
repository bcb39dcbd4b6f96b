package io.stratus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** `stratus token-keys`: rotation adds a signing key and keeps at most the configured number. */
@QuarkusMainTest
class TokenKeysCommandTest {

    @Test
    void rotateAddsKeysAndPrunesTheOldest(QuarkusMainLauncher launcher) throws Exception {
        Path dir = Files.createTempDirectory("token-keys");
        String repo = "--key-repository=" + dir;
        LaunchResult first = launcher.launch("token-keys", "rotate", repo, "--max-active-keys=2");
        assertEquals(0, first.exitCode(), first.getErrorOutput());
        assertEquals(2, keyFiles(dir).size()); // the repository's first key, then the rotated one
        LaunchResult second = launcher.launch("token-keys", "rotate", repo, "--max-active-keys=2");
        assertEquals(0, second.exitCode());
        List<String> kept = keyFiles(dir);
        assertEquals(2, kept.size());
        String newest = second.getOutput().replace("new signing key: ", "").trim();
        assertTrue(kept.contains(newest + ".key"), kept + " lacks " + newest);
        assertNotEquals(first.getOutput(), second.getOutput());

        LaunchResult list = launcher.launch("token-keys", "list", repo);
        assertEquals(0, list.exitCode());
        assertTrue(list.getOutput().contains(newest + "  (signing)"), list.getOutput());
    }

    @Test
    @Launch(value = {"token-keys", "shuffle"}, exitCode = 2)
    void unknownActionIsRefused(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("unknown action"), result.getErrorOutput());
    }

    @Test
    @Launch(value = {"bootstrap"}, exitCode = 2)
    void bootstrapWithoutPasswordIsRefused(LaunchResult result) {
        assertTrue(result.getErrorOutput().contains("--bootstrap-password"), result.getErrorOutput());
    }

    private static List<String> keyFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".key")).sorted().toList();
        }
    }
}
