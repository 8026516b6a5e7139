package org.udpchat.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.ClassicCodec;
import org.udpchat.codec.ClientPacket;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.ServerPacket;

/**
 * One membership of a classic (text-mode) room under one name, from joining to the end: the surface the
 * sender and receiver threads share. The sender {@linkplain #say says} things and {@linkplain #quit quits}; the
 * receiver reports the server's {@code EXIT} through {@link #end}; the main thread waits in
 * {@link #awaitEnd}. What they share is the outbox (safe from any thread), a volatile "quitting" flag
 * written only by the sender, and the end, a future completed once.
 */
final class ClassicSession implements ChatSession {

    /** How long joining waits for an answer before it sends {@code L} again. */
    static final Duration JOIN_RETRY_INTERVAL = Duration.ofMillis(500);

    /** How long a quit waits for {@code EXIT} before it sends {@code Q} again, and how often. */
    static final Duration QUIT_WAIT = Duration.ofMillis(700);

    static final int QUIT_ATTEMPTS = 3;

    private final Outbox outbox;
    private final SessionEnd end = new SessionEnd();
    private volatile String name;
    private volatile boolean quitting;

    ClassicSession(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Sends {@code L name} and waits for the answer, sending it again every
     * {@link #JOIN_RETRY_INTERVAL} (datagrams get lost) until {@code timeout}, reading the answers from
     * {@code inbox}. Call before the sender and receiver threads start.
     */
    JoinResult<ClassicSession> join(Inbox<ServerPacket> inbox, String wantedName, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            outbox.send(ClassicCodec.encode(new ClientPacket.Login(wantedName)));
            long waitUntil = Math.min(deadline, System.nanoTime() + JOIN_RETRY_INTERVAL.toNanos());
            // Wait the whole interval: an "unreachable" from a dead port ends a receive at once, and
            // sending again at once would spin.
            while (System.nanoTime() - waitUntil < 0) {
                Optional<ServerPacket> answer = inbox.receive(Duration.ofNanos(waitUntil - System.nanoTime()));
                if (answer.isEmpty()) {
                    continue;
                }
                ServerPacket packet = answer.get();
                if (packet instanceof ServerPacket.Ok) {
                    name = wantedName;
                    return new JoinResult.Joined<>(this);
                }
                if (packet instanceof ServerPacket.Line line) {
                    return new JoinResult.Refused<>(ChatText.printable(line.text()), true);
                }
                // A stray EXIT (an earlier session's answer) says nothing about this login: keep waiting.
            }
        }
        return new JoinResult.NoAnswer<>(false); // a classic server has no versions to explain
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String room() {
        return "";
    }

    @Override
    public boolean takesRequests() {
        return false;
    }

    @Override
    public void request(RoomRequest request) {
        throw new UnsupportedOperationException("a classic server takes no requests: " + request);
    }

    /** Sends a chat line; the caller has checked it with {@link ChatText#check}. Sender thread only. */
    @Override
    public void say(String text) {
        outbox.send(ClassicCodec.encode(new ClientPacket.Chat(name, text)));
    }

    /** Nothing waits: every line went as it was typed, as the classic protocol promises nothing more. */
    @Override
    public int dropUnsent() {
        return 0;
    }

    /** Nothing to wait for: every line went as it was typed, and a classic server acknowledges none. */
    @Override
    public int awaitLinesAcknowledged() {
        return 0;
    }

    /**
     * Leaves the room: sends {@code Q} and waits for the receiver to see {@code EXIT}, asking again a few
     * times in case a datagram is lost. When the server never answers, the session ends anyway.
     * Sender thread (or the shutdown hook) only.
     */
    @Override
    public void quit(Runnable unanswered) {
        quitting = true;
        for (int attempt = 0; attempt < QUIT_ATTEMPTS && !end.hasEnded(); attempt++) {
            outbox.send(ClassicCodec.encode(new ClientPacket.Quit(name)));
            if (!end.await(QUIT_WAIT) && Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        if (!end.hasEnded()) {
            unanswered.run(); // before the end, which may end the program
        }
        end(ExitStatus.OK);
    }

    /** Whether the user asked to leave: then an {@code EXIT} is the answer, not a kick or a closing. */
    boolean isQuitting() {
        return quitting;
    }

    /** Ends the session with {@code status}; the first end wins. Any thread. */
    void end(ExitStatus status) {
        end.end(status);
    }

    @Override
    public boolean hasEnded() {
        return end.hasEnded();
    }

    @Override
    public ExitStatus awaitEnd() throws InterruptedException {
        return end.await();
    }
}
