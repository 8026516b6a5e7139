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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.Logger;
import org.udpchat.codec.Untrusted;

/**
 * The bans and mutes on disk: a UTF-8 text file, one entry a line, whose first line names the format and
 * its version. A person can read it and, with the server stopped, fix it. Version 2, which this server
 * writes:
 *
 * <pre>
 * udp-chat moderation 2
 * # comment lines and blank lines are skipped
 * ban 2026-12-01T10:00:00Z 2026-12-01T10:05:00Z 192.0.2.7
 * mute 2026-12-01T10:00:00Z never bob
 * mute - 2026-12-01T11:00:00Z carol
 * </pre>
 *
 * <p>Each entry is {@code KIND IMPOSED ENDS SUBJECT}: {@code ban} with an IP address, or {@code mute} with a
 * name key; when it was imposed and when it ends, as UTC instants ({@code -}: imposed at a time not known;
 * {@code never}: until lifted). The subject comes last, so it may hold any character but a line break.
 * Version 1 had no {@code IMPOSED} ({@code KIND ENDS SUBJECT}); it is read, its entries imposed at a time
 * not known, and rewritten as version 2 at the next change.
 *
 * <p>A write is atomic: the whole file goes to a temporary file beside it ({@value #UNFINISHED_SUFFIX}),
 * is forced to the disk, then renamed over the old one, and the directory is forced, so a crash leaves
 * either the old file or the new one, never half of one; a temporary file left by such a crash is removed
 * when the file is next loaded. Anything else in the file (a newer version, a line this server cannot
 * read) stops the start-up with the line and the reason: an empty list of bans would lift them silently.
 */
final class ModerationFile {

    /** The version this server writes; it reads every version up to it. */
    static final int VERSION = 2;

    static final String HEADER_PREFIX = "udp-chat moderation ";

    static final String UNFINISHED_SUFFIX = ".new";

    private static final Pattern HEADER = Pattern.compile(Pattern.quote(HEADER_PREFIX) + "(\\d{1,9})");
    private static final String UNKNOWN_TIME = "-";
    private static final String NEVER = "never";
    private static final String BAN = "ban";
    private static final String MUTE = "mute";

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
        text.append("# KIND IMPOSED ENDS SUBJECT: UTC instants, IMPOSED - when not known, ENDS never until lifted;\n");
        text.append("# SUBJECT an IP address (ban) or a name key (mute).\n");
        snapshot.bans().forEach((address, sanction) -> line(text, BAN, sanction, IpLiteral.format(address)));
        snapshot.mutes().forEach((key, sanction) -> line(text, MUTE, sanction, key));
        return text.toString();
    }

    private static void line(StringBuilder text, String kind, Sanction sanction, String subject) {
        text.append(kind)
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
        Map<InetAddress, Sanction> bans = new LinkedHashMap<>();
        Map<String, Sanction> mutes = new LinkedHashMap<>();
        for (int index = 1; index < lines.size(); index++) {
            String line = lines.get(index);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            new Entry(file, index + 1, line, version).addTo(bans, mutes);
        }
        if (version < VERSION) {
            Logger.info(
                    "{} is version {} of its format; it will be rewritten as version {} at the next change",
                    file,
                    version,
                    VERSION);
        }
        return new ModerationSnapshot(bans, mutes);
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
        private final Sanction sanction;
        private final String subject;

        Entry(Path file, int number, String line, int version) throws StateDirectoryException {
            this.file = file;
            this.number = number;
            String layout = version == 1 ? "KIND ENDS SUBJECT" : "KIND IMPOSED ENDS SUBJECT";
            int fields = version == 1 ? 3 : 4;
            String[] words = line.split(" ", fields);
            if (words.length < fields || words[fields - 1].isEmpty()) {
                throw badLine(
                        file, number, Untrusted.quote(line) + " is cut short: version " + version + " has " + layout);
            }
            this.kind = words[0];
            if (!kind.equals(BAN) && !kind.equals(MUTE)) {
                throw badLine(file, number, Untrusted.quote(kind) + " is not ban or mute");
            }
            Optional<Instant> imposed = version == 1 ? Optional.empty() : instant(words[1], UNKNOWN_TIME);
            this.sanction = new Sanction(imposed, instant(words[fields - 2], NEVER));
            this.subject = words[fields - 1];
        }

        void addTo(Map<InetAddress, Sanction> bans, Map<String, Sanction> mutes) throws StateDirectoryException {
            if (kind.equals(BAN)) {
                InetAddress address = IpLiteral.parse(subject)
                        .orElseThrow(() -> badLine(file, number, Untrusted.quote(subject) + " is not an IP address"));
                bans.put(address, sanction);
            } else {
                if (subject.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                    throw badLine(file, number, Untrusted.quote(subject) + " is not a name key: it holds blanks");
                }
                mutes.put(subject, sanction);
            }
        }

        /** {@code word} as an instant, or empty when it is {@code none}. */
        private Optional<Instant> instant(String word, String none) throws StateDirectoryException {
            if (word.equals(none)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Instant.parse(word));
            } catch (DateTimeParseException e) {
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
