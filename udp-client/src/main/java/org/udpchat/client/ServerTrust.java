package org.udpchat.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * Whether to go on with a server, once the handshake has its static public key and before it sends the
 * user's name: trust on first use, as SSH trusts a host. The first contact with a server remembers its key
 * in {@link KnownServers} and says so once, with the fingerprint; the same key later passes in silence; a
 * different key is refused, loudly. {@code --server-key} ({@link ClientConfig#serverKey}) replaces all of this
 * with the user's own check: the key must have that fingerprint, and is then remembered in place of any
 * other (the deliberate way to accept a new key), even when the file cannot be read or written.
 *
 * <p>What may not be known is never taken for "nothing known": a file that cannot be read, or a line that
 * cannot be read and may be this server's, refuses the connection rather than making it a first contact,
 * which would let a changed key in. A file that cannot be written only costs the memory: the first contact
 * goes on, and says that the key could not be remembered, and why.
 *
 * <p>Keys trusted during this run are kept in memory: a reconnection (to the same server, restarted) is
 * checked against them in silence, and a key that changes during the run is refused even when the file
 * could not be written. Thread-safe: the main thread joins, the receiver thread may reconnect.
 */
final class ServerTrust {

    private final KnownServers known;
    private final Optional<Fingerprint> pinned;

    /** The key trusted in this run, by {@link KnownServers#key}. Guarded by {@code this}. */
    private final Map<String, Fingerprint> trustedThisRun = new HashMap<>();

    /**
     * @param known the remembered keys
     * @param pinned the fingerprint {@code --server-key} gave, if any: then only that key is trusted
     */
    ServerTrust(KnownServers known, Optional<Fingerprint> pinned) {
        this.known = known;
        this.pinned = pinned;
    }

    /**
     * Whether {@code publicKey}, the static X25519 key of the server the user asked for as {@code server}
     * (the host as typed: {@link ClientConfig#server}), is to be trusted. Remembers it when it is a first
     * contact, or when it matches {@code --server-key}.
     *
     * @return what to do and what to tell the user: when {@link Result#refused}, the handshake goes no
     *     further and the client ends with {@link ExitStatus#UNVERIFIED}
     * @throws IllegalArgumentException {@code publicKey} is not 32 bytes
     */
    synchronized Result check(HostPort server, byte[] publicKey) {
        Fingerprint presented = Fingerprint.of(publicKey);
        String key = KnownServers.key(server);
        Fingerprint earlier = trustedThisRun.get(key);
        if (earlier != null) {
            return earlier.equals(presented)
                    ? new Known(List.of(), known.shownAs())
                    : new Changed(key, earlier, presented, known.shownAs(), OptionalInt.empty());
        }
        Result result =
                pinned.isPresent() ? pinned(key, server, presented, pinned.get()) : remembered(key, server, presented);
        if (!result.refused()) {
            trustedThisRun.put(key, presented);
        }
        return result;
    }

    private Result pinned(String key, HostPort server, Fingerprint presented, Fingerprint pin) {
        if (!pin.equals(presented)) {
            return new PinMismatch(key, pin, presented);
        }
        KnownServers.Contents before;
        try {
            before = known.replace(server, presented);
        } catch (IOException e) {
            return new Pinned(
                    key, presented, known.shownAs(), Optional.empty(), false, Optional.of(KnownServers.describe(e)));
        }
        List<KnownServers.Entry> entries = before.entriesFor(key);
        Optional<KnownServers.Entry> replaced = entries.stream()
                .filter(entry -> !entry.fingerprint().equals(presented))
                .findFirst();
        boolean wasRemembered = replaced.isEmpty() && !entries.isEmpty();
        return new Pinned(key, presented, known.shownAs(), replaced, wasRemembered, Optional.empty());
    }

    private Result remembered(String key, HostPort server, Fingerprint presented) {
        KnownServers.Contents contents;
        try {
            contents = known.read();
        } catch (IOException e) {
            return new Unreadable(key, known.shownAs(), KnownServers.describe(e));
        }
        Optional<Result> decided = decide(key, presented, contents);
        if (decided.isPresent()) {
            return decided.get();
        }
        List<KnownServers.Malformed> skipped = contents.malformed();
        try {
            KnownServers.Contents underLock = known.rememberFirst(server, presented);
            // Another client may have remembered this server between our read and the lock: its line decides.
            Optional<Result> meanwhile = decide(key, presented, underLock);
            if (meanwhile.isPresent() && meanwhile.get().refused()) {
                return meanwhile.get();
            }
        } catch (IOException e) {
            return new FirstContact(key, presented, known.shownAs(), Optional.of(KnownServers.describe(e)), skipped);
        }
        return new FirstContact(key, presented, known.shownAs(), Optional.empty(), skipped);
    }

    /**
     * What {@code contents} decide about {@code presented} for the server under {@code key}: known (the same
     * key on every line for it), changed, unclear (no line for it, but one that may be); empty when they
     * know nothing of it, a first contact.
     */
    private Optional<Result> decide(String key, Fingerprint presented, KnownServers.Contents contents) {
        List<KnownServers.Entry> entries = contents.entriesFor(key);
        if (!entries.isEmpty()) {
            for (KnownServers.Entry entry : entries) {
                if (!entry.fingerprint().equals(presented)) {
                    return Optional.of(new Changed(
                            key, entry.fingerprint(), presented, known.shownAs(), OptionalInt.of(entry.number())));
                }
            }
            return Optional.of(new Known(contents.malformed(), known.shownAs()));
        }
        Optional<KnownServers.Malformed> hiding = contents.mayHide(key);
        if (hiding.isPresent()) {
            return Optional.of(new Unclear(key, known.shownAs(), hiding.get(), presented));
        }
        return Optional.empty();
    }

    /**
     * What the check found, and what the user is told. The handshake shows {@link #lines} (as warnings when
     * {@link #refused}, else as notices) and, when refused, sends nothing more.
     */
    sealed interface Result permits FirstContact, Known, Pinned, Changed, PinMismatch, Unreadable, Unclear {

        /** Whether the connection must not go on: the client ends with {@link ExitStatus#UNVERIFIED}. */
        boolean refused();

        /** What to show, one screen line each; none when there is nothing to say. */
        List<String> lines(Texts texts);
    }

    /**
     * The first contact with {@code server}: its key is trusted and remembered, unless {@code notRemembered}
     * says why it could not be.
     */
    record FirstContact(
            String server,
            Fingerprint fingerprint,
            String file,
            Optional<String> notRemembered,
            List<KnownServers.Malformed> skipped)
            implements Result {

        @Override
        public boolean refused() {
            return false;
        }

        @Override
        public List<String> lines(Texts texts) {
            List<String> lines = new ArrayList<>(ignoring(texts, skipped, file));
            lines.addAll(split(
                    notRemembered.isEmpty()
                            ? texts.get("trust.firstContact", server, fingerprint, file)
                            : texts.get(
                                    "trust.firstContact.notRemembered",
                                    server,
                                    fingerprint,
                                    file,
                                    notRemembered.get())));
            return lines;
        }
    }

    /** The key remembered for the server (or trusted earlier in this run): silent, but for lines skipped. */
    record Known(List<KnownServers.Malformed> skipped, String file) implements Result {

        @Override
        public boolean refused() {
            return false;
        }

        @Override
        public List<String> lines(Texts texts) {
            return ignoring(texts, skipped, file);
        }
    }

    /**
     * The key has the fingerprint {@code --server-key} gave. It is remembered: in place of {@code replaced},
     * or already there ({@code wasRemembered}), or not, for the reason {@code notRemembered} gives.
     */
    record Pinned(
            String server,
            Fingerprint fingerprint,
            String file,
            Optional<KnownServers.Entry> replaced,
            boolean wasRemembered,
            Optional<String> notRemembered)
            implements Result {

        @Override
        public boolean refused() {
            return false;
        }

        @Override
        public List<String> lines(Texts texts) {
            if (notRemembered.isPresent()) {
                return split(texts.get("trust.pinned.notRemembered", server, fingerprint, file, notRemembered.get()));
            }
            if (replaced.isPresent()) {
                return split(texts.get(
                        "trust.pinned.replaced",
                        server,
                        fingerprint,
                        file,
                        replaced.get().number(),
                        replaced.get().fingerprint()));
            }
            return wasRemembered ? List.of() : split(texts.get("trust.pinned.remembered", server, fingerprint, file));
        }
    }

    /**
     * The server presented a key other than the one remembered for it on {@code line} of {@code file} (or,
     * without a line, than the one it presented earlier in this run). Refused.
     */
    record Changed(String server, Fingerprint remembered, Fingerprint presented, String file, OptionalInt line)
            implements Result {

        @Override
        public boolean refused() {
            return true;
        }

        @Override
        public List<String> lines(Texts texts) {
            return split(
                    line.isPresent()
                            ? texts.get("trust.changed", server, remembered, presented, line.getAsInt(), file)
                            : texts.get("trust.changed.thisRun", server, remembered, presented));
        }
    }

    /** The server's key has not the fingerprint {@code --server-key} gave. Refused. */
    record PinMismatch(String server, Fingerprint pinned, Fingerprint presented) implements Result {

        @Override
        public boolean refused() {
            return true;
        }

        @Override
        public List<String> lines(Texts texts) {
            return split(texts.get("trust.pinMismatch", server, pinned, presented));
        }
    }

    /** The file of remembered keys exists but cannot be read, for {@code reason}. Refused. */
    record Unreadable(String server, String file, String reason) implements Result {

        @Override
        public boolean refused() {
            return true;
        }

        @Override
        public List<String> lines(Texts texts) {
            return split(texts.get("trust.unreadable", server, file, reason));
        }
    }

    /**
     * No line remembers the server, but {@code line} cannot be read and may be the one that did: it might hold
     * a key other than {@code presented}. Refused.
     */
    record Unclear(String server, String file, KnownServers.Malformed line, Fingerprint presented) implements Result {

        @Override
        public boolean refused() {
            return true;
        }

        @Override
        public List<String> lines(Texts texts) {
            return split(texts.get(
                    "trust.unclear",
                    server,
                    line.number(),
                    file,
                    texts.get(line.why().textKey()),
                    presented));
        }
    }

    /** A warning for each line that cannot be read (and cannot be the server's, or has not mattered). */
    private static List<String> ignoring(Texts texts, List<KnownServers.Malformed> lines, String file) {
        return lines.stream()
                .map(line -> texts.get(
                        "knownServers.skipped",
                        line.number(),
                        file,
                        texts.get(line.why().textKey())))
                .toList();
    }

    private static List<String> split(String text) {
        return List.of(text.split("\n"));
    }
}
