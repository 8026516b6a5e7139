package org.udpchat.codec.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.CipherState;
import org.udpchat.codec.noise.HandshakeState;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * The decryption path fed anything: whatever bytes arrive where a sealed datagram is expected, opening
 * them gives a packet only if they are a datagram the other side sealed, and otherwise one typed {@link
 * SealException} (or, in clear, {@link MalformedPacketException}), never another exception; and nothing
 * that fails changes the receiver: the genuine datagrams still open afterwards, every one, in order.
 *
 * <p>The session is one fixed handshake (fixed keys, so that an input replays the same way in every
 * run), copied afresh for each input. In {@code mvn test} each target runs over the inputs kept in {@code
 * src/test/resources/org/udpchat/codec/secure/SealedDatagramFuzzTestInputs/<method>/}; with {@code
 * JAZZER_FUZZ=1} Jazzer fuzzes one target, as README's "Fuzzing" says.
 */
class SealedDatagramFuzzTest {

    static final long TOKEN = 0x0102_0304_0506_0708L;

    /** Rotates after two datagrams, so that the genuine ones span two key epochs and the rotation path is fed. */
    private static final RekeyPolicy POLICY = new RekeyPolicy(2, Long.MAX_VALUE);

    /** The fixed session: both sides' transport keys, never used themselves, only copied. */
    private static final Keys KEYS = Keys.fixed();

    /** What each side sends: three datagrams, the third under the rotated key. */
    private static final List<byte[]> FROM_CLIENT = new ArrayList<>();

    private static final List<byte[]> FROM_SERVER = new ArrayList<>();

    private static final List<NativeClientPacket> CLIENT_PACKETS = List.of(
            new NativeClientPacket.Login(TOKEN, new ResumptionSecret(1, 2, 3, 4), "bob", "lobby"),
            new NativeClientPacket.Chat(TOKEN, 1, 0, "hi 你好"),
            new NativeClientPacket.Ping(TOKEN, 0));

    private static final List<NativeServerPacket> SERVER_PACKETS = List.of(
            new NativeServerPacket.Welcome(TOKEN, new ResumptionSecret(5, 6, 7, 8), false, "bob", "lobby"),
            new NativeServerPacket.Event(TOKEN, 1, 1, new RoomEvent.Said("bob", "hi 你好")),
            new NativeServerPacket.Pong(TOKEN, 1));

    static {
        try {
            Session session = KEYS.newSession();
            for (NativeClientPacket packet : CLIENT_PACKETS) {
                FROM_CLIENT.add(session.client.seal(TOKEN, packet, 0));
            }
            for (NativeServerPacket packet : SERVER_PACKETS) {
                FROM_SERVER.add(session.server.seal(TOKEN, packet, 0));
            }
        } catch (SealException e) {
            throw new AssertionError(e);
        }
    }

    /** The kept inputs named genuine are what this session seals, so that the fuzzer starts from datagrams that open. */
    @Test
    void theGenuineInputsAreThisSessionsDatagrams() throws IOException {
        String inputs = "SealedDatagramFuzzTestInputs/anyBytesAreOpenedOnlyIfGenuineAndChangeNothingOtherwise/";
        assertEquals(HexFormat.of().formatHex(FROM_CLIENT.get(0)), hexOf(inputs + "genuine-login"));
        assertEquals(HexFormat.of().formatHex(FROM_CLIENT.get(2)), hexOf(inputs + "genuine-ping-of-epoch-1"));
        assertEquals(HexFormat.of().formatHex(FROM_SERVER.get(0)), hexOf(inputs + "genuine-welcome"));
        assertEquals(HexFormat.of().formatHex(FROM_SERVER.get(1)), hexOf(inputs + "genuine-event"));
        assertEquals(1, SealedDatagram.counter(ByteBuffer.wrap(FROM_CLIENT.get(2))) >>> SessionCipher.COUNTER_BITS);
    }

    private static String hexOf(String resource) throws IOException {
        try (var in = SealedDatagramFuzzTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, resource);
            return HexFormat.of().formatHex(in.readAllBytes());
        }
    }

    /** Any bytes, to both openers and both clear decoders. */
    @FuzzTest
    void anyBytesAreOpenedOnlyIfGenuineAndChangeNothingOtherwise(byte[] datagram) {
        feed(datagram);
    }

    /** A genuine sealed datagram of either side, altered by the fuzzer's edits, to both openers. */
    @FuzzTest
    void mutationsOfAGenuineDatagramAreRefusedAndChangeNothing(FuzzedDataProvider data) {
        List<byte[]> genuine = data.consumeBoolean() ? FROM_CLIENT : FROM_SERVER;
        byte[] bytes = genuine.get(data.consumeInt(0, genuine.size() - 1)).clone();
        int edits = data.consumeInt(1, 4);
        for (int e = 0; e < edits && data.remainingBytes() > 0; e++) {
            bytes = edit(bytes, data);
        }
        feed(bytes);
    }

    /** One edit: flip bits of a byte, set a byte, cut, append, or move the counter to another epoch. */
    private static byte[] edit(byte[] bytes, FuzzedDataProvider data) {
        switch (data.consumeInt(0, 4)) {
            case 0:
                if (bytes.length > 0) {
                    bytes[data.consumeInt(0, bytes.length - 1)] ^= (byte) data.consumeInt(1, 255);
                }
                return bytes;
            case 1:
                if (bytes.length > 0) {
                    bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
                }
                return bytes;
            case 2:
                return Arrays.copyOf(bytes, data.consumeInt(0, bytes.length));
            case 3:
                byte[] tail = data.consumeBytes(data.consumeInt(1, 64));
                byte[] longer = Arrays.copyOf(bytes, bytes.length + tail.length);
                System.arraycopy(tail, 0, longer, bytes.length, tail.length);
                return longer;
            default:
                if (bytes.length >= SealedDatagram.HEADER_BYTES) {
                    ByteBuffer.wrap(bytes).putLong(12, data.consumeLong());
                }
                return bytes;
        }
    }

    /**
     * Opens {@code bytes} as each side would, on a fresh copy of the session, then checks that the genuine
     * datagrams of both directions still open in order.
     */
    private static void feed(byte[] bytes) {
        Session session = KEYS.newSession();
        String replay = HexFormat.of().formatHex(bytes);
        boolean clientOpened = open(() -> session.server.openClientPacket(ByteBuffer.wrap(bytes)), FROM_CLIENT, bytes);
        boolean serverOpened = open(() -> session.client.openServerPacket(ByteBuffer.wrap(bytes)), FROM_SERVER, bytes);
        decodeInClear(bytes);
        if (SealedDatagram.isFromClient(ByteBuffer.wrap(bytes))
                || SealedDatagram.isFromServer(ByteBuffer.wrap(bytes))) {
            SealedDatagram.token(ByteBuffer.wrap(bytes)); // peeking at a framed datagram never fails
            SealedDatagram.counter(ByteBuffer.wrap(bytes));
        }
        if (!clientOpened) {
            stillOpens(session, FROM_CLIENT, CLIENT_PACKETS, true, replay);
        }
        if (!serverOpened) {
            stillOpens(session, FROM_SERVER, SERVER_PACKETS, false, replay);
        }
    }

    /** An opening that may fail only with a {@link SealException}. */
    private interface Opening {
        Packet open() throws SealException;
    }

    /** Whether it opened; it may only if the bytes are exactly one of the genuine datagrams. */
    private static boolean open(Opening opening, List<byte[]> genuine, byte[] bytes) {
        try {
            opening.open();
        } catch (SealException refused) {
            assertTrue(refused.reason() != null && refused.getMessage() != null);
            return false;
        } catch (RuntimeException e) {
            fail(HexFormat.of().formatHex(bytes) + " threw " + e, e);
        }
        assertTrue(
                genuine.stream().anyMatch(g -> Arrays.equals(g, bytes)),
                "opened, but not sealed by the other side: " + HexFormat.of().formatHex(bytes));
        return true;
    }

    private static void decodeInClear(byte[] bytes) {
        try {
            NativeCodec.decodeClientHandshake(ByteBuffer.wrap(bytes));
        } catch (MalformedPacketException expected) {
            // the one way to refuse
        }
        try {
            NativeCodec.decodeServerHandshake(ByteBuffer.wrap(bytes));
        } catch (MalformedPacketException expected) {
            // the one way to refuse
        }
        NativeCodec.readOutdatedHello(ByteBuffer.wrap(bytes));
    }

    private static void stillOpens(
            Session session, List<byte[]> genuine, List<? extends Packet> packets, boolean fromClient, String replay) {
        for (int i = 0; i < genuine.size(); i++) {
            ByteBuffer datagram = ByteBuffer.wrap(genuine.get(i));
            try {
                Packet opened = fromClient
                        ? session.server.openClientPacket(datagram)
                        : session.client.openServerPacket(datagram);
                assertEquals(packets.get(i), opened, "after " + replay);
            } catch (SealException e) {
                fail("the genuine datagram " + i + " no longer opens after " + replay + ": " + e.getMessage(), e);
            }
        }
    }

    /** A client's and the server's cipher, new for each input. */
    private record Session(SessionCipher client, SessionCipher server) {}

    /** The fixed handshake's transport keys, from fixed private keys: copied, never used. */
    private record Keys(HandshakeState.Transport client, HandshakeState.Transport server) {

        static Keys fixed() {
            NoiseKeyPair serverKey = key(0x11);
            try {
                HandshakeInitiator initiator = new HandshakeInitiator(fixedEphemeral(0x22));
                HandshakeResponder.Response response =
                        HandshakeResponder.respond(serverKey, initiator.firstMessage(), TOKEN, fixedEphemeral(0x33));
                return new Keys(initiator.readReply(response.secondMessage()).keys(), response.keys());
            } catch (NoiseException e) {
                throw new AssertionError("the fixed handshake failed", e);
            }
        }

        Session newSession() {
            return new Session(
                    new SessionCipher(SessionCipher.Side.CLIENT, copy(client), POLICY, 0),
                    new SessionCipher(SessionCipher.Side.SERVER, copy(server), POLICY, 0));
        }

        private static HandshakeState.Transport copy(HandshakeState.Transport keys) {
            CipherState sender = new CipherState();
            sender.copyFrom(keys.sender());
            CipherState receiver = new CipherState();
            receiver.copyFrom(keys.receiver());
            return new HandshakeState.Transport(sender, receiver);
        }

        private static NoiseKeyPair key(int fill) {
            byte[] secret = new byte[NoiseKeyPair.KEY_LENGTH];
            Arrays.fill(secret, (byte) fill);
            return NoiseKeyPair.fromPrivateKey(secret);
        }

        private static Supplier<NoiseKeyPair> fixedEphemeral(int fill) {
            return () -> key(fill);
        }
    }
}
