package org.udpchat.client;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Limits;
import org.udpchat.codec.Names;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.Untrusted;
import org.udpchat.codec.Utf8;

/**
 * The sending thread, named {@code sender}: reads the user's lines and sends them. A line is a chat
 * message to the room; {@code /quit} leaves at once, lines still waiting to be sent dropped and counted;
 * the end of input leaves once the server has every line typed (a script's lines are all said);
 * Ctrl-C at the line editor leaves as {@code /quit} does; {@code /help} lists the commands
 * ({@code /join}, {@code /rooms}, {@code /who}, {@code /msg}, {@code /me}, {@code /nick}, in any case),
 * each checked here first so that a mistake is explained at once; a line that starts with {@code //} is
 * sent with one slash less; a blank line is not sent. Runs until the user leaves or the session ends;
 * it is a daemon thread because a blocking read of stdin cannot be interrupted when the server ends the
 * session.
 */
final class Sender implements Runnable {

    private final LineInput in;
    private final ChatSession session;
    private final Screen screen;
    private final Texts texts;

    private final EventWording wording;

    Sender(LineInput in, ChatSession session, Screen screen, Texts texts) {
        this.in = in;
        this.session = session;
        this.screen = screen;
        this.texts = texts;
        this.wording = new EventWording(texts);
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
                leaveAfterLines(); // end of input: a script's last lines must not be dropped
            }
        } catch (LineInput.Interrupted e) {
            leave(); // Ctrl-C at the line editor: what a SIGINT does elsewhere
        } catch (IOException e) {
            Logger.warn("reading input failed: {}", e.getMessage());
            leave();
        } catch (RuntimeException | Error failure) {
            if (session.hasEnded()) {
                return; // the console was closed under a read as the program ended: nothing to do
            }
            Logger.error(failure, "the sender failed; leaving");
            leave();
        }
    }

    /**
     * Leaves as {@code /quit} does: at once, saying first how many of the lines typed may not have been
     * sent (before the session can end, and with it the program). This thread, or the shutdown hook.
     */
    void leave() {
        int unsent = session.dropUnsent();
        if (unsent > 0) {
            screen.warn(texts.get("quit.unsent", unsent));
        }
        session.quit(this::unanswered);
    }

    /** The server did not answer our quit: the user should know that we left without its goodbye. */
    private void unanswered() {
        screen.warn(texts.get("quit.unanswered"));
    }

    /**
     * Leaves at the end of input: once the server has every line typed (it may hold them back for long,
     * taking each member's lines at a rate), so nothing is dropped; and if the server went away first,
     * saying how many of them may not have been sent.
     */
    private void leaveAfterLines() {
        int unsent = session.awaitLinesAcknowledged();
        if (unsent > 0) {
            screen.warn(texts.get("quit.unsent", unsent));
        }
        session.quit(this::unanswered);
    }

    /** Handles one line of input; false once the user has left. */
    private boolean handle(String line) {
        if (line.startsWith("/") && !line.startsWith("//")) {
            String[] words = line.strip().split("\\s+", 2);
            // Commands are case-insensitive: /NICK is /nick, as caps lock or a phone keyboard types it.
            String typed = words[0];
            String command = typed.toLowerCase(Locale.ROOT);
            String argument = words.length > 1 ? words[1] : "";
            switch (command) {
                case "/quit":
                    leave();
                    return false;
                case "/help":
                    screen.say(texts.get(session.takesRequests() ? "help" : "help.classic"));
                    return true;
                case "/join":
                case "/rooms":
                case "/who":
                case "/msg":
                case "/me":
                case "/nick":
                    if (session.takesRequests()) {
                        command(command, argument);
                    } else {
                        screen.warn(texts.get("classicHasNoCommand", command));
                    }
                    return true;
                default:
                    screen.warn(texts.get("unknownCommand", Untrusted.quote(typed)));
                    return true;
            }
        }
        if (line.isBlank()) {
            return true; // Enter on nothing (or on blanks) says nothing
        }
        String text = line.startsWith("//") ? line.substring(1) : line;
        if (isSayable(ChatText.check(session.name(), text), text, ChatText.maxBytes(session.name()))) {
            session.say(text);
        }
        return true;
    }

    /** A command for the server: checked here, so that the usual mistakes need no round trip. */
    private void command(String command, String argument) {
        String[] words = argument.isEmpty() ? new String[0] : argument.split("\\s+", 2);
        switch (command) {
            case "/join":
                if (words.length != 1) {
                    screen.warn(texts.get("usage.join"));
                } else if (isRoomName(words[0])) {
                    session.request(new RoomRequest.JoinRoom(words[0]));
                }
                return;
            case "/rooms":
                if (words.length != 0) {
                    screen.warn(texts.get("usage.rooms"));
                } else {
                    session.request(new RoomRequest.ListRooms());
                }
                return;
            case "/who":
                if (words.length > 1) {
                    screen.warn(texts.get("usage.who"));
                } else if (words.length == 0 || isRoomName(words[0])) {
                    session.request(new RoomRequest.Who(words.length == 0 ? "" : words[0]));
                }
                return;
            case "/msg":
                if (words.length != 2) {
                    screen.warn(texts.get("usage.msg"));
                } else if (Names.check(words[0]).isPresent()) {
                    // nobody can be called that, so nobody needs asking (and it may not even fit a datagram)
                    screen.warn(texts.get("failed.noSuchMember", Untrusted.quote(words[0])));
                } else if (isSayable(
                        ChatText.checkPrivate(session.name(), words[1]),
                        words[1],
                        ChatText.maxPrivateBytes(session.name()))) {
                    session.request(new RoomRequest.PrivateMessage(words[0], words[1]));
                }
                return;
            case "/me":
                if (argument.isEmpty()) {
                    screen.warn(texts.get("usage.me"));
                } else if (isSayable(
                        ChatText.check(session.name(), argument), argument, ChatText.maxBytes(session.name()))) {
                    session.request(new RoomRequest.Action(argument));
                }
                return;
            case "/nick":
                if (words.length != 1) {
                    screen.warn(texts.get("usage.nick"));
                    return;
                }
                Optional<Names.Problem> problem = Names.check(words[0]);
                if (words[0].equals(session.name())) {
                    screen.warn(texts.get("nick.same", session.name()));
                } else if (problem.isPresent()) {
                    screen.warn(texts.get("nickRefused", wording.refusal(RefusalReason.of(problem.get()), 0)));
                } else {
                    session.request(new RoomRequest.Nick(words[0]));
                }
                return;
            default:
                throw new AssertionError(command);
        }
    }

    private boolean isRoomName(String room) {
        Optional<Names.Problem> problem = RoomNames.check(room);
        if (problem.isEmpty()) {
            return true;
        }
        screen.warn(texts.get("badRoomName", Limits.MAX_NAME_CODE_POINTS));
        return false;
    }

    /** Whether a text may go, given its {@code problem}; if not, the user is told why. */
    private boolean isSayable(Optional<ChatText.Problem> problem, String text, int maxBytes) {
        if (problem.isEmpty()) {
            return true;
        }
        if (problem.get() == ChatText.Problem.TOO_LONG) {
            screen.warn(texts.get("text.tooLong", Utf8.encodedLength(text), maxBytes));
        } else if (problem.get() == ChatText.Problem.INVISIBLE_OR_CONTROL) {
            screen.warn(texts.get("text.invisible"));
        } else if (problem.get() == ChatText.Problem.BLANK_RUN) {
            screen.warn(texts.get("text.blankRun", ChatText.MAX_BLANK_RUN));
        }
        return false; // an empty line is not sent, and needs no telling
    }
}
