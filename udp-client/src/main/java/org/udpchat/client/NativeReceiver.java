package org.udpchat.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.RoomEvent;

/**
 * The native receiving thread, named {@code receiver}: waits for the server's datagrams or the session's
 * next timer, whichever comes first; prints every event in order, once; runs the resends, acknowledgements
 * and heartbeats; and, when the server has gone silent or let the session lapse, reconnects with backoff
 * under the same name. Ends the session (so the program) on a kick, the room closing, or our quit being
 * acknowledged, whatever the sender is doing.
 */
final class NativeReceiver implements Runnable {

    /** The first wait between reconnection attempts, doubled each time up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    private final Connection connection;
    private final NativeSession session;
    private final Screen screen;
    private final Texts texts;
    private final EventWording wording;

    NativeReceiver(Connection connection, NativeSession session, Screen screen, Texts texts) {
        this.connection = connection;
        this.session = session;
        this.screen = screen;
        this.texts = texts;
        this.wording = new EventWording(texts);
    }

    @Override
    public void run() {
        try {
            while (!session.hasEnded()) {
                Optional<ByteBuffer> datagram = connection.receive(session.untilNextTimer());
                boolean mustReconnect = false;
                if (datagram.isPresent()) {
                    NativeSession.Delivery delivery = session.onDatagram(datagram.get());
                    show(delivery.events());
                    if (delivery.left()) {
                        screen.say(texts.get("left"));
                    }
                    if (delivery.endStatus() != NativeSession.Delivery.NOT_ENDING) {
                        session.end(delivery.endStatus()); // only now: the last words are on the screen
                    }
                    mustReconnect = delivery.mustReconnect();
                }
                if (!session.hasEnded()) {
                    mustReconnect |= session.onTimers();
                }
                if (mustReconnect && !session.hasEnded()) {
                    reconnect();
                }
            }
        } catch (IOException e) {
            if (!connection.isClosed()) {
                Logger.warn("the connection failed: {}", e.getMessage());
                session.end(ClientMain.EXIT_NO_SERVER);
            }
        } catch (RuntimeException bug) {
            // Without this thread nothing is resent or acknowledged: better to end than to hang in silence.
            Logger.error(bug, "the receiver failed; leaving");
            session.end(ClientMain.EXIT_NO_SERVER);
        }
    }

    private void show(List<RoomEvent> events) {
        for (RoomEvent event : events) {
            if (event instanceof RoomEvent.NotRelayed) {
                screen.warn(wording.line(event));
            } else {
                screen.say(wording.line(event));
            }
        }
    }

    /**
     * Rebuilds the session: tells the user which of their messages may not have arrived, then tries to
     * join again under the same name, presenting the old token so the server hands the name back, with
     * a doubling pause between attempts, until it works, the name is refused, or the user quits.
     */
    private void reconnect() throws IOException {
        long previousToken = session.token();
        List<String> unacknowledged = session.startReconnecting();
        screen.warn(texts.get("connection.lost"));
        for (String text : unacknowledged) {
            screen.warn(texts.get("connection.mayBeLost", text));
        }
        Duration backoff = FIRST_BACKOFF;
        while (!session.hasEnded()) {
            Handshake.Result result =
                    Handshake.join(connection, session.name(), previousToken, backoff.multipliedBy(2), backoff);
            if (result instanceof Handshake.Joined joined) {
                session.reconnected(joined);
                screen.warn(texts.get("connection.back", joined.name()));
                return;
            }
            if (result instanceof Handshake.Refused refused) {
                screen.warn(texts.get("connection.nameGone", wording.refusal(refused.reason(), refused.limit())));
                session.end(ClientMain.EXIT_USAGE);
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }
}
