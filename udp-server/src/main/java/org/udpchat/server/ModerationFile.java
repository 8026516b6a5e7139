package org.udpchat.server;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;
import org.udpchat.codec.Untrusted;

/**
 * The bans and mutes on disk: a UTF-8 text file, one entry a line, whose first line names the format and
 * its version. A person can read it and, with the server stopped, fix it. Version 3, which this server
 * writes:
 *
 * <pre>
 * udp-chat moderation 3
 * # comment lines and blank lines are skipped
 * ban 2026-12-01T10:00:00Z 2026-12-01T10:00:00Z 2026-12-01T10:05:00Z 192.0.2.7
 * mute 2026-12-01T10:00:00Z 2026-12-01T10:00:00Z never bob
 * unban 2026-12-01T10:02:00Z 2026-12-01T09:00:00Z never 198.51.100.1
 * mute - - 2026-12-01T11:00:00Z carol
 * </pre>
 *
 * <p>Each entry is the last change to one ban or mute, {@code KIND CHANGED IMPOSED ENDS SUBJECT}: {@code ban}
 * or {@code unban} with an IP address, {@code mute} or {@code unmute} with a name key; when it was changed,
 * when the restriction was imposed and when it ends, as UTC instants ({@code -}: at a time not known, older
 * than any known; {@code never}: until lifted). An {@code unban} or {@code unmute} is a tombstone: the
 * restriction it names was lifted at {@code CHANGED}, and a node of a cluster that comes back with the
 * restriction still in its own file drops it (see {@link ModerationChange}). The subject comes last, so it may
 * hold any character but a line break. Version 2 had no {@code CHANGED} and no tombstones ({@code KIND IMPOSED
 * ENDS SUBJECT}), version 1 not even {@code IMPOSED} ({@code KIND ENDS SUBJECT}); both are read, each entry
 * changed when it was imposed (not known in version 1), and rewritten as version 3 at the next change.
 *
 * <p>A write is atomic: the whole file goes to a temporary file beside it ({@value #UNFINISHED_SUFFIX}),
 * is forced to the disk, then renamed over the old one, and the directory is forced, so a crash leaves
 * either the old file or the new one, never half of one; a temporary file left by such a crash is removed
 * when the file is next loaded. Anything else in the file (a newer version, a line this server cannot
 * read) stops the start-up with the line and the reason: an empty list of bans would lift them silently.
 */
final class ModerationFile {

    /** The version this server writes; it reads every version up to it. */
    static final int VERSION = 3;

    static final String HEADER_PREFIX = "udp-chat moderation ";

    static final String UNFINISHED_SUFFIX = ".new";

    private static final Pattern HEADER = Pattern.compile(Pattern.quote(HEADER_PREFIX) + "(\\d{1,9})");
    private static final String UNKNOWN_TIME = "-";
    private static final String NEVER = "never";
    private static final String BAN = "ban";
    private static final String MUTE = "mute";
    private static final String UNBAN = "unban";
    private static final String UNMUTE = "unmute";

    private ModerationFile() {}

    /**
     * What {@code file} keeps that has not ended by {@code nowMillis} on the wall clock; nothing if there is
     * no file yet. Removes a temporary file left by a write that did not finish.
     */
    static ModerationSnapshot load(Path file, long nowMillis) throws StateDirectoryException {
        Path unfinished = unfinished(file);
        try {
            if (Files.deleteIfExists(unfinished)) {
                Logger.warn(
                        "removed {}, left by a write that did not finish; {} is the last whole one", unfinished, file);
            }
        } catch (IOException e) {
            throw new StateDirectoryException("cannot remove " + unfinished + ", left by a write that did not finish: "
                    + e + " (remove it by hand)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return ModerationSnapshot.EMPTY;
        } catch (IOException e) {
            throw new StateDirectoryException(
                    "cannot read " + file + ": " + e + " (check its permissions, or choose another --state-dir)");
        }
        return parse(file, decode(file, bytes)).withoutEnded(nowMillis);
    }

    /** Replaces {@code file} with {@code snapshot}, atomically (see the class comment). */
    static void write(Path file, ModerationSnapshot snapshot) throws IOException {
        Path unfinished = unfinished(file);
        Files.deleteIfExists(unfinished); // CREATE_NEW below then gives it owner-only permissions
        try (FileChannel channel =
                FileChannel.open(unfinished, Set.of(CREATE_NEW, WRITE), StateDirectory.ownerOnly("rw-------"))) {
            ByteBuffer bytes = ByteBuffer.wrap(format(snapshot).getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(unfinished, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), READ)) {
            directory.force(true); // the rename itself, durable
        }
    }

    /** {@code snapshot} in the current version. */
    static String format(ModerationSnapshot snapshot) {
        StringBuilder text = new StringBuilder();
        text.append(HEADER_PREFIX).append(VERSION).append('\n');
        text.append("# udp-server's bans and mutes, rewritten whole at every change; stop the server to edit.\n");
        text.append("# KIND CHANGED IMPOSED ENDS SUBJECT: UTC instants, - when not known, ENDS never until lifted;\n");
        text.append("# SUBJECT an IP address (ban, unban) or a name key (mute, unmute); unban and unmute are\n");
        text.append("# lifted ones, kept so that a node of a cluster that was down does not bring them back.\n");
        for (ModerationChange change : snapshot.changes()) {
            line(text, kindOf(change), change.changedAt(), change.sanction(), change.subject());
        }
        return text.toString();
    }

    private static String kindOf(ModerationChange change) {
        if (change.kind() == ModerationChange.Kind.BAN) {
            return change.lifted() ? UNBAN : BAN;
        }
        return change.lifted() ? UNMUTE : MUTE;
    }

    private static void line(StringBuilder text, String kind, long changedAt, Sanction sanction, String subject) {
        text.append(kind)
                .append(' ')
                .append(
                        changedAt == 0
                                ? UNKNOWN_TIME
                                : Instant.ofEpochMilli(changedAt).toString())
                .append(' ')
                .append(sanction.imposed().map(Instant::toString).orElse(UNKNOWN_TIME))
                .append(' ')
                .append(sanction.ends().map(Instant::toString).orElse(NEVER))
                .append(' ')
                .append(subject)
                .append('\n');
    }

    /** Every entry of {@code text}, the contents of {@code file}, ended or not. */
    static ModerationSnapshot parse(Path file, String text) throws StateDirectoryException {
        List<String> lines = text.lines().toList();
        int version = version(file, lines.isEmpty() ? "" : lines.get(0));
        List<ModerationChange> changes = new ArrayList<>();
        for (int index = 1; index < lines.size(); index++) {
            String line = lines.get(index);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            changes.add(new Entry(file, index + 1, line, version).change());
        }
        if (version < VERSION) {
            Logger.info(
                    "{} is version {} of its format; it will be rewritten as version {} at the next change",
                    file,
                    version,
                    VERSION);
        }
        return new ModerationSnapshot(changes);
    }

    private static int version(Path file, String header) throws StateDirectoryException {
        Matcher matcher = HEADER.matcher(header);
        if (!matcher.matches()) {
            throw badLine(file, 1, Untrusted.quote(header) + " is not the header '" + HEADER_PREFIX + VERSION + "'");
        }
        int version = Integer.parseInt(matcher.group(1));
        if (version > VERSION) {
            throw new StateDirectoryException(file + " is version " + version + " of its format, newer than this server"
                    + " reads (up to " + VERSION + "): run the newer udp-server that wrote it, or move the file away"
                    + " to start with no bans and mutes");
        }
        if (version < 1) {
            throw badLine(file, 1, "there is no version " + version + " of the format (1 to " + VERSION + ")");
        }
        return version;
    }

    /** One line of the file, read as {@code version} says. */
    private static final class Entry {
        private final Path file;
        private final int number;
        private final String kind;
        private final long changedAt;
        private final Sanction sanction;
        private final String subject;

        Entry(Path file, int number, String line, int version) throws StateDirectoryException {
            this.file = file;
            this.number = number;
            String layout =
                    switch (version) {
                        case 1 -> "KIND ENDS SUBJECT";
                        case 2 -> "KIND IMPOSED ENDS SUBJECT";
                        default -> "KIND CHANGED IMPOSED ENDS SUBJECT";
                    };
            int fields = version + 2;
            String[] words = line.split(" ", fields);
            if (words.length < fields || words[fields - 1].isEmpty()) {
                throw badLine(
                        file, number, Untrusted.quote(line) + " is cut short: version " + version + " has " + layout);
            }
            this.kind = words[0];
            boolean known = kind.equals(BAN)
                    || kind.equals(MUTE)
                    || (version >= 3 && (kind.equals(UNBAN) || kind.equals(UNMUTE)));
            if (!known) {
                throw badLine(
                        file,
                        number,
                        Untrusted.quote(kind) + " is not "
                                + (version >= 3 ? "ban, unban, mute or unmute" : "ban or mute"));
            }
            Optional<Instant> imposed = version == 1 ? Optional.empty() : instant(words[fields - 3], UNKNOWN_TIME);
            this.sanction = new Sanction(imposed, instant(words[fields - 2], NEVER));
            this.changedAt = version >= 3
                    ? instant(words[1], UNKNOWN_TIME).map(Instant::toEpochMilli).orElse(0L)
                    : imposed.map(Instant::toEpochMilli).orElse(0L);
            this.subject = words[fields - 1];
        }

        ModerationChange change() throws StateDirectoryException {
            boolean lifted = kind.equals(UNBAN) || kind.equals(UNMUTE);
            if (kind.equals(BAN) || kind.equals(UNBAN)) {
                InetAddress address = IpLiteral.parse(subject)
                        .orElseThrow(() -> badLine(file, number, Untrusted.quote(subject) + " is not an IP address"));
                return new ModerationChange(
                        ModerationChange.Kind.BAN, IpLiteral.format(address), sanction, changedAt, lifted);
            }
            if (subject.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw badLine(file, number, Untrusted.quote(subject) + " is not a name key: it holds blanks");
            }
            return new ModerationChange(ModerationChange.Kind.MUTE, subject, sanction, changedAt, lifted);
        }

        /** {@code word} as an instant, or empty when it is {@code none}. */
        private Optional<Instant> instant(String word, String none) throws StateDirectoryException {
            if (word.equals(none)) {
                return Optional.empty();
            }
            try {
                Instant instant = Instant.parse(word);
                instant.toEpochMilli(); // every instant kept is compared and sent in milliseconds: refused here if
                // past them
                return Optional.of(instant);
            } catch (DateTimeParseException | ArithmeticException e) {
                throw badLine(
                        file,
                        number,
                        Untrusted.quote(word) + " is not " + none + " or an instant such as 2026-12-01T10:05:00Z");
            }
        }
    }

    private static StateDirectoryException badLine(Path file, int number, String why) {
        return new StateDirectoryException(file + ": line " + number + ": " + why + ": fix line " + number
                + " (with the server stopped), or move the file away to start with no bans and mutes");
    }

    private static String decode(Path file, byte[] bytes) throws StateDirectoryException {
        try {
            CharBuffer text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new StateDirectoryException(file + " is not UTF-8 text: it is not a file this server wrote; move it"
                    + " away to start with no bans and mutes");
        }
    }

    private static Path unfinished(Path file) {
        return file.resolveSibling(file.getFileName() + UNFINISHED_SUFFIX);
    }
}
