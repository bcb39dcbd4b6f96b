package io.stratus.swift.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Swift's path hash: MD5 of prefix + "/account[/container[/object]]" + suffix. The cluster's
 * prefix and suffix are secrets that keep clients from choosing where data lands.
 */
public final class PathHasher {

    private final byte[] prefix;
    private final byte[] suffix;

    public PathHasher(String prefix, String suffix) {
        this.prefix = prefix == null ? new byte[0] : prefix.getBytes(StandardCharsets.UTF_8);
        this.suffix = suffix == null ? new byte[0] : suffix.getBytes(StandardCharsets.UTF_8);
    }

    public byte[] hash(String account, String container, String object) {
        if (account == null || (object != null && container == null)) {
            throw new IllegalArgumentException("an object needs a container, and both need an account");
        }
        StringBuilder path = new StringBuilder("/").append(account);
        if (container != null) {
            path.append('/').append(container);
            if (object != null) {
                path.append('/').append(object);
            }
        }
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(prefix);
            md5.update(path.toString().getBytes(StandardCharsets.UTF_8));
            md5.update(suffix);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] digest) {
        return java.util.HexFormat.of().formatHex(digest);
    }

    /** The partition of a hash: its top {@code partPower} bits. */
    public static int partition(byte[] digest, int partPower) {
        long top = ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8) | (digest[3] & 0xffL);
        return (int) (top >>> (32 - partPower));
    }
}
