package io.stratus.keystone.token;

import io.stratus.common.token.Jws;
import io.stratus.common.token.KeyResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The token signing keys, one file per key in a folder (as Keystone's fernet key repository): the
 * newest key signs, every key in the folder verifies. Rotation adds a key and drops the oldest beyond
 * {@code maxActiveKeys}, so tokens signed before a rotation stay valid while their key is kept.
 * The folder is re-read when it changes, so a rotation by `stratus token-keys rotate` is seen by a
 * running keystone-lite within seconds.
 */
public final class KeyRepository implements KeyResolver {

    private static final String SUFFIX = ".key";
    private static final long RELOAD_CHECK_MILLIS = 5_000;

    /** One signing key. */
    public record SigningKey(String keyId, ECPrivateKey privateKey, ECPublicKey publicKey) {
    }

    private final Path directory;
    private final int maxActiveKeys;
    private volatile LinkedHashMap<String, SigningKey> keys = new LinkedHashMap<>(); // oldest first
    private volatile long lastCheck;
    private volatile long loadedModified = -1;

    public KeyRepository(Path directory, int maxActiveKeys) {
        if (maxActiveKeys < 1) {
            throw new IllegalArgumentException("max active keys must be at least 1");
        }
        this.directory = directory;
        this.maxActiveKeys = maxActiveKeys;
    }

    /** Reads the folder, creating it and a first key when there is none. */
    public synchronized void initialise() {
        try {
            Files.createDirectories(directory);
            restrict(directory, "rwx------");
            if (listKeyFiles().isEmpty()) {
                writeNewKey();
            }
            reload();
        } catch (IOException e) {
            throw new IllegalStateException("cannot use key repository " + directory + ": " + e.getMessage(), e);
        }
    }

    public SigningKey current() {
        reloadIfChanged();
        SigningKey newest = null;
        for (SigningKey key : keys.values()) {
            newest = key;
        }
        if (newest == null) {
            throw new IllegalStateException("key repository " + directory + " holds no key");
        }
        return newest;
    }

    public List<SigningKey> activeKeys() {
        reloadIfChanged();
        return List.copyOf(keys.values());
    }

    @Override
    public ECPublicKey find(String keyId) {
        SigningKey key = keys.get(keyId);
        if (key == null) {
            reloadIfChanged();
            key = keys.get(keyId);
        }
        return key == null ? null : key.publicKey();
    }

    /** Adds a new signing key and removes the oldest beyond the active count. @return the new key id */
    public synchronized String rotate() {
        try {
            Files.createDirectories(directory);
            String keyId = writeNewKey();
            List<Path> files = listKeyFiles();
            for (int i = 0; i < files.size() - maxActiveKeys; i++) {
                Files.deleteIfExists(files.get(i));
            }
            reload();
            return keyId;
        } catch (IOException e) {
            throw new IllegalStateException("cannot rotate keys in " + directory + ": " + e.getMessage(), e);
        }
    }

    private void reloadIfChanged() {
        long now = System.currentTimeMillis();
        if (now - lastCheck < RELOAD_CHECK_MILLIS && !keys.isEmpty()) {
            return;
        }
        synchronized (this) {
            lastCheck = now;
            try {
                if (Files.getLastModifiedTime(directory).toMillis() != loadedModified) {
                    reload();
                }
            } catch (IOException e) {
                // keep the keys we have: a passing file system hiccup must not stop token issue
            }
        }
    }

    private synchronized void reload() throws IOException {
        long modified = Files.getLastModifiedTime(directory).toMillis();
        LinkedHashMap<String, SigningKey> loaded = new LinkedHashMap<>();
        for (Path file : listKeyFiles()) {
            SigningKey key = read(file);
            loaded.put(key.keyId(), key);
        }
        keys = loaded;
        loadedModified = modified;
    }

    private List<Path> listKeyFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> found = new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList());
            found.sort(Comparator.comparingLong((Path p) -> sequenceOf(p.getFileName().toString()))
                    .thenComparing(p -> p.getFileName().toString()));
            return found;
        }
    }

    private String writeNewKey() throws IOException {
        KeyPair pair = Jws.generateKeyPair();
        // a sequence number first, so that name order is creation order even within one second
        long next = 1;
        for (Path existing : listKeyFiles()) {
            next = Math.max(next, sequenceOf(existing.getFileName().toString()) + 1);
        }
        String keyId = String.format("%010d-%s", next, UUID.randomUUID().toString().substring(0, 8));
        String content = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n";
        Path temp = Files.createTempFile(directory, ".new-", ".tmp");
        restrict(temp, "rw-------");
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        Files.move(temp, directory.resolve(keyId + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
        return keyId;
    }

    /** The sequence number a key's name starts with; 0 for names without one (older than any numbered key). */
    private static long sequenceOf(String name) {
        int dash = name.indexOf('-');
        String head = dash > 0 ? name.substring(0, dash) : "";
        return !head.isEmpty() && head.length() < 19 && head.chars().allMatch(Character::isDigit) ? Long.parseLong(head) : 0;
    }

    private static SigningKey read(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPrivateKey privateKey = (ECPrivateKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0).trim())));
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1).trim())));
            return new SigningKey(name.substring(0, name.length() - SUFFIX.length()), privateKey, publicKey);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("unreadable signing key " + file, e);
        }
    }

    private static void restrict(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing more we can do
        }
    }
}
