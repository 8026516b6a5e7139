package org.udpchat.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.KickNotice;
import org.udpchat.codec.ServerPacket;

/**
 * The classic receiving thread, named {@code receiver}: prints every line the server sends, and ends the session
 * when the server says {@code EXIT}, whatever the sender is doing (it may be blocked reading stdin, which
 * cannot be interrupted). Runs from the moment the client joined until {@code EXIT} or the socket closes.
 */
final class ClassicReceiver implements Runnable {

    /** How long one receive waits before the loop looks whether the session ended meanwhile. */
    private static final Duration RECEIVE_WAIT = Duration.ofMillis(500);

    private final Inbox<ServerPacket> inbox;
    private final ClassicSession session;
    private final Screen screen;
    private final Texts texts;

    ClassicReceiver(Inbox<ServerPacket> inbox, ClassicSession session, Screen screen, Texts texts) {
        this.inbox = inbox;
        this.session = session;
        this.screen = screen;
        this.texts = texts;
    }

    @Override
    public void run() {
        ServerPacket.Line lastLine = null;
        try {
            while (!session.hasEnded()) {
                Optional<ServerPacket> received = inbox.receive(RECEIVE_WAIT);
                if (received.isEmpty()) {
                    continue;
                }
                ServerPacket packet = received.get();
                if (packet instanceof ServerPacket.Line line) {
                    screen.show(LineKind.of(line, session.name()), ChatText.printable(line.text()));
                    lastLine = line;
                } else if (packet instanceof ServerPacket.Exit) {
                    onExit(lastLine);
                    return;
                } else if (packet instanceof ServerPacket.Ok) {
                    Logger.debug("a repeated OK: the answer to a retried login");
                } else {
                    throw new AssertionError(packet);
                }
            }
        } catch (IOException e) {
            // The connection is closed once the session has ended; before that, it failed.
            if (!session.hasEnded()) {
                Logger.warn("receiving failed: {}", e.getMessage());
                session.end(ExitStatus.OK);
            }
        }
    }

    private void onExit(ServerPacket.Line lastLine) {
        if (session.isQuitting()) {
            screen.say(texts.get("left"));
            session.end(ExitStatus.OK);
        } else if (lastLine != null && KickNotice.matches(lastLine)) {
            session.end(ExitStatus.KICKED);
        } else {
            session.end(ExitStatus.OK); // the room closed; its notice was the line before
        }
    }
}
