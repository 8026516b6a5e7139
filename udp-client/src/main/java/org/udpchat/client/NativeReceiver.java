package org.udpchat.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;

/**
 * The native receiving thread, named {@code receiver}: waits for the server's packets or the session's
 * next timer, whichever comes first; prints every event in order, once; runs the resends, acknowledgements
 * and heartbeats; and, when the server has gone silent or let the session lapse, reconnects with a
 * {@link Backoff} under the same name, presenting the session's token and resumption secret, to the next
 * server of the list each attempt ({@link ServerRotation}: the same one, when there is one). Ends the
 * session (so the program) on a kick, the room closing, our quit being acknowledged, or a reconnection the
 * server or the {@link ServerKeyCheck} refuses, whatever the sender is doing; runs until then, or until the
 * connection closes.
 */
final class NativeReceiver implements Runnable {

    private final Inbox<ByteBuffer> inbox;
    private final Handshake handshake;
    private final ServerRotation servers;
    private final NativeSession session;
    private final Screen screen;
    private final Texts texts;
    private final EventWording wording;
    private final KnownNames known;

    /**
     * {@code handshake} rejoins, and must receive from the same {@code inbox}, which {@code servers} points
     * at the server each attempt tries; {@code known} learns the names that arrive, for completion.
     */
    NativeReceiver(
            Inbox<ByteBuffer> inbox,
            Handshake handshake,
            ServerRotation servers,
            NativeSession session,
            Screen screen,
            Texts texts,
            KnownNames known) {
        this.inbox = inbox;
        this.known = known;
        this.handshake = handshake;
        this.servers = servers;
        this.session = session;
        if (servers.size() > 1) {
            // other nodes to go on at: what a dead one lost is said again there, at a node that takes line ids
            session.giveLinesIds();
        }
        this.screen = screen;
        this.texts = texts;
        this.wording = new EventWording(texts);
    }

    @Override
    public void run() {
        try {
            while (!session.hasEnded()) {
                Optional<ByteBuffer> datagram = inbox.receive(session.untilNextTimer());
                Optional<NativeSession.Reconnect> reconnect = Optional.empty();
                if (datagram.isPresent()) {
                    NativeSession.Received received = session.onDatagram(datagram.get());
                    show(received.events());
                    if (received.left()) {
                        screen.say(texts.get("left"));
                    }
                    received.end().ifPresent(session::end); // only now: the last words are on the screen
                    reconnect = received.reconnect();
                }
                if (!session.hasEnded() && session.onTimers() && reconnect.isEmpty()) {
                    reconnect = Optional.of(NativeSession.Reconnect.LOST_TOUCH);
                }
                tellMayBeLost(session.takeLinesNotSaidAgain()); // the node we went on at never took line ids
                if (reconnect.isPresent() && !session.hasEnded()) {
                    reconnect(reconnect.get());
                }
            }
        } catch (IOException e) {
            // The connection is closed once the session has ended; before that, it failed.
            if (!session.hasEnded()) {
                Logger.warn("the connection failed: {}", e.getMessage());
                session.end(ExitStatus.NO_SERVER);
            }
        } catch (RuntimeException | AssertionError bug) {
            // Without this thread nothing is resent or acknowledged: better to end than to hang in silence.
            Logger.error(bug, "the receiver failed; leaving");
            session.end(ExitStatus.NO_SERVER);
        }
    }

    /** Tells the user that each of {@code lines}, as they typed it, may not have reached the room. */
    private void tellMayBeLost(List<String> lines) {
        for (String text : lines) {
            screen.warn(texts.get("connection.mayBeLost", text));
        }
    }

    /**
     * Prints events, each line as its {@link LineKind} shows it (what concerns the user's own lines and
     * failed requests is a problem: stderr in plain mode); their names and texts came off the network, so
     * they are made printable first.
     */
    private void show(List<RoomEvent> events) {
        for (RoomEvent event : events) {
            String myName = session.name();
            known.learn(event, myName);
            List<String> lines = wording.lines(event, myName, session.linesWaiting());
            if (lines.isEmpty()) {
                Logger.debug("acknowledged, not shown: {}", event); // a kind from a newer server
            }
            LineKind kind = LineKind.of(event, myName);
            for (String text : lines) {
                screen.show(kind, ChatText.printable(text));
            }
        }
    }

    /**
     * How long a rejoin waits out its name being held on another node of the list: an attempt that timed out
     * while a node was still taking the session up leaves the name with a session there that this client never
     * heard of, until the node's session timeout (30 s by default) lets it go.
     */
    static final Duration OWN_SESSION_WAIT = Duration.ofSeconds(45);

    /**
     * Whether a refusal of a rejoin may be this client's own doing: with several nodes to go to, the name (or
     * this address's name) may be held by the session an abandoned attempt made. With one server it cannot: the
     * server would have taken the session back.
     */
    private boolean mayBeHeldForUs(RefusalReason reason) {
        return servers.size() > 1 && (reason == RefusalReason.NAME_TAKEN || reason == RefusalReason.ADDRESS_HAS_NAME);
    }

    /**
     * Rebuilds the session, after telling the user {@code why}: joins again under the same name, presenting
     * the old token and its resumption secret, each attempt to the next server of the list (round robin, so
     * the one lost comes round again last; with one server, always that one), each round of the list waiting
     * longer than the last, until it works, the name is refused, the server turns out to speak another version
     * or to hold a key we do not trust, or the user quits. A refusal that waiting may lift (a full room, server
     * or address, a rejoin paused after we were dropped) is waited out. A server that still has the session
     * (the same one, or a node of its cluster that shares it) takes us back into it and nothing is lost;
     * another starts a new session under the same name and room. At another node than the one lost, our lines
     * the room never sent back are said again there (its room log takes each once) once it says it takes line ids
     * (else, after a while, the user is told they may not have arrived); the user is told which of
     * their other messages the old session never acknowledged (all of them, at the same server). The user is told the server's name when it is not the one lost.
     */
    private void reconnect(NativeSession.Reconnect why) throws IOException {
        session.startReconnecting();
        screen.warn(texts.get(why == NativeSession.Reconnect.DROPPED ? "connection.dropped" : "connection.lost"));
        ServerList.Node lost = servers.current();
        Backoff backoff = new Backoff();
        Duration pause = backoff.next();
        int attempts = 0;
        long startedMillis = handshake.nowMillis();
        boolean toldOfWaiting = false;
        while (!session.hasEnded()) {
            if (attempts > 0 && attempts % servers.size() == 0) {
                pause = backoff.next(); // a whole round unanswered: every server waits longer next round
            }
            attempts++;
            ServerList.Node server = servers.moveToNext();
            Logger.debug("rejoining at {}", server);
            Handshake.Result result =
                    handshake.attempt(session.name(), session.room(), session, pause.multipliedBy(2), pause);
            if (result instanceof Handshake.Joined joined) {
                if (joined.resumed()) {
                    session.resumed(joined);
                } else {
                    tellMayBeLost(session.restarted(joined, !server.equals(lost)));
                }
                screen.warn(
                        server.equals(lost)
                                ? texts.get("connection.back", joined.name())
                                : texts.get("connection.backAt", joined.name(), server));
                return;
            }
            if (result instanceof Handshake.Refused refused
                    && mayBeHeldForUs(refused.reason())
                    && handshake.nowMillis() - startedMillis < OWN_SESSION_WAIT.toMillis()) {
                if (!toldOfWaiting) {
                    screen.warn(texts.get("connection.nameHeldMaybeForUs", OWN_SESSION_WAIT.toSeconds()));
                    toldOfWaiting = true;
                }
                handshake.waitOut(pause.multipliedBy(2)); // as a silent server's attempt would take
                continue;
            }
            if (result instanceof Handshake.Refused refused
                    && refused.reason().remedy() != RefusalReason.Remedy.WAITING) {
                screen.warn(texts.get(
                        "connection.nameGone", wording.refusal(refused.reason(), refused.limit(), refused.subject())));
                session.end(ExitStatus.USAGE);
                return;
            }
            if (result instanceof Handshake.Outdated outdated) {
                screen.warn(texts.get("outdated", outdated.serverVersion(), NativeCodec.VERSION));
                session.end(ExitStatus.USAGE);
                return;
            }
            if (result instanceof Handshake.Untrusted untrusted) {
                screen.warn(untrusted.text());
                session.end(untrusted.status());
                return;
            }
            // no answer, or a full room or server for now (its attempt waited out): try the next, in time waiting
            // longer
        }
    }
}
