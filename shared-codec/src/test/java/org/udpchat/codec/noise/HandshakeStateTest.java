package org.udpchat.codec.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class HandshakeStateTest {

    private static final byte[] PROLOGUE = "udp-chat native v3".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_AD = {};

    private final SecureRandom random = new SecureRandom();
    private final NoiseKeyPair serverKey = NoiseKeyPair.generate(random);

    private HandshakeState client() {
        return new HandshakeState(
                HandshakePattern.NX, HandshakeState.Role.INITIATOR, PROLOGUE, null, NoiseKeyPair.generator(random));
    }

    private HandshakeState server() {
        return new HandshakeState(
                HandshakePattern.NX,
                HandshakeState.Role.RESPONDER,
                PROLOGUE,
                serverKey,
                NoiseKeyPair.generator(random));
    }

    private static NoiseException.Reason reasonOf(Executable call) {
        return assertThrows(NoiseException.class, call).reason();
    }

    private static byte[] flip(byte[] message, int bit) {
        byte[] tampered = message.clone();
        tampered[bit / 8] ^= (byte) (1 << (bit % 8));
        return tampered;
    }

    @Test
    void nxGivesBothSidesTheSameHashAndMatchingKeysAndTheClientTheServersKey() throws NoiseException {
        HandshakeState client = client();
        HandshakeState server = server();
        byte[] hello = client.writeMessage("hello".getBytes(StandardCharsets.UTF_8));
        assertEquals(32 + 5, hello.length, "NX's first message: e, then the payload in clear");
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), server.readMessage(hello));
        byte[] welcome = server.writeMessage("welcome".getBytes(StandardCharsets.UTF_8));
        assertEquals(32 + 32 + 16 + 7 + 16, welcome.length, "e, s sealed, payload sealed");
        assertArrayEquals("welcome".getBytes(StandardCharsets.UTF_8), client.readMessage(welcome));

        assertTrue(client.isFinished() && server.isFinished());
        assertArrayEquals(client.handshakeHash(), server.handshakeHash());
        assertArrayEquals(serverKey.publicKey(), client.remoteStaticKey());
        assertNull(server.remoteStaticKey(), "NX's client stays anonymous");

        HandshakeState.Transport clientKeys = client.split();
        HandshakeState.Transport serverKeys = server.split();
        byte[] up = clientKeys.sender().encryptWithAd(NO_AD, new byte[] {1});
        assertArrayEquals(new byte[] {1}, serverKeys.receiver().decryptWithAd(NO_AD, up));
        byte[] down = serverKeys.sender().encryptWithAd(NO_AD, new byte[] {2});
        assertArrayEquals(new byte[] {2}, clientKeys.receiver().decryptWithAd(NO_AD, down));
        assertEquals(
                NoiseException.Reason.BAD_TAG,
                reasonOf(() -> clientKeys.receiver().decryptWithAd(NO_AD, up)),
                "each direction has its own key");
    }

    @Test
    void xxGivesEachSideTheOthersStaticKey() throws NoiseException {
        NoiseKeyPair clientKey = NoiseKeyPair.generate(random);
        HandshakeState client = new HandshakeState(
                HandshakePattern.XX,
                HandshakeState.Role.INITIATOR,
                PROLOGUE,
                clientKey,
                NoiseKeyPair.generator(random));
        HandshakeState server = new HandshakeState(
                HandshakePattern.XX,
                HandshakeState.Role.RESPONDER,
                PROLOGUE,
                serverKey,
                NoiseKeyPair.generator(random));
        server.readMessage(client.writeMessage(new byte[0]));
        client.readMessage(server.writeMessage(new byte[0]));
        assertFalse(client.isFinished());
        byte[] third = client.writeMessage(new byte[0]);
        assertEquals(32 + 16 + 16, third.length);
        server.readMessage(third);
        assertTrue(client.isFinished() && server.isFinished());
        assertArrayEquals(serverKey.publicKey(), client.remoteStaticKey());
        assertArrayEquals(clientKey.publicKey(), server.remoteStaticKey());
        assertArrayEquals(client.handshakeHash(), server.handshakeHash());
    }

    @Test
    void aDifferentPrologueMakesTheHandshakeFail() throws NoiseException {
        HandshakeState client = new HandshakeState(
                HandshakePattern.NX,
                HandshakeState.Role.INITIATOR,
                "udp-chat native v2".getBytes(StandardCharsets.US_ASCII),
                null,
                NoiseKeyPair.generator(random));
        HandshakeState server = server();
        server.readMessage(client.writeMessage(new byte[0]));
        byte[] welcome = server.writeMessage(new byte[0]);
        assertEquals(NoiseException.Reason.BAD_TAG, reasonOf(() -> client.readMessage(welcome)));
    }

    @Test
    void everyFlippedBitOfTheServersMessageKillsTheClientsHandshake() throws NoiseException {
        // Fixed ephemeral keys make message 1 and the server's reply the same every time, so one reply can
        // be tampered with bit by bit against a fresh client each time.
        NoiseKeyPair clientEphemeral = NoiseKeyPair.generate(random);
        Supplier<HandshakeState> freshClient = () -> new HandshakeState(
                HandshakePattern.NX, HandshakeState.Role.INITIATOR, PROLOGUE, null, () -> clientEphemeral);
        HandshakeState server = server();
        server.readMessage(freshClient.get().writeMessage(new byte[0]));
        byte[] welcome = server.writeMessage("welcome".getBytes(StandardCharsets.UTF_8));

        for (int bit = 0; bit < welcome.length * 8; bit++) {
            HandshakeState client = freshClient.get();
            client.writeMessage(new byte[0]);
            byte[] tampered = flip(welcome, bit);
            NoiseException.Reason reason = reasonOf(() -> client.readMessage(tampered));
            assertTrue(
                    reason == NoiseException.Reason.BAD_TAG || reason == NoiseException.Reason.BAD_PUBLIC_KEY,
                    "bit " + bit + ": " + reason);
            assertFalse(client.isFinished(), "bit " + bit);
            assertEquals(
                    NoiseException.Reason.HANDSHAKE_FAILED,
                    reasonOf(() -> client.readMessage(welcome)),
                    "bit " + bit + ": a failed handshake stays dead, even for the genuine message");
        }
        HandshakeState client = freshClient.get();
        client.writeMessage(new byte[0]);
        assertArrayEquals("welcome".getBytes(StandardCharsets.UTF_8), client.readMessage(welcome));
    }

    @Test
    void everyFlippedBitOfTheClientsHelloMakesTheClientRefuseTheReply() throws NoiseException {
        // NX's first message is in clear, so the server cannot tell; but the bits went into its handshake
        // hash, and the client refuses the reply made from them.
        NoiseKeyPair clientEphemeral = NoiseKeyPair.generate(random);
        Supplier<HandshakeState> freshClient = () -> new HandshakeState(
                HandshakePattern.NX, HandshakeState.Role.INITIATOR, PROLOGUE, null, () -> clientEphemeral);
        byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
        byte[] hello = freshClient.get().writeMessage(payload);
        for (int bit = 0; bit < hello.length * 8; bit++) {
            HandshakeState client = freshClient.get();
            assertArrayEquals(hello, client.writeMessage(payload));
            HandshakeState server = server();
            byte[] reply;
            try {
                server.readMessage(flip(hello, bit));
                reply = server.writeMessage(new byte[0]);
            } catch (NoiseException e) {
                // A flipped key bit may give a point X25519 refuses: the server stops there.
                assertEquals(NoiseException.Reason.BAD_PUBLIC_KEY, e.reason(), "bit " + bit);
                continue;
            }
            assertEquals(NoiseException.Reason.BAD_TAG, reasonOf(() -> client.readMessage(reply)), "bit " + bit);
        }
    }

    @Test
    void stepsOutOfTurnAreRefusedAndChangeNothing() throws NoiseException {
        HandshakeState client = client();
        HandshakeState server = server();
        NoiseException early = assertThrows(NoiseException.class, () -> client.readMessage(new byte[100]));
        assertEquals(NoiseException.Reason.WRONG_TURN, early.reason());
        assertEquals(
                "message 1 of NX is the initiator's to send; the initiator has no message to read yet",
                early.getMessage());
        NoiseException serverFirst = assertThrows(NoiseException.class, () -> server.writeMessage(new byte[0]));
        assertEquals(NoiseException.Reason.WRONG_TURN, serverFirst.reason());
        assertEquals(
                "message 1 of NX is the initiator's to send; the responder cannot write it", serverFirst.getMessage());
        assertEquals(NoiseException.Reason.HANDSHAKE_NOT_FINISHED, reasonOf(server::split));
        assertThrows(IllegalStateException.class, server::handshakeHash);

        // Nothing was disturbed: the handshake goes on as if those calls had not been made.
        server.readMessage(client.writeMessage(new byte[0]));
        assertEquals(NoiseException.Reason.WRONG_TURN, reasonOf(() -> client.writeMessage(new byte[0])));
        client.readMessage(server.writeMessage(new byte[0]));
        assertArrayEquals(client.handshakeHash(), server.handshakeHash());
    }

    @Test
    void aReplayedHandshakeMessageAfterTheEndIsRefusedAndTheSessionKeysStillWork() throws NoiseException {
        HandshakeState client = client();
        HandshakeState server = server();
        byte[] hello = client.writeMessage(new byte[0]);
        server.readMessage(hello);
        byte[] welcome = server.writeMessage(new byte[0]);
        client.readMessage(welcome);

        NoiseException atServer = assertThrows(NoiseException.class, () -> server.readMessage(hello));
        assertEquals(NoiseException.Reason.HANDSHAKE_FINISHED, atServer.reason());
        assertEquals(
                "the NX handshake is already finished: no handshake message is read after its last"
                        + " (a replayed or duplicated message?)",
                atServer.getMessage());
        assertEquals(NoiseException.Reason.HANDSHAKE_FINISHED, reasonOf(() -> client.readMessage(welcome)));

        HandshakeState.Transport clientKeys = client.split();
        HandshakeState.Transport serverKeys = server.split();
        byte[] sealed = clientKeys.sender().encryptWithAd(NO_AD, new byte[] {5});
        assertArrayEquals(new byte[] {5}, serverKeys.receiver().decryptWithAd(NO_AD, sealed));
        assertThrows(IllegalStateException.class, client::split, "the keys are handed out once");
    }

    @Test
    void aReplayedFirstMessageWhereXxExpectsTheThirdKillsTheResponder() throws NoiseException {
        HandshakeState client = new HandshakeState(
                HandshakePattern.XX,
                HandshakeState.Role.INITIATOR,
                PROLOGUE,
                NoiseKeyPair.generate(random),
                NoiseKeyPair.generator(random));
        HandshakeState server = new HandshakeState(
                HandshakePattern.XX,
                HandshakeState.Role.RESPONDER,
                PROLOGUE,
                serverKey,
                NoiseKeyPair.generator(random));
        byte[] hello = client.writeMessage(new byte[40]);
        server.readMessage(hello);
        byte[] second = server.writeMessage(new byte[0]);
        client.readMessage(second);
        byte[] third = client.writeMessage(new byte[0]);

        NoiseException e = assertThrows(NoiseException.class, () -> server.readMessage(hello));
        assertEquals(NoiseException.Reason.BAD_TAG, e.reason());
        assertEquals(NoiseException.Reason.HANDSHAKE_FAILED, reasonOf(() -> server.readMessage(third)));
    }

    @Test
    void aPayloadThatWouldMakeTheMessageTooLargeIsRefusedAndChangesNothing() throws NoiseException {
        HandshakeState client = client();
        NoiseException e = assertThrows(NoiseException.class, () -> client.writeMessage(new byte[65535 - 32 + 1]));
        assertEquals(NoiseException.Reason.TOO_LARGE, e.reason());
        assertEquals(
                "a payload of 65504 bytes makes a handshake message of 65536 bytes, over Noise's 65535-byte limit",
                e.getMessage());
        HandshakeState server = server();
        byte[] hello = client.writeMessage(new byte[65535 - 32]);
        assertEquals(65535, hello.length);
        server.readMessage(hello);
        assertEquals(
                NoiseException.Reason.TOO_LARGE,
                reasonOf(() -> server.writeMessage(new byte[65535 - 32 - 48 - 16 + 1])));
        byte[] welcome = server.writeMessage(new byte[65535 - 32 - 48 - 16]);
        assertEquals(65535, welcome.length);
        client.readMessage(welcome);
        assertTrue(client.isFinished());
    }

    @Test
    void aMessageOverTheLimitOrTooShortIsRefused() {
        assertEquals(NoiseException.Reason.TOO_LARGE, reasonOf(() -> server().readMessage(new byte[65536])));
        NoiseException e = assertThrows(NoiseException.class, () -> server().readMessage(new byte[31]));
        assertEquals(NoiseException.Reason.TOO_SHORT, e.reason());
        assertEquals("handshake message 1 of NX has 31 bytes; its keys and tags need at least 32", e.getMessage());
    }

    @Test
    void aReplyCutShortKillsTheHandshake() throws NoiseException {
        HandshakeState client = client();
        HandshakeState server = server();
        server.readMessage(client.writeMessage(new byte[0]));
        byte[] welcome = server.writeMessage(new byte[0]);
        assertEquals(
                NoiseException.Reason.TOO_SHORT,
                reasonOf(() -> client.readMessage(Arrays.copyOf(welcome, welcome.length - 1))));
        assertEquals(NoiseException.Reason.HANDSHAKE_FAILED, reasonOf(() -> client.readMessage(welcome)));
    }

    @Test
    void anEphemeralKeyOfSmallOrderIsRefused() throws NoiseException {
        // u = 0 is a point of small order: DH with it gives all zeros, a secret an attacker knows.
        HandshakeState server = server();
        server.readMessage(new byte[32]);
        NoiseException e = assertThrows(NoiseException.class, () -> server.writeMessage(new byte[0]));
        assertEquals(NoiseException.Reason.BAD_PUBLIC_KEY, e.reason());
        assertEquals(NoiseException.Reason.HANDSHAKE_FAILED, reasonOf(() -> server.writeMessage(new byte[0])));
    }

    @Test
    void eachSideMustBeGivenExactlyTheStaticKeyItsPatternSends() {
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class,
                () -> new HandshakeState(
                        HandshakePattern.NX,
                        HandshakeState.Role.RESPONDER,
                        PROLOGUE,
                        null,
                        NoiseKeyPair.generator(random)));
        assertEquals("NX's responder needs a static key pair", missing.getMessage());
        IllegalArgumentException extra = assertThrows(
                IllegalArgumentException.class,
                () -> new HandshakeState(
                        HandshakePattern.NX,
                        HandshakeState.Role.INITIATOR,
                        PROLOGUE,
                        serverKey,
                        NoiseKeyPair.generator(random)));
        assertEquals("NX's initiator sends no static key: pass null", extra.getMessage());
    }

    @Test
    void twoHandshakesWithFreshEphemeralsGiveDifferentKeys() throws NoiseException {
        byte[][] hashes = new byte[2][];
        for (int i = 0; i < 2; i++) {
            HandshakeState client = client();
            HandshakeState server = server();
            server.readMessage(client.writeMessage(new byte[0]));
            client.readMessage(server.writeMessage(new byte[0]));
            hashes[i] = client.handshakeHash();
        }
        assertNotEquals(Arrays.toString(hashes[0]), Arrays.toString(hashes[1]));
    }
}
