package org.udpchat.server.console;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab at the console: the commands, and after a command that takes one, the member, room or banned address
 * it names. The names are asked for at the moment Tab is pressed (the relay owns them; see {@link
 * Choices}), so they are never stale.
 */
final class ConsoleCompleter implements Completer {

    /** What a command's first argument may be; each list is asked of the relay when Tab is pressed. */
    interface Choices {
        List<String> members();

        List<String> rooms();

        List<String> bannedAddresses();

        List<String> mutedNames();
    }

    private final Map<String, Supplier<List<String>>> argumentOf;

    ConsoleCompleter(Choices choices) {
        Supplier<List<String>> members = choices::members;
        argumentOf = Map.of(
                "/kick",
                members,
                "/ban",
                members,
                "/mute",
                members,
                "/unmute",
                choices::mutedNames,
                "/say",
                choices::rooms,
                "/watch",
                choices::rooms,
                "/unban",
                choices::bannedAddresses);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            if (line.word().isEmpty() || line.word().startsWith("/")) {
                AdminConsole.COMMANDS.forEach(command -> candidates.add(new Candidate(command)));
            }
            return;
        }
        if (line.wordIndex() == 1) {
            Supplier<List<String>> choices = argumentOf.get(line.words().get(0));
            if (choices != null) {
                choices.get().forEach(choice -> candidates.add(new Candidate(choice)));
            }
        }
    }
}
