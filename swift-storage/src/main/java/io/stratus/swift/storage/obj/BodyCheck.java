package io.stratus.swift.storage.obj;

import io.stratus.swift.digest.BodyDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What a whole-object read checks its bytes against before the last of them leave: the CRC32C
 * written with them (the proxy's footer gives one, {@link FooterCheckedWriter} stores it), which
 * the CPU computes for a fraction of an MD5's cost; the MD5 of the ETag for objects stored without it.
 */
final class BodyCheck {

    static final String CRC32C_METADATA = "X-Backend-Crc32c";

    private final CRC32C crc;
    private final BodyDigest md5;
    private final String expected;

    private BodyCheck(CRC32C crc, BodyDigest md5, String expected) {
        this.crc = crc;
        this.md5 = md5;
        this.expected = expected;
    }

    /** @return null when the metadata holds nothing to check against */
    static BodyCheck of(Map<String, String> metadata) {
        String crc = metadata.get(CRC32C_METADATA);
        if (crc != null) {
            return new BodyCheck(new CRC32C(), null, crc);
        }
        String etag = metadata.get("ETag");
        return etag == null ? null : new BodyCheck(null, BodyDigest.md5(), etag);
    }

    static String hex(int crc32c) {
        return HexFormat.of().toHexDigits(crc32c);
    }

    void update(byte[] bytes, int offset, int length) {
        if (crc != null) {
            crc.update(bytes, offset, length);
            return;
        }
        md5.update(bytes, offset, length);
    }

    boolean matches() {
        return expected.equalsIgnoreCase(crc != null ? hex((int) crc.getValue()) : md5.hex());
    }
}
