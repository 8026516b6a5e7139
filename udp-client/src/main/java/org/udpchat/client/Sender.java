package org.udpchat.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Untrusted;
import org.udpchat.codec.Utf8;

/**
 * The sending thread, named {@code sender}: reads the user's lines and sends them. A line is a chat
 * message; {@code /quit} (or the end of input) leaves the room; {@code /help} lists the commands; a line
 * that starts with {@code //} is sent with one slash less. Runs until the user leaves or the session ends;
 * it is a daemon thread because a blocking read of stdin cannot be interrupted when the server ends the
 * session.
 */
final class Sender implements Runnable {

    private final BufferedReader in;
    private final ChatSession session;
    private final Screen screen;
    private final Texts texts;

    Sender(BufferedReader in, ChatSession session, Screen screen, Texts texts) {
        this.in = in;
        this.session = session;
        this.screen = screen;
        this.texts = texts;
    }

    @Override
    public void run() {
        try {
            String line;
            while ((line = in.readLine()) != null && !session.hasEnded()) {
                if (!handle(line)) {
                    return;
                }
            }
            if (!session.hasEnded()) {
                session.quit(); // end of input: leave as politely as /quit
            }
        } catch (IOException e) {
            Logger.warn("reading input or sending failed: {}", e.getMessage());
            session.quit();
        } catch (RuntimeException bug) {
            Logger.error(bug, "the sender failed; leaving");
            session.quit();
        }
    }

    /** Handles one line of input; false once the user has left. */
    private boolean handle(String line) throws IOException {
        if (line.startsWith("/") && !line.startsWith("//")) {
            String command = line.strip().split("\\s+", 2)[0];
            switch (command) {
                case "/quit":
                    session.quit();
                    return false;
                case "/help":
                    screen.say(texts.get("help"));
                    return true;
                default:
                    screen.warn(texts.get("unknownCommand", Untrusted.quote(command)));
                    return true;
            }
        }
        String text = line.startsWith("//") ? line.substring(1) : line;
        Optional<ChatText.Problem> problem = ChatText.check(session.name(), text);
        if (problem.isEmpty()) {
            session.say(text);
        } else if (problem.get() == ChatText.Problem.TOO_LONG) {
            screen.warn(texts.get("text.tooLong", Utf8.encodedLength(text), ChatText.maxBytes(session.name())));
        } else if (problem.get() == ChatText.Problem.INVISIBLE_OR_CONTROL) {
            screen.warn(texts.get("text.invisible"));
        }
        return true;
    }
}
