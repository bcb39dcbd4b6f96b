package io.stratus.swift.storage.obj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratus.swift.net.BodyFooter;
import io.stratus.swift.storage.obj.diskfile.DiskFile;
import io.stratus.swift.storage.obj.diskfile.DiskFileException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The body reaches the file without its footer, however the network cut it into chunks; a footer that does not match is refused. */
class FooterCheckedWriterTest {

    /** Keeps what is written and the MD5 it was committed with. */
    private static final class MemoryWriter implements DiskFile.Writer {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String committedMd5;

        @Override
        public void write(ByteBuffer chunk) {
            while (chunk.hasRemaining()) {
                bytes.write(chunk.get());
            }
        }

        @Override
        public long written() {
            return bytes.size();
        }

        @Override
        public Map<String, String> commit(long contentLength, String expectedEtag, String bodyMd5, Map<String, String> metadata) {
            committedMd5 = bodyMd5;
            return Map.of("ETag", bodyMd5);
        }

        @Override
        public void close() {
        }
    }

    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    private static byte[] withFooter(byte[] body, int crc) {
        byte[] sent = new byte[body.length + BodyFooter.LENGTH];
        System.arraycopy(body, 0, sent, 0, body.length);
        System.arraycopy(BodyFooter.encode(MD5, crc), 0, sent, body.length, BodyFooter.LENGTH);
        return sent;
    }

    private static int crc(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return (int) crc.getValue();
    }

    @Test
    void anyChunkingGivesTheBodyAndTheFootersMd5() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 39, 40, 41, 79, 80, 1000, 70_000}) {
            byte[] body = new byte[size];
            random.nextBytes(body);
            byte[] sent = withFooter(body, crc(body));
            for (int chunkSize : new int[] {1, 3, 39, 40, 41, 64, 4096, 65_536, sent.length}) {
                MemoryWriter file = new MemoryWriter();
                FooterCheckedWriter writer = new FooterCheckedWriter(file);
                for (int offset = 0; offset < sent.length; ) { // random lengths up to chunkSize: shorter and longer than the footer
                    int length = Math.min(sent.length - offset, 1 + random.nextInt(chunkSize));
                    writer.write(ByteBuffer.wrap(sent, offset, length));
                    offset += length;
                }
                assertEquals(Map.of("ETag", MD5), writer.commit(size, null, Map.of()), "size " + size + ", chunks " + chunkSize);
                assertArrayEquals(body, file.bytes.toByteArray(), "size " + size + ", chunks " + chunkSize);
            }
        }
    }

    @Test
    void aChangedByteOrAMalformedFooterIsRefused() throws Exception {
        byte[] body = new byte[5000];
        new Random(8).nextBytes(body);
        byte[] sent = withFooter(body, crc(body));
        sent[1234] ^= 1; // damaged on the way
        FooterCheckedWriter damaged = new FooterCheckedWriter(new MemoryWriter());
        damaged.write(ByteBuffer.wrap(sent));
        assertThrows(DiskFileException.FooterMismatch.class, () -> damaged.commit(body.length, null, Map.of()));

        byte[] garbage = new byte[body.length + BodyFooter.LENGTH];
        FooterCheckedWriter malformed = new FooterCheckedWriter(new MemoryWriter());
        malformed.write(ByteBuffer.wrap(garbage));
        assertThrows(DiskFileException.FooterMismatch.class, () -> malformed.commit(body.length, null, Map.of()));
    }

    @Test
    void aBodyCutShortIsShort() throws Exception {
        byte[] body = new byte[5000];
        byte[] sent = withFooter(body, crc(body));
        FooterCheckedWriter cut = new FooterCheckedWriter(new MemoryWriter());
        cut.write(ByteBuffer.wrap(sent, 0, 3000));
        assertThrows(DiskFileException.ShortBody.class, () -> cut.commit(body.length, null, Map.of()));
        FooterCheckedWriter tiny = new FooterCheckedWriter(new MemoryWriter());
        tiny.write(ByteBuffer.wrap(sent, 0, 20));
        assertThrows(DiskFileException.ShortBody.class, () -> tiny.commit(-1, null, Map.of()));
    }
}
