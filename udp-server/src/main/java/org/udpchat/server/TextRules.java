package org.udpchat.server;

import java.util.List;
import java.util.Optional;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Names;

/**
 * What a member may say: the codec's text rules ({@link ChatText}), and one only the server can check, as it
 * needs Unicode's confusable data: no text may hold the announcement's prefix, {@code 管理员 :}, in any
 * look-alike form ({@code 管理员：}, {@code 管理员 ː}, with marks or blanks between), since a wrapped line
 * could then show a forged announcement at the start of a row. A text that merely names the administrator
 * ({@code 管理员在吗?}) passes. The operator's announcements are not members' texts and are not checked here.
 * Owned by the relay thread.
 */
final class TextRules {

    private final NameFold fold;
    private final List<String> prefixes;

    TextRules(NameFold fold) {
        this.fold = fold;
        this.prefixes = List.of(fold.ofText(Names.ADMINISTRATOR + ":"), fold.ofText("管理員:"));
    }

    /** The first rule a chat or action {@code text} by member {@code name} breaks, or empty. */
    Optional<ChatText.Problem> check(String name, String text) {
        return orPrefix(ChatText.check(name, text), text);
    }

    /** As {@link #check}, for a private message. */
    Optional<ChatText.Problem> checkPrivate(String name, String text) {
        return orPrefix(ChatText.checkPrivate(name, text), text);
    }

    private Optional<ChatText.Problem> orPrefix(Optional<ChatText.Problem> problem, String text) {
        if (problem.isPresent()) {
            return problem;
        }
        String shown = fold.ofText(text);
        for (String prefix : prefixes) {
            if (shown.contains(prefix)) {
                return Optional.of(ChatText.Problem.LOOKS_LIKE_ANNOUNCEMENT);
            }
        }
        return Optional.empty();
    }
}
