package io.stratus.swift.storage.obj;

import io.stratus.swift.net.BodyFooter;
import io.stratus.swift.storage.obj.diskfile.DiskFile;
import io.stratus.swift.storage.obj.diskfile.DiskFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A body followed by the proxy's {@link BodyFooter}: every byte but the last {@link BodyFooter#LENGTH}
 * goes to the file, with its CRC32C; the footer is held back as it arrives (it may span chunks) and,
 * at commit, must hold the same CRC32C, its MD5 becoming the object's ETag.
 */
final class FooterCheckedWriter implements DiskFile.Writer {

    private final DiskFile.Writer file;
    private final CRC32C crc = new CRC32C();
    /** The last bytes seen, which may be the footer: tail[0..held). */
    private final byte[] tail = new byte[BodyFooter.LENGTH];
    private int held;

    FooterCheckedWriter(DiskFile.Writer file) {
        this.file = file;
    }

    @Override
    public void write(ByteBuffer chunk) throws IOException {
        int incoming = chunk.remaining();
        if (incoming >= BodyFooter.LENGTH) {
            // everything held is body now, and so is the chunk but its last LENGTH bytes
            writeThrough(ByteBuffer.wrap(tail, 0, held));
            ByteBuffer body = chunk.slice().limit(incoming - BodyFooter.LENGTH);
            writeThrough(body);
            chunk.position(chunk.position() + incoming - BodyFooter.LENGTH);
            chunk.get(tail, 0, BodyFooter.LENGTH);
            held = BodyFooter.LENGTH;
            return;
        }
        int overflow = held + incoming - BodyFooter.LENGTH; // held bytes that can no longer be the footer
        if (overflow > 0) {
            writeThrough(ByteBuffer.wrap(tail, 0, overflow));
            System.arraycopy(tail, overflow, tail, 0, held - overflow);
            held -= overflow;
        }
        chunk.get(tail, held, incoming);
        held += incoming;
    }

    private void writeThrough(ByteBuffer body) throws IOException {
        if (body.hasRemaining()) {
            crc.update(body.duplicate());
            file.write(body);
        }
    }

    @Override
    public long written() {
        return file.written();
    }

    @Override
    public Map<String, String> commit(long contentLength, String expectedEtag, String bodyMd5, Map<String, String> metadata)
            throws IOException {
        if (held < BodyFooter.LENGTH || contentLength >= 0 && file.written() != contentLength) {
            throw new DiskFileException.ShortBody();
        }
        BodyFooter.Sums sums;
        try {
            sums = BodyFooter.decode(tail);
        } catch (IllegalArgumentException e) {
            throw new DiskFileException.FooterMismatch();
        }
        if (sums.crc32c() != (int) crc.getValue()) {
            throw new DiskFileException.FooterMismatch();
        }
        Map<String, String> withCrc = new java.util.LinkedHashMap<>(metadata);
        withCrc.put(BodyCheck.CRC32C_METADATA, BodyCheck.hex(sums.crc32c())); // what whole-object reads check
        return file.commit(contentLength, expectedEtag, sums.md5(), withCrc);
    }

    @Override
    public void close() {
        file.close();
    }
}
