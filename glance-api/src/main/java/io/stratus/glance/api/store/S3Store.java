package io.stratus.glance.api.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Images as objects in an S3 bucket, through the AWS SDK for Java v2. S3 wants each request's length
 * before its body and, over plain HTTP, the SHA-256 of the body in the signature, so bytes are sent
 * in parts read into one bounded buffer: an image that fits in a part is one PUT, a larger one (or one
 * of unknown size that turns out larger) a multipart upload, aborted when anything fails. Memory per
 * upload is one part, whatever the image size.
 */
public final class S3Store implements ImageStore {

    /** S3's smallest part but the last. */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    private final S3Client s3;
    private final URI endpoint;
    private final String bucket;
    private final long partSize;
    private final int maxParts;
    private final boolean createBucket;
    private volatile boolean bucketChecked;

    /**
     * @param endpoint the S3 endpoint the client talks to, recorded in locations
     * @param partSize bytes per part (at least {@link #MIN_PART_SIZE}); grows for a sized image that would need more than maxParts
     * @param maxParts the most parts the endpoint takes in one upload (S3: 10,000)
     * @param createBucket whether a missing bucket is created on the first upload
     */
    public S3Store(S3Client s3, URI endpoint, String bucket, long partSize, int maxParts, boolean createBucket) {
        if (partSize < MIN_PART_SIZE || partSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the S3 part size must be between 5 MiB and 2 GiB, not " + partSize);
        }
        this.s3 = s3;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.partSize = partSize;
        this.maxParts = maxParts;
        this.createBucket = createBucket;
    }

    /** A client for any S3 endpoint: path-style or virtual-host buckets, static keys. */
    public static S3Client client(URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(pathStyle)
                // plain SigV4 with the payload's SHA-256: not every S3 takes aws-chunked bodies or trailing checksums (Swift's s3api does not)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public boolean owns(String location) {
        return location.startsWith("s3+http://") || location.startsWith("s3+https://");
    }

    @Override
    public Stored add(String imageId, InputStream data, long size) throws IOException {
        try {
            ensureBucket();
            byte[] buffer = new byte[(int) partSizeFor(size)];
            int filled = readFully(data, buffer);
            if (filled < buffer.length || size >= 0 && size <= buffer.length) {
                if (data.read() >= 0) {
                    throw new IOException("the image is longer than its declared size");
                }
                s3.putObject(put -> put.bucket(bucket).key(imageId).contentType("application/octet-stream"), body(buffer, filled));
            } else {
                putMultipart(imageId, data, buffer, filled);
            }
        } catch (SdkException e) {
            throw failure("upload of " + imageId, e);
        }
        return new Stored("s3+" + endpoint.getScheme() + "://" + endpoint.getRawAuthority() + "/" + bucket + "/" + imageId, null);
    }

    /** Parts from the buffer, already holding the first one; aborted (the parts dropped) on any failure. */
    private void putMultipart(String key, InputStream data, byte[] buffer, int firstLength) throws IOException {
        String uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(key).contentType("application/octet-stream"))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int length = firstLength; length > 0; length = readFully(data, buffer)) {
                if (parts.size() == maxParts) {
                    throw new IOException("the image needs more than " + maxParts + " parts of " + buffer.length + " bytes");
                }
                int number = parts.size() + 1;
                String etag = s3.uploadPart(part -> part.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        body(buffer, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                if (length < buffer.length) {
                    break;
                }
            }
            s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the endpoint's own expiry of incomplete uploads takes what is left; the failure that matters is thrown below
            }
            throw e;
        }
    }

    /** A part of the configured size, or larger when a sized image would otherwise need more parts than allowed. */
    long partSizeFor(long imageSize) {
        if (imageSize < 0) {
            return partSize;
        }
        long needed = (imageSize + maxParts - 1) / maxParts;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("an image of " + imageSize + " bytes needs parts over 2 GiB");
        }
        return Math.max(Math.min(partSize, imageSize), needed); // a small image's buffer is no larger than itself
    }

    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream");
    }

    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                break;
            }
            filled += read;
        }
        return filled;
    }

    private void ensureBucket() {
        if (bucketChecked || !createBucket) {
            return;
        }
        try {
            s3.headBucket(head -> head.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(create -> create.bucket(bucket));
        }
        bucketChecked = true;
    }

    @Override
    public InputStream open(String location, long offset, long length) throws IOException {
        String key = key(location);
        String range = offset == 0 && length < 0 ? null : "bytes=" + offset + "-" + (length < 0 ? "" : offset + length - 1);
        try {
            return s3.getObject(get -> get.bucket(bucketOf(location)).key(key).range(range));
        } catch (SdkException e) {
            throw failure("download of " + key, e);
        }
    }

    @Override
    public void delete(String location) throws IOException {
        try {
            s3.deleteObject(delete -> delete.bucket(bucketOf(location)).key(key(location)));
        } catch (NoSuchKeyException e) {
            // gone already
        } catch (SdkException e) {
            throw failure("delete of " + key(location), e);
        }
    }

    /** s3+http://host:port/bucket/key: the bucket. */
    private static String bucketOf(String location) {
        String path = URI.create(location).getRawPath();
        return path.substring(1, path.indexOf('/', 1));
    }

    private static String key(String location) {
        String path = URI.create(location).getRawPath();
        return path.substring(path.indexOf('/', 1) + 1);
    }

    private static IOException failure(String what, SdkException e) {
        return new IOException("S3 " + what + " failed: " + e.getMessage(), e);
    }
}
