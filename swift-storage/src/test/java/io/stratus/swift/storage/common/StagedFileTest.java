package io.stratus.swift.storage.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both kinds of staged file: invisible until published, published whole with their attribute, gone when abandoned. */
class StagedFileTest {

    @TempDir
    Path root;

    private StagedFile create(boolean unnamed, Path tmp) throws IOException {
        return unnamed ? StagedFile.create(tmp) : StagedFile.createNamed(tmp);
    }

    @Test
    void onLinuxTheFilesHaveNoNameUntilPublished() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(com.sun.jna.Platform.isLinux(), "O_TMPFILE is Linux's");
        assertTrue(StagedFile.unnamedIn(root.resolve("tmp")), "ext4, xfs and tmpfs all make O_TMPFILE files");
    }

    @ParameterizedTest(name = "unnamed={0}")
    @ValueSource(booleans = {true, false})
    void aPublishedFileHasEveryByteAndItsAttributeAndNothingIsLeftInTmp(boolean unnamed) throws Exception {
        Path tmp = root.resolve("tmp");
        Path target = Files.createDirectories(root.resolve("objects/1/abc")).resolve("1.data");
        byte[] body = new byte[300_000];
        new Random(3).nextBytes(body);
        try (StagedFile file = create(unnamed, tmp)) {
            file.write(ByteBuffer.wrap(body, 0, 1000));
            ByteBuffer direct = ByteBuffer.allocateDirect(body.length);
            direct.put(body).position(1000).limit(200_000);
            file.write(direct.slice()); // a direct buffer, not at its start
            file.write(ByteBuffer.wrap(body).position(200_000)); // a heap buffer with an offset
            file.setAttribute("swift.metadata", "{\"a\":\"b\"}".getBytes(StandardCharsets.UTF_8));
            file.sync();
            assertEquals(body.length, file.written());
            assertFalse(Files.exists(target), "nothing is seen before it is published");
            file.publish(target);
        }
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals("{\"a\":\"b\"}", attribute(target));
        assertEquals(List.of(), list(tmp));
    }

    @ParameterizedTest(name = "unnamed={0}")
    @ValueSource(booleans = {true, false})
    void publishingReplacesAFileOfTheSameName(boolean unnamed) throws Exception {
        Path target = Files.createDirectories(root.resolve("o")).resolve("1.data");
        Files.writeString(target, "old");
        try (StagedFile file = create(unnamed, root.resolve("tmp"))) {
            file.write(ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)));
            file.setAttribute("swift.metadata", new byte[] {'1'});
            file.sync();
            file.publish(target);
        }
        assertEquals("new", Files.readString(target));
        assertEquals("1", attribute(target));
        assertEquals(List.of(target.getFileName()), list(target.getParent()));
        assertEquals(List.of(), list(root.resolve("tmp")));
    }

    @ParameterizedTest(name = "unnamed={0}")
    @ValueSource(booleans = {true, false})
    void anAbandonedFileLeavesNothingBehind(boolean unnamed) throws Exception {
        try (StagedFile file = create(unnamed, root.resolve("tmp"))) {
            file.write(ByteBuffer.wrap(new byte[4096]));
        }
        assertEquals(List.of(), list(root.resolve("tmp")));
    }

    @ParameterizedTest(name = "unnamed={0}")
    @ValueSource(booleans = {true, false})
    void publishingIntoAMissingFolderSaysSoAndTheFileCanBePublishedOnceItExists(boolean unnamed) throws Exception {
        Path target = root.resolve("objects/7/fff/hash/1.data");
        try (StagedFile file = create(unnamed, root.resolve("tmp"))) {
            file.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
            file.sync();
            assertThrows(NoSuchFileException.class, () -> file.publish(target));
            Files.createDirectories(target.getParent());
            file.publish(target);
        }
        assertEquals("x", Files.readString(target));
    }

    private static String attribute(Path file) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        ByteBuffer value = ByteBuffer.allocate(view.size("swift.metadata"));
        view.read("swift.metadata", value);
        return new String(value.array(), StandardCharsets.UTF_8);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::getFileName).toList();
        }
    }
}
