package io.stratus.nova.api.rest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * x509 keypairs (microversion 2.2): a PEM certificate's SHA-1 fingerprint, as Nova shows it, and a
 * self-signed client certificate for a user when none is imported (the JDK has no public API to write
 * one, so the few DER structures are written here).
 */
final class X509Keys {

    private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int VALID_YEARS = 10;

    private X509Keys() {
    }

    /** The colon-separated SHA-1 of the certificate's DER, or null when {@code pem} is not a certificate. */
    static String fingerprint(String pem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return SshKeys.colonHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (CertificateException | ClassCastException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new 2048-bit RSA key and a self-signed certificate for it, CN the user's id, good for client authentication. */
    static SshKeys.Generated generate(String userId) {
        try {
            KeyPair pair = SshKeys.rsaPair();
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
            byte[] algorithm = sequence(oid(SHA256_WITH_RSA), new byte[] {0x05, 0x00});
            byte[] name = sequence(tlv(0x31, sequence(oid(COMMON_NAME), tlv(0x0C, userId.getBytes(StandardCharsets.UTF_8)))));
            byte[] keyUsage = sequence(oid(EXTENDED_KEY_USAGE), tlv(0x04, sequence(oid(CLIENT_AUTH))));
            byte[] tbs = sequence(
                    tlv(0xA0, tlv(0x02, BigInteger.TWO.toByteArray())), // v3
                    tlv(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray()),
                    algorithm, name, sequence(time(now), time(now.plusYears(VALID_YEARS))), name,
                    pair.getPublic().getEncoded(),
                    tlv(0xA3, sequence(keyUsage)));
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(pair.getPrivate());
            signer.update(tbs);
            byte[] signature = signer.sign();
            byte[] bits = new byte[signature.length + 1];
            System.arraycopy(signature, 0, bits, 1, signature.length);
            byte[] certificate = sequence(tbs, algorithm, tlv(0x03, bits));
            return new SshKeys.Generated(SshKeys.pem("CERTIFICATE", certificate), SshKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** UTCTime until 2049, GeneralizedTime after, as RFC 5280 says. */
    private static byte[] time(ZonedDateTime time) {
        boolean utc = time.getYear() < 2050;
        String text = time.format(DateTimeFormatter.ofPattern(utc ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'"));
        return tlv(utc ? 0x17 : 0x18, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int group = groups - 1; group >= 0; group--) {
                out.write((int) ((arc >> (7 * group)) & 0x7F) | (group > 0 ? 0x80 : 0));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tlv(0x30, content.toByteArray());
    }

    /** Tag, definite length (short or long form), content. */
    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
