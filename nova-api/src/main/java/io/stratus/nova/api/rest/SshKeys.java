package io.stratus.nova.api.rest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/** OpenSSH public keys: checking one, its MD5 fingerprint (as Nova shows it), and generating an RSA pair. */
final class SshKeys {

    private static final Set<String> TYPES = Set.of("ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");

    /** A generated pair: the OpenSSH public line and the private key in PEM. */
    record Generated(String publicKey, String privateKeyPem) {
    }

    private SshKeys() {
    }

    /**
     * The colon-separated MD5 of the key's blob, or null when {@code line} is not an OpenSSH public key
     * (`type base64 [comment]` whose blob starts with the same type).
     */
    static String fingerprint(String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length < 2 || !TYPES.contains(words[0])) {
            return null;
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(words[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        if (blob.length < 4) {
            return null;
        }
        int length = buffer.getInt();
        if (length <= 0 || length > buffer.remaining()
                || !new String(blob, 4, length, StandardCharsets.US_ASCII).equals(words[0]) || buffer.remaining() == length) {
            return null;
        }
        try {
            return colonHex(MessageDigest.getInstance("MD5").digest(blob));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest as Nova shows fingerprints: lower-case hex, bytes separated by colons. */
    static String colonHex(byte[] digest) {
        String hex = HexFormat.of().formatHex(digest);
        StringBuilder colons = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            colons.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return colons.toString();
    }

    /** A new 2048-bit RSA pair, as Nova generates when no public key is given. */
    static Generated generateRsa() {
        KeyPair pair = rsaPair();
        RSAPublicKey rsa = (RSAPublicKey) pair.getPublic();
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        writeString(blob, "ssh-rsa".getBytes(StandardCharsets.US_ASCII));
        writeString(blob, rsa.getPublicExponent().toByteArray());
        writeString(blob, rsa.getModulus().toByteArray());
        String publicKey = "ssh-rsa " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " Generated-by-Nova";
        return new Generated(publicKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    }

    /** A new 2048-bit RSA pair, the kind Nova generates for both ssh and x509 keypairs. */
    static KeyPair rsaPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** DER bytes as PEM: base64 in 64-character lines between BEGIN and END lines naming {@code label}. */
    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** SSH wire format: a 4-byte length, then the bytes (mpints are two's complement, as BigInteger gives them). */
    private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
