package io.stratus.swift.storage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class StorageErrorsTest {

    @Test
    void aFullDiskIs507SoTheProxyWritesElsewhere() {
        assertEquals(507, StorageErrors.toResponse(new IOException("No space left on device")).getStatus());
        assertEquals(507, StorageErrors.toResponse(new UncheckedIOException(
                new FileSystemException("/srv/node/d1/tmp/x", null, "No space left on device"))).getStatus());
    }

    @Test
    void otherIoErrorsStay500() {
        assertEquals(500, StorageErrors.toResponse(new IOException("Input/output error")).getStatus());
        assertEquals(500, StorageErrors.toResponse(new IllegalStateException("No space left on device")).getStatus());
    }
}
