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
 * The MD5 of an object body on its way to disk (storage nodes) or to the replicas (the proxy). Bodies arrive as heap chunks (Vert.x copies each
 * network buffer into one) and a file write from the heap is copied into a direct buffer by the JDK
 * anyway; here that copy goes into a per-thread native buffer where OpenSSL's MD5 digests it
 * (~650 MB/s here, against ~390 MB/s for the JDK's MD5 under the C1-only JIT the nodes run with,
 * which made MD5 half of a storage node's CPU during large uploads), and the file is written from
 * the same bytes. Without libcrypto the JDK's MD5 is used.
 *
 * <p>The OpenSSL context is not kept in native memory between chunks: it lives in a small array
 * of this object and is copied in and out around each update, so one event-loop thread can digest
 * many bodies in turn and nothing native is ever left to free.
 */
public final class BodyDigest {

    private static final System.Logger LOG = System.getLogger(BodyDigest.class.getName());
    /** sizeof(MD5_CTX) is 92 in OpenSSL 1.x and 3.x; copying a larger span only carries unused scratch bytes along. */
    private static final int CONTEXT_SPAN = 128;
    private static final int DIGEST_LENGTH = 16;
    /** The most bytes one {@link #digest} call takes. */
    public static final int MAX_PIECE = 64 * 1024;
    private static final boolean NATIVE = register();
    private static final ThreadLocal<Stage> STAGES = ThreadLocal.withInitial(Stage::new);

    private final byte[] context;
    private final MessageDigest fallback;

    private BodyDigest() {
        if (NATIVE) {
            Stage stage = STAGES.get();
            MD5_Init(stage.contextAddress);
            context = new byte[CONTEXT_SPAN];
            stage.memory.read(0, context, 0, CONTEXT_SPAN);
            fallback = null;
        } else {
            context = null;
            fallback = jdkMd5();
        }
    }

    public static BodyDigest md5() {
        return new BodyDigest();
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
        stage.memory.write(0, context, 0, CONTEXT_SPAN);
        MD5_Update(stage.contextAddress, address, length);
        stage.memory.read(0, context, 0, CONTEXT_SPAN);
        return piece;
    }

    /** The digest as lowercase hex; the object is done after this. */
    public String hex() {
        if (!NATIVE) {
            return HexFormat.of().formatHex(fallback.digest());
        }
        Stage stage = STAGES.get();
        stage.memory.write(0, context, 0, CONTEXT_SPAN);
        MD5_Final(stage.digestAddress, stage.contextAddress);
        byte[] digest = new byte[DIGEST_LENGTH];
        stage.memory.read(CONTEXT_SPAN, digest, 0, DIGEST_LENGTH);
        return HexFormat.of().formatHex(digest);
    }

    /** One thread's native memory: the context while it is worked on, the digest, the staged bytes. */
    private static final class Stage {
        final Memory memory = new Memory(CONTEXT_SPAN + DIGEST_LENGTH + MAX_PIECE);
        final long contextAddress = Pointer.nativeValue(memory);
        final long digestAddress = contextAddress + CONTEXT_SPAN;
        final long dataAddress = digestAddress + DIGEST_LENGTH;
        final ByteBuffer data = memory.getByteBuffer(CONTEXT_SPAN + DIGEST_LENGTH, MAX_PIECE);
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
        } catch (Throwable e) { // no libcrypto: the JDK's MD5, slower under C1
            LOG.log(System.Logger.Level.WARNING, "OpenSSL MD5 unavailable, using the JDK's: " + e);
            return false;
        }
    }

    /** The JDK's MD5, for small digests where OpenSSL's call costs more than it saves. */
    public static MessageDigest jdkMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // OpenSSL's MD5 (deprecated in 3.0 in favour of EVP, still exported; EVP would cost a fetch per body)
    private static native int MD5_Init(long context);

    private static native int MD5_Update(long context, long data, long length);

    private static native int MD5_Final(long digest, long context);
}
