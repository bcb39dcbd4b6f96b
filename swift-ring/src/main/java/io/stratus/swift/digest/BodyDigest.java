package io.stratus.swift.digest;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The MD5 or SHA-512 of a body on its way on: an object body to disk (storage nodes) or to the replicas (the proxy), an
 * image to its store (glance-api). Bodies arrive as heap chunks (Vert.x copies each network buffer into one) and a
 * write from the heap is copied into a direct buffer by the JDK anyway; here that copy goes into a per-thread native
 * buffer where OpenSSL digests it, and the bytes are written on from there. OpenSSL's speed does not depend on the JIT
 * (bench/digest-speed.sh, one thread, 2026-12-06): MD5 ~750 MB/s, where the JDK's is as fast under C2 and ~440 MB/s
 * under C1 alone; SHA-512 ~850 MB/s, against the JDK's ~770 under C2 and ~190 under C1 alone. Without libcrypto the
 * JDK's digests are used.
 *
 * <p>The OpenSSL context is not kept in native memory between chunks: it lives in a small array
 * of this object and is copied in and out around each update, so one thread can digest
 * many bodies in turn and nothing native is ever left to free.
 */
public final class BodyDigest {

    /** The digests there are, with the room their OpenSSL context needs (a copy of a larger span carries scratch bytes). */
    private enum Algorithm {
        /** sizeof(MD5_CTX) is 92 in OpenSSL 1.x and 3.x. */
        MD5("MD5", 128, 16),
        /** sizeof(SHA512_CTX) is 216. */
        SHA512("SHA-512", 256, 64);

        final String jdkName;
        final int contextSpan;
        final int digestLength;

        Algorithm(String jdkName, int contextSpan, int digestLength) {
            this.jdkName = jdkName;
            this.contextSpan = contextSpan;
            this.digestLength = digestLength;
        }
    }

    private static final System.Logger LOG = System.getLogger(BodyDigest.class.getName());
    private static final int CONTEXT_ROOM = 256;
    private static final int DIGEST_ROOM = 64;
    /** The most bytes one {@link #digest} call takes. */
    public static final int MAX_PIECE = 64 * 1024;
    private static final boolean NATIVE = register();
    private static final ThreadLocal<Stage> STAGES = ThreadLocal.withInitial(Stage::new);

    private final Algorithm algorithm;
    private final byte[] context;
    private final MessageDigest fallback;

    private BodyDigest(Algorithm algorithm) {
        this.algorithm = algorithm;
        if (NATIVE) {
            Stage stage = STAGES.get();
            if (algorithm == Algorithm.MD5) {
                MD5_Init(stage.contextAddress);
            } else {
                SHA512_Init(stage.contextAddress);
            }
            context = new byte[algorithm.contextSpan];
            stage.memory.read(0, context, 0, context.length);
            fallback = null;
        } else {
            context = null;
            fallback = jdk(algorithm.jdkName);
        }
    }

    public static BodyDigest md5() {
        return new BodyDigest(Algorithm.MD5);
    }

    public static BodyDigest sha512() {
        return new BodyDigest(Algorithm.SHA512);
    }

    /** True when OpenSSL does the digesting. */
    public static boolean isNative() {
        return NATIVE;
    }

    /**
     * Digests up to 64 KiB from {@code chunk} (its position moves past them) and answers the same
     * bytes for writing: a view of this thread's native buffer, valid until this thread's next call.
     */
    public ByteBuffer digest(ByteBuffer chunk) {
        int length = Math.min(chunk.remaining(), MAX_PIECE);
        if (!NATIVE) {
            ByteBuffer piece = chunk.slice().limit(length);
            chunk.position(chunk.position() + length);
            fallback.update(piece.duplicate());
            return piece;
        }
        Stage stage = STAGES.get();
        ByteBuffer piece;
        long address;
        if (chunk.isDirect()) { // already native: digested where it is
            piece = chunk.slice().limit(length);
            address = Pointer.nativeValue(Native.getDirectBufferPointer(piece));
        } else {
            piece = stage.data.clear().limit(length);
            piece.put(chunk.slice().limit(length)).flip();
            address = stage.dataAddress;
        }
        chunk.position(chunk.position() + length);
        stage.memory.write(0, context, 0, context.length);
        if (algorithm == Algorithm.MD5) {
            MD5_Update(stage.contextAddress, address, length);
        } else {
            SHA512_Update(stage.contextAddress, address, length);
        }
        stage.memory.read(0, context, 0, context.length);
        return piece;
    }

    /** Digests all of the bytes given, in as many pieces as it takes. */
    public void update(byte[] bytes, int offset, int length) {
        ByteBuffer left = ByteBuffer.wrap(bytes, offset, length);
        while (left.hasRemaining()) {
            digest(left);
        }
    }

    /** The digest as lowercase hex; the object is done after this. */
    public String hex() {
        if (!NATIVE) {
            return HexFormat.of().formatHex(fallback.digest());
        }
        Stage stage = STAGES.get();
        stage.memory.write(0, context, 0, context.length);
        if (algorithm == Algorithm.MD5) {
            MD5_Final(stage.digestAddress, stage.contextAddress);
        } else {
            SHA512_Final(stage.digestAddress, stage.contextAddress);
        }
        byte[] digest = new byte[algorithm.digestLength];
        stage.memory.read(CONTEXT_ROOM, digest, 0, digest.length);
        return HexFormat.of().formatHex(digest);
    }

    /** One thread's native memory: the context while it is worked on, the digest, the staged bytes. */
    private static final class Stage {
        final Memory memory = new Memory(CONTEXT_ROOM + DIGEST_ROOM + MAX_PIECE);
        final long contextAddress = Pointer.nativeValue(memory);
        final long digestAddress = contextAddress + CONTEXT_ROOM;
        final long dataAddress = digestAddress + DIGEST_ROOM;
        final ByteBuffer data = memory.getByteBuffer(CONTEXT_ROOM + DIGEST_ROOM, MAX_PIECE);
    }

    private static boolean register() {
        if (Boolean.getBoolean("swift.jdk-md5")) {
            return false;
        }
        try {
            if (!Platform.isLinux()) {
                return false;
            }
            try {
                Native.register(BodyDigest.class, "crypto");
            } catch (UnsatisfiedLinkError noDevelopmentLink) { // libcrypto.so comes with libssl-dev only
                Native.register(BodyDigest.class, "libcrypto.so.3");
            }
            return true;
        } catch (Throwable e) { // no libcrypto: the JDK's digests, slower
            LOG.log(System.Logger.Level.WARNING, "OpenSSL digests unavailable, using the JDK's: " + e);
            return false;
        }
    }

    /** The JDK's MD5, for small digests where OpenSSL's call costs more than it saves. */
    public static MessageDigest jdkMd5() {
        return jdk("MD5");
    }

    private static MessageDigest jdk(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // OpenSSL's one-digest functions (deprecated in 3.0 in favour of EVP, still exported; EVP would cost a fetch per body)
    private static native int MD5_Init(long context);

    private static native int MD5_Update(long context, long data, long length);

    private static native int MD5_Final(long digest, long context);

    private static native int SHA512_Init(long context);

    private static native int SHA512_Update(long context, long data, long length);

    private static native int SHA512_Final(long digest, long context);
}
