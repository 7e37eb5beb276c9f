package dev.trent.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import dev.trent.sdk.internal.Bytes;
import dev.trent.sdk.internal.EncryptionContextCodec;
import dev.trent.sdk.interop.OfficialSdk;
import dev.trent.sdk.keyring.RawAesKeyring;
import dev.trent.sdk.materials.EncryptionMaterials;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decrypt-side frame length limit, and buffers that grow only with the ciphertext actually received. */
class FrameLengthLimitTest {
    private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
    private static final int HUGE_FRAME = Integer.MAX_VALUE - 128;
    private final RawAesKeyring keyring = new RawAesKeyring("ns", "limit", TestKeys.AES_256);
    private final TrentCrypto crypto = TrentCrypto.builder().build();

    @Test
    void framesLongerThanTheLimitAreRefusedBeforeTheKeyringIsCalled() {
        byte[] pt = TestKeys.bytes(200_000, 7);
        byte[] ct = TrentCrypto.builder()
                .frameLength(65536)
                .build()
                .encrypt(keyring, pt, Map.of())
                .ciphertext();
        CountingKeyring counting = new CountingKeyring(keyring);
        assertThat(crypto.decrypt(counting, ct, DecryptOptions.defaults().withMaxFrameLength(65536))
                        .plaintext())
                .isEqualTo(pt);
        assertThat(counting.decrypts).hasValue(1);
        assertThatThrownBy(() ->
                        crypto.decrypt(counting, ct, DecryptOptions.defaults().withMaxFrameLength(65535)))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("frame length 65536 exceeds the configured maximum of 65535");
        assertThat(counting.decrypts).hasValue(1);
        assertThatThrownBy(() -> DecryptOptions.defaults().withMaxFrameLength(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DecryptOptions.defaults().maxFrameLength()).isEqualTo(DecryptOptions.NO_FRAME_LIMIT);
    }

    @Test
    void nonFramedBodiesLongerThanTheLimitAreRefused() {
        byte[] pt = TestKeys.bytes(10_000, 8);
        AwsCrypto official = OfficialSdk.crypto(SUITE, 0); // frame size 0: a non-framed message
        byte[] ct = official.encryptData(OfficialSdk.rawAes("ns", "limit", TestKeys.AES_256), pt, Map.of())
                .getResult();
        assertThat(crypto.decrypt(keyring, ct, DecryptOptions.defaults().withMaxFrameLength(10_000))
                        .plaintext())
                .isEqualTo(pt);
        assertThatThrownBy(() ->
                        crypto.decrypt(keyring, ct, DecryptOptions.defaults().withMaxFrameLength(9_999)))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("body of 10000 bytes exceeds the configured maximum of 9999");
    }

    /**
     * An authenticated header may announce frames of almost 2 GiB. A short message with such a header decrypts
     * without allocating anything near that, a truncated one fails the same way, and a limit refuses it outright.
     */
    @Test
    void aHugeAnnouncedFrameLengthDoesNotForceAHugeAllocation() throws Exception {
        byte[] pt = TestKeys.bytes(1000, 9);
        byte[] finalOnly = forgeMessage(pt, true);
        long before = allocated();
        DecryptResult r = crypto.decrypt(keyring, finalOnly, DecryptOptions.defaults());
        long used = allocated() - before;
        assertThat(r.plaintext()).isEqualTo(pt);
        assertThat(r.header().frameLength()).isEqualTo(HUGE_FRAME);
        assertThat(used).as("bytes allocated while decrypting").isLessThan(16L << 20);

        byte[] truncated = forgeMessage(TestKeys.bytes(5000, 10), false);
        before = allocated();
        assertThatThrownBy(() -> crypto.decrypt(keyring, truncated, DecryptOptions.defaults()))
                .isInstanceOf(BadCiphertextException.class)
                .hasMessageContaining("truncated");
        assertThat(allocated() - before).isLessThan(16L << 20);

        assertThatThrownBy(() -> crypto.decrypt(
                        keyring, finalOnly, DecryptOptions.defaults().withMaxFrameLength(1 << 20)))
                .isInstanceOf(TrentCryptoException.class)
                .hasMessageContaining("exceeds the configured maximum");
    }

    @Test
    void largeFramesStillRoundTripAsTheBufferGrows() throws Exception {
        int frame = (3 << 20) + 5; // larger than the initial 1 MiB buffer, not a power of two
        byte[] pt = TestKeys.bytes(2 * frame + 17, 11);
        byte[] ct = TrentCrypto.builder()
                .frameLength(frame)
                .build()
                .encrypt(keyring, pt, Map.of("k", "v"))
                .ciphertext();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        // A trickling source: reads return at most 4093 bytes, so the buffer grows across many short reads.
        try (DecryptingInputStream in = crypto.decryptingStream(
                new dev.trent.sdk.materials.DefaultCryptoMaterialsManager(keyring),
                new ByteArrayInputStream(ct) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        return super.read(b, off, Math.min(len, 4093));
                    }
                },
                DecryptOptions.defaults())) {
            in.transferTo(got);
            assertThat(in.isComplete()).isTrue();
        }
        assertThat(got.toByteArray()).isEqualTo(pt);
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * A valid message header (genuine data key, correct header tag) announcing {@link #HUGE_FRAME}-byte frames,
     * followed either by a final frame holding {@code pt} or by the start of a regular frame and then nothing.
     */
    private byte[] forgeMessage(byte[] pt, boolean complete) {
        EncryptionMaterials m = keyring.onEncrypt(EncryptionMaterials.create(SUITE, Map.of(), null));
        byte[] messageId = TestKeys.bytes(SUITE.messageIdLength(), 12);
        try (MessageCrypto mc = new MessageCrypto(SUITE, m.plaintextDataKey(), messageId)) {
            byte[] body = MessageHeader.serializeBody(
                    SUITE,
                    messageId,
                    EncryptionContextCodec.serialize(Map.of()),
                    m.encryptedDataKeys(),
                    HUGE_FRAME,
                    mc.commitKey());
            byte[] tag = mc.headerTag(body, new byte[SUITE.ivLength()]);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(body);
            out.writeBytes(tag);
            byte[] frame;
            if (complete) {
                frame = new byte[4 + 4 + 12 + 4 + pt.length + 16];
                Bytes.putU32(frame, 0, 0xffffffffL);
                Bytes.putU32(frame, 4, 1);
                MessageCrypto.sequenceIv(1, frame, 8);
                Bytes.putU32(frame, 20, pt.length);
                mc.encryptFrame(1, 1, pt, 0, pt.length, frame, 24);
            } else {
                frame = new byte[4 + 12 + pt.length]; // sequence number, IV, then far fewer bytes than announced
                Bytes.putU32(frame, 0, 1);
                MessageCrypto.sequenceIv(1, frame, 4);
                System.arraycopy(pt, 0, frame, 16, pt.length);
            }
            out.writeBytes(frame);
            m.destroy();
            return out.toByteArray();
        }
    }
}
