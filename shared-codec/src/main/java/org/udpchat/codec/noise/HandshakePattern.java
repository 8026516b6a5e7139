package org.udpchat.codec.noise;

import java.util.List;

/**
 * The handshake patterns this implementation runs (Noise revision 34, section 7.5), each a list of message
 * patterns, initiator first and alternating. Neither has pre-messages.
 *
 * <pre>
 *   NX:  -&gt; e                      XX:  -&gt; e
 *        &lt;- e, ee, s, es                &lt;- e, ee, s, es
 *                                       -&gt; s, se
 * </pre>
 *
 * NX: the responder (the server) proves its static key, the initiator stays anonymous. XX: both prove one.
 */
public enum HandshakePattern {
    NX(false, true, List.of(List.of(Token.E), List.of(Token.E, Token.EE, Token.S, Token.ES))),
    XX(
            true,
            true,
            List.of(List.of(Token.E), List.of(Token.E, Token.EE, Token.S, Token.ES), List.of(Token.S, Token.SE)));

    /** A token of a message pattern (section 7.1). */
    enum Token {
        E,
        S,
        EE,
        ES,
        SE,
        SS
    }

    private final boolean initiatorHasStatic;
    private final boolean responderHasStatic;
    private final List<List<Token>> messages;

    HandshakePattern(boolean initiatorHasStatic, boolean responderHasStatic, List<List<Token>> messages) {
        this.initiatorHasStatic = initiatorHasStatic;
        this.responderHasStatic = responderHasStatic;
        this.messages = messages;
    }

    /** Whether the side playing {@code role} sends a static key, and so must be given one. */
    public boolean needsStaticKey(HandshakeState.Role role) {
        return role == HandshakeState.Role.INITIATOR ? initiatorHasStatic : responderHasStatic;
    }

    /** The full protocol name this pattern gives with the one suite this package implements. */
    public String protocolName() {
        return "Noise_" + name() + "_25519_AESGCM_SHA256";
    }

    List<List<Token>> messages() {
        return messages;
    }
}
