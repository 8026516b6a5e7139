package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * The classic codec fed anything: whatever bytes arrive, it gives a packet or its one typed error, and what
 * it gives is what an encoder would write. In {@code mvn test} each target runs over the inputs kept in
 * {@code src/test/resources/org/udpchat/codec/ClassicCodecFuzzTestInputs/<method>/}; with {@code
 * JAZZER_FUZZ=1} Jazzer fuzzes one target (see README's "Fuzzing"), and a failing input is written to
 * that directory, named in the failure, so it replays in every later build.
 */
class ClassicCodecFuzzTest {

    /**
     * Any bytes, read as a client's datagram and as the server's: a packet or {@link MalformedPacketException},
     * never another exception; a decoded packet encodes back to bytes that decode to it (a client's chat and
     * every server datagram to the very same bytes: only a login's or quit's surrounding blanks are dropped).
     */
    @FuzzTest
    void anyBytesDecodeToAPacketThatEncodesBackOrAreRejected(byte[] datagram) throws MalformedPacketException {
        ClientPacket fromClient = decodeClientOrNull(datagram);
        if (fromClient != null) {
            byte[] encoded = ClassicCodec.encode(fromClient);
            assertEquals(fromClient, ClassicCodec.decodeClientPacket(ByteBuffer.wrap(encoded)));
            if (fromClient instanceof ClientPacket.Chat) {
                assertArrayEquals(datagram, encoded);
            }
        }
        ServerPacket fromServer = decodeServerOrNull(datagram);
        if (fromServer != null) {
            assertArrayEquals(datagram, ClassicCodec.encode(fromServer));
        }
    }

    /**
     * Packets made of any fields: the records refuse what cannot be sent ({@link IllegalArgumentException},
     * their documented answer), and everything they accept survives encoding and decoding unchanged.
     */
    @FuzzTest
    void packetsOfAnyFieldsSurviveARoundTrip(FuzzedDataProvider data) throws MalformedPacketException {
        Packet packet;
        try {
            packet = packetOf(data);
        } catch (IllegalArgumentException refusedByTheRecord) {
            return;
        }
        byte[] encoded = ClassicCodec.encode(packet);
        Packet decoded = packet instanceof ClientPacket
                ? ClassicCodec.decodeClientPacket(ByteBuffer.wrap(encoded))
                : ClassicCodec.decodeServerPacket(ByteBuffer.wrap(encoded));
        assertEquals(packet, decoded);
    }

    private static Packet packetOf(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 5)) {
            case 0:
                return new ClientPacket.Login(data.consumeRemainingAsString());
            case 1:
                return new ClientPacket.Chat(data.consumeString(64), data.consumeRemainingAsString());
            case 2:
                return new ClientPacket.Quit(data.consumeRemainingAsString());
            case 3:
                return new ServerPacket.Ok();
            case 4:
                return new ServerPacket.Exit();
            default:
                return new ServerPacket.Line(data.consumeRemainingAsString());
        }
    }

    private static ClientPacket decodeClientOrNull(byte[] datagram) {
        try {
            return ClassicCodec.decodeClientPacket(ByteBuffer.wrap(datagram));
        } catch (MalformedPacketException rejected) {
            return null;
        }
    }

    private static ServerPacket decodeServerOrNull(byte[] datagram) {
        try {
            return ClassicCodec.decodeServerPacket(ByteBuffer.wrap(datagram));
        } catch (MalformedPacketException rejected) {
            return null;
        }
    }
}
