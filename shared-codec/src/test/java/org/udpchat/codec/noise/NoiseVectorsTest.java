package org.udpchat.codec.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published Noise test vectors for our suite, byte for byte: every handshake message and every
 * transport message after Split(), sealed by one side and opened by the other, and the handshake hash
 * where the vector gives it. The vectors are in {@code vectors.json} beside this class, copied from the
 * cacophony and snow vector files (repository, path and commit in each entry's {@code source}).
 */
class NoiseVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> vectors() throws IOException {
        try (InputStream in = NoiseVectorsTest.class.getResourceAsStream("vectors.json")) {
            Map<String, Object> file =
                    (Map<String, Object>) TinyJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return ((List<Object>) file.get("vectors")).stream().map(v -> (Map<String, Object>) v);
        }
    }

    @Test
    void theFileHoldsTheVectorsWeMeanToRun() throws IOException {
        List<String> names = vectors()
                .map(v -> v.get("protocol_name") + " from "
                        + ((String) v.get("source")).substring(0, ((String) v.get("source")).indexOf(':')))
                .toList();
        assertEquals(
                List.of(
                        "Noise_NX_25519_AESGCM_SHA256 from cacophony",
                        "Noise_XX_25519_AESGCM_SHA256 from cacophony",
                        "Noise_NX_25519_AESGCM_SHA256 from snow",
                        "Noise_XX_25519_AESGCM_SHA256 from snow"),
                names);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("vectors")
    @SuppressWarnings("unchecked")
    void everyMessageOfTheVectorMatchesByteForByte(Map<String, Object> vector) throws NoiseException {
        String name = (String) vector.get("protocol_name");
        HandshakePattern pattern = HandshakePattern.valueOf(name.split("_")[1]);
        assertEquals(name, pattern.protocolName());

        HandshakeState initiator = new HandshakeState(
                pattern,
                HandshakeState.Role.INITIATOR,
                hex(vector, "init_prologue"),
                keyPair(vector, "init_static"),
                once(keyPair(vector, "init_ephemeral")));
        HandshakeState responder = new HandshakeState(
                pattern,
                HandshakeState.Role.RESPONDER,
                hex(vector, "resp_prologue"),
                keyPair(vector, "resp_static"),
                once(keyPair(vector, "resp_ephemeral")));

        List<Object> messages = (List<Object>) vector.get("messages");
        int handshakeMessages = pattern == HandshakePattern.NX ? 2 : 3;
        HandshakeState.Transport initiatorKeys = null;
        HandshakeState.Transport responderKeys = null;
        for (int i = 0; i < messages.size(); i++) {
            Map<String, Object> message = (Map<String, Object>) messages.get(i);
            byte[] payload = hex(message, "payload");
            byte[] expected = hex(message, "ciphertext");
            boolean fromInitiator = i % 2 == 0;
            String where = name + " message " + i;
            if (i < handshakeMessages) {
                HandshakeState writer = fromInitiator ? initiator : responder;
                HandshakeState reader = fromInitiator ? responder : initiator;
                assertEquals(HEX.formatHex(expected), HEX.formatHex(writer.writeMessage(payload)), where);
                assertEquals(HEX.formatHex(payload), HEX.formatHex(reader.readMessage(expected)), where);
                if (i == handshakeMessages - 1) {
                    assertTrue(initiator.isFinished() && responder.isFinished(), where);
                    checkHandshakeHash(vector, initiator, responder);
                    initiatorKeys = initiator.split();
                    responderKeys = responder.split();
                }
            } else {
                CipherState sender = fromInitiator ? initiatorKeys.sender() : responderKeys.sender();
                CipherState receiver = fromInitiator ? responderKeys.receiver() : initiatorKeys.receiver();
                byte[] none = new byte[0];
                assertEquals(HEX.formatHex(expected), HEX.formatHex(sender.encryptWithAd(none, payload)), where);
                assertEquals(HEX.formatHex(payload), HEX.formatHex(receiver.decryptWithAd(none, expected)), where);
            }
        }
        assertFalse(messages.size() < handshakeMessages, name + " has fewer messages than its handshake");
        if (pattern == HandshakePattern.NX || pattern == HandshakePattern.XX) {
            assertArrayEquals(keyPair(vector, "resp_static").publicKey(), initiator.remoteStaticKey());
        }
        if (pattern == HandshakePattern.XX) {
            assertArrayEquals(keyPair(vector, "init_static").publicKey(), responder.remoteStaticKey());
        }
    }

    private static void checkHandshakeHash(
            Map<String, Object> vector, HandshakeState initiator, HandshakeState responder) {
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
        if (vector.containsKey("handshake_hash")) {
            assertEquals(vector.get("handshake_hash"), HEX.formatHex(initiator.handshakeHash()));
        }
    }

    private static NoiseKeyPair keyPair(Map<String, Object> vector, String field) {
        return vector.containsKey(field) ? NoiseKeyPair.fromPrivateKey(hex(vector, field)) : null;
    }

    /** The vector's one ephemeral key; a second request would mean the handshake made two, which is wrong. */
    private static Supplier<NoiseKeyPair> once(NoiseKeyPair key) {
        boolean[] given = {false};
        return () -> {
            if (given[0]) {
                throw new AssertionError("a second ephemeral key was asked for");
            }
            given[0] = true;
            return key;
        };
    }

    private static byte[] hex(Map<String, Object> object, String field) {
        return HEX.parseHex((String) object.get(field));
    }
}
