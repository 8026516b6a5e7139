package org.udpchat.codec.noise;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.crypto.KeyAgreement;

/**
 * Noise's HandshakeState (revision 34, section 5.3) for {@code Noise_NX_25519_AESGCM_SHA256} and
 * {@code Noise_XX_25519_AESGCM_SHA256}: one side's run through a {@link HandshakePattern}, message by
 * message, ending in two {@link CipherState}s for the transport.
 *
 * <p><b>Life.</b> Made with the pattern, this side's role, the prologue (bytes both sides must agree on
 * without sending them, such as the protocol version) and the keys it needs; then {@link #writeMessage}
 * and {@link #readMessage} in the pattern's order, initiator first; once {@link #isFinished()},
 * {@link #split()} hands out the transport keys, once. A message that fails to read (a bad tag, a cut
 * message, a bad public key) kills the handshake, as the spec says: every later call fails with
 * {@link NoiseException.Reason#HANDSHAKE_FAILED}, and the caller starts a new one. A call out of turn, or
 * after the end, is refused and changes nothing, so a replayed or duplicated handshake datagram cannot
 * disturb a handshake in progress beyond being refused.
 *
 * <p>Not thread-safe: one owner runs it. The ephemeral keys come from the caller's supplier: fresh ones
 * from {@link NoiseKeyPair#generator} in use, fixed ones for the published test vectors.
 */
public final class HandshakeState {

    /** Which end of the pattern this side plays: the initiator sends the first message. */
    public enum Role {
        INITIATOR,
        RESPONDER
    }

    /** The transport keys of one side after the handshake: what it seals with, and what it opens with. */
    public record Transport(CipherState sender, CipherState receiver) {}

    private final HandshakePattern pattern;
    private final Role role;
    private final SymmetricState symmetric;
    private final NoiseKeyPair localStatic;
    private final Supplier<NoiseKeyPair> ephemerals;
    private final KeyAgreement agreement;
    private final KeyFactory keyFactory;

    private NoiseKeyPair localEphemeral;
    private byte[] remoteStatic;
    private PublicKey remoteStaticKey;
    private PublicKey remoteEphemeralKey;
    private int nextMessage;
    private boolean failed;
    private boolean split;
    private byte[] finalHash;

    /**
     * Initialize(): a side of {@code pattern}. {@code localStatic} is required exactly when the pattern has
     * this side send a static key ({@link HandshakePattern#needsStaticKey}), and must be null otherwise.
     */
    public HandshakeState(
            HandshakePattern pattern,
            Role role,
            byte[] prologue,
            NoiseKeyPair localStatic,
            Supplier<NoiseKeyPair> ephemerals) {
        if (pattern == null || role == null || prologue == null || ephemerals == null) {
            throw new IllegalArgumentException("pattern, role, prologue and ephemerals must not be null");
        }
        if (pattern.needsStaticKey(role) != (localStatic != null)) {
            throw new IllegalArgumentException(pattern + "'s " + role.name().toLowerCase(Locale.ROOT)
                    + (localStatic == null ? " needs a static key pair" : " sends no static key: pass null"));
        }
        this.pattern = pattern;
        this.role = role;
        this.localStatic = localStatic;
        this.ephemerals = ephemerals;
        try {
            agreement = KeyAgreement.getInstance("X25519");
            keyFactory = KeyFactory.getInstance("X25519");
        } catch (GeneralSecurityException e) {
            throw NoiseKeyPair.missingX25519(e);
        }
        symmetric = new SymmetricState(pattern.protocolName());
        symmetric.mixHash(prologue);
        // NX and XX have no pre-messages, so no keys known in advance are mixed in here.
    }

    /** Whether the next step is this side's {@link #writeMessage} (true) or {@link #readMessage} (false). */
    public boolean isMyTurnToWrite() {
        boolean initiatorsTurn = nextMessage % 2 == 0;
        return initiatorsTurn == (role == Role.INITIATOR);
    }

    /** Whether every message of the pattern has been written or read, so that {@link #split()} may be called. */
    public boolean isFinished() {
        return nextMessage == pattern.messages().size();
    }

    /**
     * WriteMessage(payload): this side's next handshake message, carrying {@code payload} (encrypted once
     * a DH has been mixed in, in clear in NX's and XX's first message). Refused, with nothing changed, if
     * it is not this side's turn or the message would be over 65,535 bytes.
     */
    public byte[] writeMessage(byte[] payload) throws NoiseException {
        checkCanStep(true);
        List<HandshakePattern.Token> tokens = pattern.messages().get(nextMessage);
        int length = messageLength(tokens, payload.length);
        if (length > CipherState.MAX_MESSAGE_LENGTH) {
            throw new NoiseException(
                    NoiseException.Reason.TOO_LARGE,
                    "a payload of " + payload.length + " bytes makes a handshake message of " + length
                            + " bytes, over Noise's " + CipherState.MAX_MESSAGE_LENGTH + "-byte limit");
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream(length);
        try {
            for (HandshakePattern.Token token : tokens) {
                switch (token) {
                    case E:
                        localEphemeral = ephemerals.get();
                        byte[] ephemeralPublic = localEphemeral.publicKey();
                        message.writeBytes(ephemeralPublic);
                        symmetric.mixHash(ephemeralPublic);
                        break;
                    case S:
                        message.writeBytes(symmetric.encryptAndHash(localStatic.publicKey()));
                        break;
                    default:
                        mixDh(token);
                }
            }
            message.writeBytes(symmetric.encryptAndHash(payload));
        } catch (NoiseException e) {
            failed = true;
            throw e;
        }
        nextMessage++;
        finishIfLast();
        return message.toByteArray();
    }

    /**
     * ReadMessage(message): the peer's next handshake message; returns its payload. Refused with nothing
     * changed if it is not this side's turn to read or the handshake is over (a replay); any other failure
     * kills the handshake.
     */
    public byte[] readMessage(byte[] message) throws NoiseException {
        checkCanStep(false);
        try {
            return read(message);
        } catch (NoiseException e) {
            failed = true;
            throw e;
        }
    }

    private byte[] read(byte[] message) throws NoiseException {
        if (message.length > CipherState.MAX_MESSAGE_LENGTH) {
            throw new NoiseException(
                    NoiseException.Reason.TOO_LARGE,
                    "handshake message of " + message.length + " bytes is over Noise's "
                            + CipherState.MAX_MESSAGE_LENGTH + "-byte limit");
        }
        List<HandshakePattern.Token> tokens = pattern.messages().get(nextMessage);
        int least = messageLength(tokens, 0);
        if (message.length < least) {
            throw new NoiseException(
                    NoiseException.Reason.TOO_SHORT,
                    "handshake message " + (nextMessage + 1) + " of " + pattern + " has " + message.length
                            + " bytes; its keys and tags need at least " + least);
        }
        int offset = 0;
        for (HandshakePattern.Token token : tokens) {
            switch (token) {
                case E:
                    byte[] ephemeralPublic = Arrays.copyOfRange(message, offset, offset + NoiseKeyPair.KEY_LENGTH);
                    offset += NoiseKeyPair.KEY_LENGTH;
                    remoteEphemeralKey = publicKey(ephemeralPublic, "ephemeral");
                    symmetric.mixHash(ephemeralPublic);
                    break;
                case S:
                    int sealedLength = NoiseKeyPair.KEY_LENGTH + (symmetric.hasKey() ? CipherState.TAG_LENGTH : 0);
                    byte[] sealed = Arrays.copyOfRange(message, offset, offset + sealedLength);
                    offset += sealedLength;
                    remoteStatic = symmetric.decryptAndHash(sealed);
                    remoteStaticKey = publicKey(remoteStatic, "static");
                    break;
                default:
                    mixDh(token);
            }
        }
        byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
        nextMessage++;
        finishIfLast();
        return payload;
    }

    /**
     * Split(): this side's transport keys (Noise's first CipherState seals from initiator to responder, the
     * second the other way). Once only: the chaining key is erased as it is split.
     */
    public Transport split() throws NoiseException {
        if (failed) {
            throw failedException();
        }
        if (!isFinished()) {
            throw new NoiseException(
                    NoiseException.Reason.HANDSHAKE_NOT_FINISHED,
                    "transport keys asked for after " + nextMessage + " of " + pattern + "'s "
                            + pattern.messages().size() + " handshake messages");
        }
        if (split) {
            throw new IllegalStateException("split() was already called: the keys were handed out once");
        }
        split = true;
        CipherState[] pair = symmetric.split();
        return role == Role.INITIATOR ? new Transport(pair[0], pair[1]) : new Transport(pair[1], pair[0]);
    }

    /**
     * The handshake hash {@code h} once the handshake is finished: the same on both sides exactly when
     * they saw the same messages, so it can bind a session to this handshake (section 11.2).
     */
    public byte[] handshakeHash() {
        if (finalHash == null) {
            throw new IllegalStateException("the handshake hash is final only once the handshake is finished");
        }
        return finalHash.clone();
    }

    /** The peer's static public key as received (a copy), or null until a message has carried it. */
    public byte[] remoteStaticKey() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    public HandshakePattern pattern() {
        return pattern;
    }

    public Role role() {
        return role;
    }

    private void checkCanStep(boolean writing) throws NoiseException {
        if (failed) {
            throw failedException();
        }
        if (isFinished()) {
            throw new NoiseException(
                    NoiseException.Reason.HANDSHAKE_FINISHED,
                    "the " + pattern + " handshake is already finished: no handshake message is "
                            + (writing ? "written" : "read") + " after its last (a replayed or duplicated message?)");
        }
        if (isMyTurnToWrite() != writing) {
            String sender = (nextMessage % 2 == 0 ? "initiator" : "responder");
            throw new NoiseException(
                    NoiseException.Reason.WRONG_TURN,
                    "message " + (nextMessage + 1) + " of " + pattern + " is the " + sender + "'s to send; the "
                            + role.name().toLowerCase(Locale.ROOT)
                            + (writing ? " cannot write it" : " has no message to read yet"));
        }
    }

    private NoiseException failedException() {
        return new NoiseException(
                NoiseException.Reason.HANDSHAKE_FAILED,
                "this " + pattern + " handshake failed earlier and is dead: start a new one");
    }

    /** The length of a message of {@code tokens} with a payload of {@code payloadLength} bytes. */
    private int messageLength(List<HandshakePattern.Token> tokens, int payloadLength) {
        boolean keyed = symmetric.hasKey();
        int length = 0;
        for (HandshakePattern.Token token : tokens) {
            switch (token) {
                case E:
                    length += NoiseKeyPair.KEY_LENGTH;
                    break;
                case S:
                    length += NoiseKeyPair.KEY_LENGTH + (keyed ? CipherState.TAG_LENGTH : 0);
                    break;
                default:
                    keyed = true;
            }
        }
        return length + payloadLength + (keyed ? CipherState.TAG_LENGTH : 0);
    }

    /** The DH tokens: which local key meets which remote key depends on the role (section 5.3). */
    private void mixDh(HandshakePattern.Token token) throws NoiseException {
        boolean initiator = role == Role.INITIATOR;
        switch (token) {
            case EE:
                symmetric.mixKey(dh(localEphemeral, remoteEphemeralKey));
                break;
            case ES:
                symmetric.mixKey(initiator ? dh(localEphemeral, remoteStaticKey) : dh(localStatic, remoteEphemeralKey));
                break;
            case SE:
                symmetric.mixKey(initiator ? dh(localStatic, remoteEphemeralKey) : dh(localEphemeral, remoteStaticKey));
                break;
            case SS:
                symmetric.mixKey(dh(localStatic, remoteStaticKey));
                break;
            default:
                throw new AssertionError(token);
        }
    }

    private byte[] dh(NoiseKeyPair local, PublicKey remote) throws NoiseException {
        try {
            return NoiseKeyPair.dh(agreement, local.privateKey(), remote);
        } catch (InvalidKeyException e) {
            // The JDK refuses a peer's key whose DH result is all zeros (a point of small order): a key chosen
            // to make the shared secret predictable.
            throw new NoiseException(
                    NoiseException.Reason.BAD_PUBLIC_KEY,
                    "the peer's public key is refused by X25519 (" + e.getMessage() + ")");
        }
    }

    private PublicKey publicKey(byte[] wire, String which) throws NoiseException {
        try {
            return NoiseKeyPair.decode(keyFactory, wire);
        } catch (InvalidKeySpecException e) {
            throw new NoiseException(
                    NoiseException.Reason.BAD_PUBLIC_KEY,
                    "the peer's " + which + " public key is not an X25519 key (" + e.getMessage() + ")");
        }
    }

    private void finishIfLast() {
        if (isFinished()) {
            finalHash = symmetric.handshakeHash();
        }
    }
}
