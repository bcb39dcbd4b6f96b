import io.stratus.swift.digest.BodyDigest;
import java.security.MessageDigest;
import java.util.Random;

/**
 * MB/s of one thread digesting 256 KiB heap pieces (as glance-api's digest threads get them), OpenSSL through
 * BodyDigest against the JDK's MessageDigest. Run by bench/digest-speed.sh.
 */
public class DigestSpeed {
    public static void main(String[] args) throws Exception {
        byte[] piece = new byte[256 * 1024];
        new Random(1).nextBytes(piece);
        long bytes = Long.parseLong(args.length > 0 ? args[0] : "2147483648");
        System.out.println("openssl=" + BodyDigest.isNative());
        for (int round = 0; round < 3; round++) { // the first rounds compile; the last is the figure
            for (String algorithm : new String[] {"MD5", "SHA-512"}) {
                long start = System.nanoTime();
                BodyDigest ours = algorithm.equals("MD5") ? BodyDigest.md5() : BodyDigest.sha512();
                for (long done = 0; done < bytes; done += piece.length) {
                    ours.update(piece, 0, piece.length);
                }
                ours.hex();
                double openssl = bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
                start = System.nanoTime();
                MessageDigest jdk = MessageDigest.getInstance(algorithm);
                for (long done = 0; done < bytes; done += piece.length) {
                    jdk.update(piece, 0, piece.length);
                }
                jdk.digest();
                double jdkSpeed = bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
                System.out.printf("round %d %-7s BodyDigest %6.0f MB/s   JDK %6.0f MB/s%n", round, algorithm, openssl, jdkSpeed);
            }
        }
    }
}
