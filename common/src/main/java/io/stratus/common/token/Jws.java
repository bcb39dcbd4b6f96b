package io.stratus.common.token;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;

/** Compact JWS with ES256 (ECDSA P-256, SHA-256): signing, parsing, verifying, and EC key helpers. */
public final class Jws {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    // the JOSE signature is r||s (IEEE P1363), not DER
    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final ThreadLocal<Signature> VERIFIERS = ThreadLocal.withInitial(Jws::newSignature);

    private Jws() {
    }

    /** A parsed but not yet verified token. */
    public record Parsed(String keyId, byte[] payload, byte[] signingInput, byte[] signature) {
    }

    public static String sign(byte[] payloadJson, String keyId, ECPrivateKey key) {
        String header = "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"" + keyId + "\"}";
        String input = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(payloadJson);
        try {
            Signature signer = newSignature();
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    /** Splits a compact JWS; throws {@link TokenInvalidException} when it is not one of ours in form. */
    public static Parsed parse(String token) {
        if (token == null || token.length() > 16384) {
            throw new TokenInvalidException("malformed token");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            throw new TokenInvalidException("malformed token");
        }
        try {
            String header = new String(B64D.decode(token.substring(0, first)), StandardCharsets.UTF_8);
            if (!header.contains("\"ES256\"")) {
                throw new TokenInvalidException("unsupported token algorithm");
            }
            String keyId = headerKeyId(header);
            byte[] payload = B64D.decode(token.substring(first + 1, second));
            byte[] signature = B64D.decode(token.substring(second + 1));
            byte[] input = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
            return new Parsed(keyId, payload, input, signature);
        } catch (IllegalArgumentException e) {
            throw new TokenInvalidException("malformed token");
        }
    }

    public static boolean verify(Parsed parsed, ECPublicKey key) {
        if (parsed.signature().length != 64) {
            return false;
        }
        try {
            Signature verifier = VERIFIERS.get();
            verifier.initVerify(key);
            verifier.update(parsed.signingInput());
            return verifier.verify(parsed.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no P-256 support in this JVM", e);
        }
    }

    /** The public key as JWK coordinates (base64url of the 32-byte big-endian x and y). */
    public static String[] jwkCoordinates(ECPublicKey key) {
        return new String[] {
            B64.encodeToString(fixedLength(key.getW().getAffineX())),
            B64.encodeToString(fixedLength(key.getW().getAffineY()))};
    }

    public static ECPublicKey publicKeyFromJwk(String x, String y) {
        try {
            ECParameterSpec params = ((ECPublicKey) generateReference()).getParams();
            ECPoint point = new ECPoint(new BigInteger(1, B64D.decode(x)), new BigInteger(1, B64D.decode(y)));
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a P-256 public key", e);
        }
    }

    private static java.security.PublicKey referenceKey;

    private static synchronized java.security.PublicKey generateReference() {
        if (referenceKey == null) {
            referenceKey = generateKeyPair().getPublic();
        }
        return referenceKey;
    }

    private static byte[] fixedLength(BigInteger value) {
        byte[] raw = value.toByteArray();
        if (raw.length == 32) {
            return raw;
        }
        byte[] out = new byte[32];
        if (raw.length > 32) {
            System.arraycopy(raw, raw.length - 32, out, 0, 32);
        } else {
            System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
        }
        return out;
    }

    private static String headerKeyId(String header) {
        int at = header.indexOf("\"kid\"");
        if (at < 0) {
            throw new TokenInvalidException("token has no key id");
        }
        int open = header.indexOf('"', header.indexOf(':', at) + 1);
        int close = open < 0 ? -1 : header.indexOf('"', open + 1);
        if (open < 0 || close < 0) {
            throw new TokenInvalidException("malformed token");
        }
        return header.substring(open + 1, close);
    }

    private static Signature newSignature() {
        try {
            return Signature.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
