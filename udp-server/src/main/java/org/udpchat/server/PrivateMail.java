package org.udpchat.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.udpchat.server.cluster.ClusterSeal;
import org.udpchat.server.cluster.NodeMail;

/**
 * Private messages between members on different nodes of a cluster: a letter ({@link NodeMail}) to the
 * addressee's node, sealed ({@link ClusterSeal}: what members say to each other does not cross the cluster's
 * network in clear), which that node's relay hands to the addressee. The sender hears that its message went
 * once the other node has taken the letter; if that node is gone, that nobody of that name is there.
 *
 * <p>{@link #send} runs on the relay thread and does not block; what comes back is posted to the relay.
 */
final class PrivateMail {

    static final String KIND = "pm";

    private static final byte[] CONTEXT = "udp-chat private message".getBytes(StandardCharsets.US_ASCII);

    private final NodeMail mail;
    private final ClusterSeal seal;
    private final Consumer<Consumer<Relay>> relay;

    /** Letters that do not open are logged at most every 10 s; the relay thread's, which opens them. */
    private final LogThrottle unopenedLog = new LogThrottle(10_000);

    /** A private message as the addressee's node reads it. */
    record Letter(String toKey, String from, String text) {}

    PrivateMail(NodeMail mail, ClusterSeal seal, Consumer<Consumer<Relay>> relay) {
        this.mail = mail;
        this.seal = seal;
        this.relay = relay;
    }

    /**
     * Sends {@code text} from {@code from} to the member with name key {@code toKey} on {@code node}; {@code
     * outcome} is then run on the relay thread with whether that node took it.
     */
    void send(UUID node, String toKey, String from, String text, Consumer<Boolean> outcome) {
        byte[] body = seal.seal(encode(new Letter(toKey, from, text)), CONTEXT);
        mail.send(node, KIND, body).whenComplete((taken, failure) -> {
            if (failure != null) {
                Logger.debug("cluster: a private message was not taken by node {}: {}", node, failure.toString());
            }
            relay.accept(later -> outcome.accept(failure == null));
        });
    }

    /** The private message a letter from another node holds, or null when it does not open. */
    Letter open(byte[] body) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(seal.open(body, CONTEXT)));
            return new Letter(in.readUTF(), in.readUTF(), in.readUTF());
        } catch (ClusterSeal.ClusterSealException | IOException e) {
            if (unopenedLog.allows(System.nanoTime() / 1_000_000)) { // anything in the cluster can send such
                Logger.warn(
                        "cluster: a private message from another node did not open: {} ({} more since the last"
                                + " warning)",
                        e.getMessage(),
                        unopenedLog.takeHeldBack());
            }
            return null;
        }
    }

    private static byte[] encode(Letter letter) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(letter.toKey());
            out.writeUTF(letter.from());
            out.writeUTF(letter.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }
}
