package org.udpchat.codec.secure;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.noise.CipherState;
import org.udpchat.codec.noise.HandshakeState;
import org.udpchat.codec.noise.NoiseException;

/**
 * One side of a session's transport after the handshake: seals what this side sends and opens what the
 * other side sent, as {@link SealedDatagram}s. Owns the two keys Noise's {@code Split} gave, the counters,
 * the replay window, and the rotation of keys.
 *
 * <p><b>Sending:</b> each datagram takes the next counter, so no nonce is used twice under a key. When the
 * {@link RekeyPolicy} says, the sending key is replaced by Noise's {@code Rekey} of itself (the old one is
 * overwritten at once) and the counter jumps to the next epoch ({@code epoch << 48}). Past epoch 32,767 the
 * session cannot seal any more ({@link SealException.Reason#EXHAUSTED}) and must shake hands again: at
 * the default policy that is years of traffic.
 *
 * <p><b>Receiving:</b> a counter the {@link ReplayWindow} has seen, or of an epoch older than the
 * current receiving key, is refused before any decryption. A datagram of a later epoch (up to
 * {@value #MOST_EPOCHS_AHEAD} ahead) is tried with the key rotated that far in a spare state; only if it
 * opens does the spare become the key and the old one get erased. So nothing that fails to open changes
 * anything, and no key is kept after its successor has been heard.
 *
 * <p>Not thread-safe: a session's owner thread uses it. {@link #open} returns a view of a buffer this
 * object reuses, valid until the next call.
 */
public final class SessionCipher {

    /** Which end of the session this is: it seals with its own datagram type and opens the other's. */
    public enum Side {
        CLIENT,
        SERVER
    }

    /** Bits of the counter that count within an epoch. */
    static final int COUNTER_BITS = 48;

    /** The last epoch: the counter stays below 2^63, so that it compares as a signed number. */
    static final int LAST_EPOCH = (1 << 15) - 1;

    /** How many rotations ahead a datagram may be: a sender rotates at most once an hour or per 2^22 datagrams. */
    static final int MOST_EPOCHS_AHEAD = 4;

    private static final long IN_EPOCH = (1L << COUNTER_BITS) - 1;

    private final int sealType;
    private final int openType;
    private final RekeyPolicy policy;
    private final CipherState sender;
    private CipherState receiver;
    private CipherState spare;
    private final ReplayWindow window = new ReplayWindow();
    private final byte[] sealBuffer = new byte[Limits.MAX_SEALED_DATAGRAM_BYTES];
    /** {@link #sealBuffer} as a buffer, made once: the header is written through it for every datagram. */
    private final ByteBuffer sealHeader = ByteBuffer.wrap(sealBuffer);

    private final byte[] openBuffer = new byte[Limits.MAX_SEALED_DATAGRAM_BYTES];

    private int sendEpoch;
    private long nextCounter;
    private long sentInEpoch;
    private long epochStartedMillis;
    private int receiveEpoch;

    /** This side's cipher from the keys the handshake split, under the default policy. */
    public SessionCipher(Side side, HandshakeState.Transport keys, long nowMillis) {
        this(side, keys, RekeyPolicy.DEFAULT, nowMillis);
    }

    public SessionCipher(Side side, HandshakeState.Transport keys, RekeyPolicy policy, long nowMillis) {
        this(side, keys, policy, nowMillis, 0, 0);
    }

    /** Starting at a given epoch and count within it: for tests of rotation and exhaustion. */
    SessionCipher(
            Side side, HandshakeState.Transport keys, RekeyPolicy policy, long nowMillis, int epoch, long sentInEpoch) {
        Objects.requireNonNull(keys, "keys == null");
        this.sealType = side == Side.CLIENT ? SealedDatagram.FROM_CLIENT : SealedDatagram.FROM_SERVER;
        this.openType = side == Side.CLIENT ? SealedDatagram.FROM_SERVER : SealedDatagram.FROM_CLIENT;
        this.policy = Objects.requireNonNull(policy, "policy == null");
        this.sender = keys.sender();
        this.receiver = keys.receiver();
        this.spare = new CipherState();
        this.sendEpoch = epoch;
        this.sentInEpoch = sentInEpoch;
        this.nextCounter = ((long) epoch << COUNTER_BITS) + sentInEpoch;
        this.epochStartedMillis = nowMillis;
    }

    /**
     * Seals the plain datagram in {@code plain}'s remaining bytes (consumed) for the session {@code token},
     * appending the sealed datagram to {@code out}.
     *
     * @throws SealException {@link SealException.Reason#EXHAUSTED} when no key is left to seal with
     */
    public void seal(long token, ByteBuffer plain, ByteBuffer out, long nowMillis) throws SealException {
        int length = plain.remaining();
        if (length > Limits.MAX_NATIVE_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(
                    "a plain datagram of " + length + " bytes is over " + Limits.MAX_NATIVE_DATAGRAM_BYTES);
        }
        rotateIfDue(nowMillis);
        long counter = nextCounter;
        sealHeader.clear();
        sealHeader
                .put((byte) 0xFF)
                .put((byte) 0xAC)
                .put((byte) NativeCodec.VERSION)
                .put((byte) sealType);
        sealHeader.putLong(token).putLong(counter);
        plain.get(sealBuffer, SealedDatagram.HEADER_BYTES, length);
        try {
            int sealed = sender.encryptInPlace(counter, sealBuffer, SealedDatagram.HEADER_BYTES, length);
            out.put(sealBuffer, 0, SealedDatagram.HEADER_BYTES + sealed);
        } catch (NoiseException e) {
            throw new SealException(SealException.Reason.EXHAUSTED, e.getMessage(), e);
        }
        nextCounter++;
        sentInEpoch++;
    }

    /** Seals {@code packet} (a session's plain datagram) for {@code token}, appending it to {@code out}. */
    public void seal(long token, Packet packet, ByteBuffer out, long nowMillis) throws SealException {
        seal(token, ByteBuffer.wrap(NativeCodec.encode(packet)), out, nowMillis);
    }

    /** {@code packet} sealed for {@code token}, in an array of exactly its length. */
    public byte[] seal(long token, Packet packet, long nowMillis) throws SealException {
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        seal(token, packet, out, nowMillis);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /**
     * Opens the sealed datagram in {@code datagram}'s remaining bytes (not consumed): the plain datagram
     * inside, as a read-only view valid until the next call. Changes nothing unless it opens.
     */
    public ByteBuffer open(ByteBuffer datagram) throws SealException {
        if (!(openType == SealedDatagram.FROM_CLIENT
                ? SealedDatagram.isFromClient(datagram)
                : SealedDatagram.isFromServer(datagram))) {
            throw new SealException(
                    SealException.Reason.NOT_SEALED,
                    "not a sealed datagram from the " + (openType == SealedDatagram.FROM_CLIENT ? "client" : "server")
                            + " (" + datagram.remaining() + " bytes)");
        }
        long counter = SealedDatagram.counter(datagram);
        long epoch = counter >>> COUNTER_BITS;
        if (counter >= 0 && epoch < receiveEpoch) {
            throw new SealException(
                    SealException.Reason.OLD_KEY,
                    "sealed under key epoch " + epoch + ", rotated away from (now " + receiveEpoch + ")");
        }
        if (!window.isFresh(counter)) {
            throw new SealException(
                    SealException.Reason.REPLAYED,
                    "counter " + counter + " was opened before, or is older than the replay window");
        }
        if (epoch > receiveEpoch + MOST_EPOCHS_AHEAD) {
            throw new SealException(
                    SealException.Reason.KEY_TOO_FAR_AHEAD,
                    "sealed under key epoch " + epoch + ", more than " + MOST_EPOCHS_AHEAD + " ahead of "
                            + receiveEpoch);
        }
        int length = datagram.remaining();
        datagram.get(datagram.position(), openBuffer, 0, length); // absolute: the caller's buffer stays as it was
        int sealedLength = length - SealedDatagram.HEADER_BYTES;
        int plainLength;
        try {
            if (epoch == receiveEpoch) {
                plainLength = receiver.decryptInPlace(counter, openBuffer, SealedDatagram.HEADER_BYTES, sealedLength);
            } else {
                spare.copyFrom(receiver);
                for (long step = receiveEpoch; step < epoch; step++) {
                    spare.rekey();
                }
                plainLength = spare.decryptInPlace(counter, openBuffer, SealedDatagram.HEADER_BYTES, sealedLength);
                CipherState old = receiver;
                receiver = spare;
                spare = old;
                spare.clear(); // the old key goes the moment its successor is heard
                receiveEpoch = (int) epoch;
            }
        } catch (NoiseException e) {
            if (epoch != receiveEpoch) {
                spare.clear();
            }
            throw new SealException(SealException.Reason.BAD_TAG, e.getMessage());
        }
        window.accept(counter);
        return ByteBuffer.wrap(openBuffer, SealedDatagram.HEADER_BYTES, plainLength)
                .slice()
                .asReadOnlyBuffer();
    }

    /**
     * Opens a client's sealed datagram (the server's side) and decodes what it holds. The plain datagram's
     * token must be the routing token, but for a LOGIN, which has none of its own.
     */
    public NativeClientPacket openClientPacket(ByteBuffer datagram) throws SealException {
        return openAndDecode(
                datagram,
                NativeCodec::decodeClientPacket,
                NativeClientPacket::token,
                packet -> packet instanceof NativeClientPacket.Login);
    }

    /** Opens the server's sealed datagram (the client's side) and decodes what it holds; a REFUSED has no token. */
    public NativeServerPacket openServerPacket(ByteBuffer datagram) throws SealException {
        return openAndDecode(
                datagram,
                NativeCodec::decodeServerPacket,
                NativeServerPacket::token,
                packet -> packet instanceof NativeServerPacket.Refused);
    }

    /** How one side's plain datagrams are read. */
    private interface PlainDecoder<P> {
        P decode(ByteBuffer plain) throws MalformedPacketException;
    }

    /**
     * Opens {@code datagram}, decodes the plain datagram inside, and checks that its token is the routing
     * token, unless {@code tokenless} says the packet carries none (it is routed by its seal alone).
     */
    private <P> P openAndDecode(
            ByteBuffer datagram, PlainDecoder<P> decoder, ToLongFunction<P> tokenOf, Predicate<P> tokenless)
            throws SealException {
        ByteBuffer plain = open(datagram); // first: it checks the framing, so the token below is there to read
        long token = SealedDatagram.token(datagram);
        P packet;
        try {
            packet = decoder.decode(plain);
        } catch (MalformedPacketException e) {
            throw new SealException(SealException.Reason.MALFORMED_INSIDE, e.getMessage(), e);
        }
        if (!tokenless.test(packet) && tokenOf.applyAsLong(packet) != token) {
            throw new SealException(SealException.Reason.MALFORMED_INSIDE, "the sealed token is not the routing token");
        }
        return packet;
    }

    /** The key epoch this side seals with now. */
    public int sendEpoch() {
        return sendEpoch;
    }

    /** The key epoch this side opens with now. */
    public int receiveEpoch() {
        return receiveEpoch;
    }

    /** Erases both keys: the session is over. Nothing can be sealed or opened after. */
    public void destroy() {
        sender.clear();
        receiver.clear();
        spare.clear();
    }

    private void rotateIfDue(long nowMillis) throws SealException {
        boolean due = sentInEpoch >= policy.maxMessages()
                || nowMillis - epochStartedMillis >= policy.maxAgeMillis()
                || (nextCounter & IN_EPOCH) == IN_EPOCH;
        if (!due) {
            return;
        }
        if (sendEpoch >= LAST_EPOCH) {
            throw new SealException(
                    SealException.Reason.EXHAUSTED,
                    "every key epoch of this session is used: a new handshake must start a new one");
        }
        sender.rekey();
        sendEpoch++;
        nextCounter = (long) sendEpoch << COUNTER_BITS;
        sentInEpoch = 0;
        epochStartedMillis = nowMillis;
    }
}
