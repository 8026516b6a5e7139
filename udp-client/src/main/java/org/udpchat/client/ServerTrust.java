package org.udpchat.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
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
 *
 * <p><b>Several servers.</b> The servers of one {@code --server} list are the nodes of one chat, a cluster,
 * which presents one key on every node (its operator copies {@code server.key} to each). Each node is still
 * remembered under its own host and port, as SSH remembers each host, and checked against its own line
 * first (another key there is a changed key, as with one server). On top of that, the list has one identity:
 * <ul>
 *   <li>a node met for the first time that presents the key another node of the list presented in this run,
 *       or is remembered with, is the same identity: trusted and remembered for its own host and port in
 *       silence, without a second "first contact";
 *   <li>a node whose key differs from the one another node of the list presented in this run, or is
 *       remembered with, is refused as loudly as a changed key ({@link TwoIdentities}): one list with two
 *       identities means someone poses as one of the nodes, or the list mixes two operators' servers;
 *   <li>{@code --server-key} pins the key of every node of the list.
 * </ul>
 * A host name that resolves to several addresses is one entry: every address is checked under the name.
 */
final class ServerTrust {

    private final KnownServers known;
    private final Optional<Fingerprint> pinned;
    /** The {@link KnownServers#key}s of the list's servers: the nodes whose keys must be one. */
    private final Set<String> list;

    /** The key trusted in this run, by {@link KnownServers#key}. Guarded by {@code this}. */
    private final Map<String, Fingerprint> trustedThisRun = new LinkedHashMap<>();

    /**
     * For one server.
     *
     * @param known the remembered keys
     * @param pinned the fingerprint {@code --server-key} gave, if any: then only that key is trusted
     */
    ServerTrust(KnownServers known, Optional<Fingerprint> pinned) {
        this(known, pinned, List.of());
    }

    /**
     * For the servers of {@code list}, one identity.
     *
     * @param known the remembered keys
     * @param pinned the fingerprint {@code --server-key} gave, if any: then only that key is trusted, on every
     *     server of the list
     * @param list the servers the user named ({@link ServerList#servers}), which must present one key
     */
    ServerTrust(KnownServers known, Optional<Fingerprint> pinned, List<HostPort> list) {
        this.known = known;
        this.pinned = pinned;
        this.list = list.stream().map(KnownServers::key).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether {@code publicKey}, the static X25519 key of the server the user asked for as {@code server}
     * (the host as typed: a {@link ServerList} element), is to be trusted. Remembers it when it is a first
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
        if (decided.isPresent() && decided.get().refused()) {
            return decided.get(); // its own line says no: a changed key, as with one server
        }
        Optional<Result> twoIdentities = anotherIdentity(key, presented, contents);
        if (twoIdentities.isPresent()) {
            return twoIdentities.get();
        }
        if (decided.isPresent()) {
            return decided.get();
        }
        List<KnownServers.Malformed> skipped = contents.malformed();
        Optional<String> sameAs = sameIdentity(key, presented, contents);
        Optional<String> notRemembered = Optional.empty();
        try {
            KnownServers.Contents underLock = known.rememberFirst(server, presented);
            // Another client may have remembered this server between our read and the lock: its line decides.
            Optional<Result> meanwhile = decide(key, presented, underLock);
            if (meanwhile.isPresent() && meanwhile.get().refused()) {
                return meanwhile.get();
            }
        } catch (IOException e) {
            notRemembered = Optional.of(KnownServers.describe(e));
        }
        if (sameAs.isPresent()) {
            return new SameIdentity(key, sameAs.get(), presented, known.shownAs(), notRemembered, skipped);
        }
        return new FirstContact(key, presented, known.shownAs(), notRemembered, skipped);
    }

    /**
     * Another server of the list (not {@code key}) whose key, presented in this run or remembered, is not
     * {@code presented}: then the list would have two identities.
     */
    private Optional<Result> anotherIdentity(String key, Fingerprint presented, KnownServers.Contents contents) {
        for (Map.Entry<String, Fingerprint> trusted : trustedThisRun.entrySet()) {
            if (isAnotherNode(trusted.getKey(), key) && !trusted.getValue().equals(presented)) {
                return Optional.of(new TwoIdentities(
                        key, trusted.getKey(), trusted.getValue(), presented, known.shownAs(), OptionalInt.empty()));
            }
        }
        for (String other : list) {
            if (!other.equals(key)) {
                for (KnownServers.Entry entry : contents.entriesFor(other)) {
                    if (!entry.fingerprint().equals(presented)) {
                        return Optional.of(new TwoIdentities(
                                key,
                                other,
                                entry.fingerprint(),
                                presented,
                                known.shownAs(),
                                OptionalInt.of(entry.number())));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Another server of the list that presented {@code presented} in this run, or is remembered with it: the
     * identity {@code key} is met again under another address. Call once {@link #anotherIdentity} found none.
     */
    private Optional<String> sameIdentity(String key, Fingerprint presented, KnownServers.Contents contents) {
        for (Map.Entry<String, Fingerprint> trusted : trustedThisRun.entrySet()) {
            if (isAnotherNode(trusted.getKey(), key) && trusted.getValue().equals(presented)) {
                return Optional.of(trusted.getKey());
            }
        }
        return list.stream()
                .filter(other ->
                        !other.equals(key) && !contents.entriesFor(other).isEmpty())
                .findFirst();
    }

    private boolean isAnotherNode(String other, String key) {
        return !other.equals(key) && list.contains(other);
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
    sealed interface Result
            permits FirstContact,
                    SameIdentity,
                    Known,
                    Pinned,
                    Changed,
                    TwoIdentities,
                    PinMismatch,
                    Unreadable,
                    Unclear {

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

    /**
     * The first contact with {@code server}, a node of the list that presents the key {@code sameAs}, another
     * node of it, presented or is remembered with: the same identity, trusted, and remembered for
     * {@code server} too in silence (one notice per identity is enough), unless {@code notRemembered} says why
     * it could not be.
     */
    record SameIdentity(
            String server,
            String sameAs,
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
            notRemembered.ifPresent(why -> lines.addAll(
                    split(texts.get("trust.sameIdentity.notRemembered", server, sameAs, fingerprint, file, why))));
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

    /**
     * The server presented a key other than {@code otherKey}, the one {@code other}, another server of the same
     * list, presented earlier in this run (no {@code line}) or is remembered with on {@code line} of
     * {@code file}: one list, two identities. Refused.
     */
    record TwoIdentities(
            String server, String other, Fingerprint otherKey, Fingerprint presented, String file, OptionalInt line)
            implements Result {

        @Override
        public boolean refused() {
            return true;
        }

        @Override
        public List<String> lines(Texts texts) {
            return split(
                    line.isPresent()
                            ? texts.get(
                                    "trust.twoIdentities", server, other, otherKey, presented, line.getAsInt(), file)
                            : texts.get("trust.twoIdentities.thisRun", server, other, otherKey, presented));
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
