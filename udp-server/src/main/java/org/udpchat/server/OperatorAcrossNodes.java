package org.udpchat.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomNames;
import org.udpchat.server.cluster.NodeQuestions;

/**
 * What an operator asks of a server that is a node of a cluster, asked of every node: the members, rooms,
 * bans and mutes of all of them, a kick or a mute that reaches the member on whichever node it is, a ban and
 * an announcement every node applies, {@code /stats} per node. Each node answers with its own relay's answer
 * ({@link #answer}, called by {@link NodeQuestions} on an executor thread), and the answers are put together
 * here, on the operator's thread.
 *
 * <p>A command that every node must carry out (a ban, an unban, an announcement) and a node that did not answer
 * it (its relay stuck, the node leaving, a process without the cluster's key) is reported as not answered, naming
 * the node, even though the others did it: the operator must know, and may give it again (each is idempotent).
 * A command that one node's answer settles (the member kicked or muted where it is) stands once that node has
 * answered; when none settles it, a node that did not answer makes it not answered rather than "no such member",
 * since the member may be there.
 *
 * <p>Bans and mutes also reach the nodes another way: each node offers every change to them to the cluster's map
 * ({@link ModerationAcrossNodes}), and takes the later changes the others made. So a mute made on the member's node
 * holds on every node (it follows the member), and a node that missed a ban or an unban, or was down, catches up;
 * a node that did not answer a ban has still not removed the members it had at the address, hence the report.
 */
final class OperatorAcrossNodes {

    /** A node's local operations, which answer for it. */
    interface Local {
        RelayStats stats() throws ChatServer.UnansweredException;

        List<MemberInfo> members() throws ChatServer.UnansweredException;

        List<RoomInfo> rooms() throws ChatServer.UnansweredException;

        KickOutcome kick(String name, String reason) throws ChatServer.UnansweredException;

        Optional<ChatText.Problem> announce(String text) throws ChatServer.UnansweredException;

        OperatorOutcome say(String room, String text) throws ChatServer.UnansweredException;

        BanResult banAddress(InetAddress address, Term term) throws ChatServer.UnansweredException;

        OperatorOutcome unban(InetAddress address) throws ChatServer.UnansweredException;

        OperatorOutcome mute(String name, Term term) throws ChatServer.UnansweredException;

        OperatorOutcome unmute(String name) throws ChatServer.UnansweredException;

        Restrictions restrictions() throws ChatServer.UnansweredException;

        /** What this node's rooms' sequencing has mended. */
        RoomStreamCounters roomStream();
    }

    private final NodeQuestions questions;

    OperatorAcrossNodes(NodeQuestions questions) {
        this.questions = questions;
    }

    /** This node's answer to {@code question}, from {@code local}. */
    static byte[] answer(NodeQuestions.Question question, Local local) {
        try {
            return switch (question.kind()) {
                case "stats" -> {
                    RelayStats stats = local.stats();
                    RoomStreamCounters rooms = local.roomStream();
                    yield OperatorWire.write(out -> {
                        OperatorWire.writeStats(out, stats);
                        for (long value : new long[] {
                            rooms.delivered(),
                            rooms.fetches(),
                            rooms.fetched(),
                            rooms.missed(),
                            rooms.notPublished(),
                            rooms.stampRefused()
                        }) {
                            out.writeLong(value);
                        }
                    });
                }
                case "members" -> {
                    List<MemberInfo> members = local.members();
                    yield OperatorWire.write(out -> OperatorWire.writeMembers(out, members));
                }
                case "rooms" -> {
                    List<RoomInfo> rooms = local.rooms();
                    yield OperatorWire.write(out -> OperatorWire.writeRooms(out, rooms));
                }
                case "restrictions" -> {
                    Restrictions restrictions = local.restrictions();
                    yield OperatorWire.write(out -> {
                        OperatorWire.writeRestrictions(out, restrictions.bans());
                        OperatorWire.writeRestrictions(out, restrictions.mutes());
                    });
                }
                default -> answerCommand(question, local);
            };
        } catch (ChatServer.UnansweredException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static byte[] answerCommand(NodeQuestions.Question question, Local local)
            throws ChatServer.UnansweredException {
        try {
            DataInputStream in = OperatorWire.open(question.body());
            switch (question.kind()) {
                case "kick" -> {
                    KickOutcome outcome = local.kick(in.readUTF(), in.readUTF());
                    return OperatorWire.write(out -> out.writeUTF(outcome.name()));
                }
                case "announce" -> {
                    Optional<ChatText.Problem> problem = local.announce(in.readUTF());
                    return OperatorWire.write(
                            out -> out.writeUTF(problem.map(Enum::name).orElse("")));
                }
                case "say" -> {
                    String room = in.readUTF();
                    String text = in.readUTF();
                    // one node says it: the room's sequencer takes it to the room's members on every node
                    OperatorOutcome outcome =
                            in.readUTF().equals(question.node()) ? local.say(room, text) : OperatorOutcome.NO_SUCH_ROOM;
                    return OperatorWire.write(out -> out.writeUTF(outcome.name()));
                }
                case "addressOf" -> {
                    String name = in.readUTF();
                    Optional<MemberInfo> member = local.members().stream()
                            .filter(info -> Names.key(info.name()).equals(Names.key(name)))
                            .findFirst();
                    return OperatorWire.write(out -> OperatorWire.writeAddress(
                            out, member.map(info -> info.address().getAddress()).orElse(null)));
                }
                case "banAddress" -> {
                    InetAddress address = OperatorWire.readAddress(in);
                    BanResult result = local.banAddress(address, OperatorWire.readTerm(in));
                    return OperatorWire.write(out -> {
                        out.writeUTF(result.outcome().name());
                        OperatorWire.writeStrings(out, result.removed());
                    });
                }
                case "unban" -> {
                    OperatorOutcome outcome = local.unban(OperatorWire.readAddress(in));
                    return OperatorWire.write(out -> out.writeUTF(outcome.name()));
                }
                case "mute" -> {
                    OperatorOutcome outcome = local.mute(in.readUTF(), OperatorWire.readTerm(in));
                    return OperatorWire.write(out -> out.writeUTF(outcome.name()));
                }
                case "unmute" -> {
                    OperatorOutcome outcome = local.unmute(in.readUTF());
                    return OperatorWire.write(out -> out.writeUTF(outcome.name()));
                }
                default -> throw new IllegalArgumentException("a question this node does not know: " + question.kind());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("a question this node cannot read: " + e.getMessage(), e);
        }
    }

    /** Every node's {@code /stats}, the oldest node's first. */
    List<NodeStats> stats() throws ChatServer.UnansweredException {
        List<NodeStats> all = new ArrayList<>();
        for (NodeQuestions.Answer answer : askAll("stats", new byte[0])) {
            if (answer.body().isEmpty()) {
                all.add(new NodeStats(
                        answer.node(), answer.isLocal(), Optional.empty(), Optional.empty(), answer.failure()));
                continue;
            }
            NodeStats node = OperatorWire.read(
                    answer.body().get(),
                    in -> new NodeStats(
                            answer.node(),
                            answer.isLocal(),
                            Optional.of(OperatorWire.readStats(in)),
                            Optional.of(new RoomStreamCounters(
                                    in.readLong(),
                                    in.readLong(),
                                    in.readLong(),
                                    in.readLong(),
                                    in.readLong(),
                                    // a node of the release before sends no count of stamps refused
                                    in.available() >= Long.BYTES ? in.readLong() : 0)),
                            ""));
            all.add(node);
        }
        return all;
    }

    /** Every node's members, each with its node, node by node (the oldest's first). */
    List<MemberInfo> members() throws ChatServer.UnansweredException {
        List<MemberInfo> all = new ArrayList<>();
        for (NodeQuestions.Answer answer : answered(askAll("members", new byte[0]))) {
            all.addAll(
                    OperatorWire.read(answer.body().orElseThrow(), in -> OperatorWire.readMembers(in, answer.node())));
        }
        return all;
    }

    /** The rooms of all nodes, each once with the members it has on all of them. */
    List<RoomInfo> rooms() throws ChatServer.UnansweredException {
        Map<String, RoomInfo> byKey = new LinkedHashMap<>();
        for (NodeQuestions.Answer answer : answered(askAll("rooms", new byte[0]))) {
            for (RoomInfo room : OperatorWire.read(answer.body().orElseThrow(), OperatorWire::readRooms)) {
                byKey.merge(
                        RoomNames.key(room.name()),
                        room,
                        (seen, more) -> new RoomInfo(seen.name(), seen.members() + more.members()));
            }
        }
        return new ArrayList<>(byKey.values());
    }

    /** The bans and mutes of all nodes, each once. */
    Restrictions restrictions() throws ChatServer.UnansweredException {
        Map<String, Restriction> bans = new LinkedHashMap<>();
        Map<String, Restriction> mutes = new LinkedHashMap<>();
        for (NodeQuestions.Answer answer : answered(askAll("restrictions", new byte[0]))) {
            OperatorWire.read(answer.body().orElseThrow(), in -> {
                OperatorWire.readRestrictions(in).forEach(ban -> bans.putIfAbsent(ban.subject(), ban));
                OperatorWire.readRestrictions(in).forEach(mute -> mutes.putIfAbsent(mute.subject(), mute));
                return null;
            });
        }
        return new Restrictions(new ArrayList<>(bans.values()), new ArrayList<>(mutes.values()));
    }

    /** Kicks the member called {@code name} on whichever node it is. */
    KickOutcome kick(String name, String reason) throws ChatServer.UnansweredException {
        List<NodeQuestions.Answer> answers = askAll("kick", OperatorWire.write(out -> {
            out.writeUTF(name);
            out.writeUTF(reason);
        }));
        List<String> outcomes = outcomesOf(answered(answers));
        if (outcomes.contains(KickOutcome.KICKED.name())) {
            return KickOutcome.KICKED;
        }
        if (outcomes.contains(KickOutcome.BAD_REASON.name())) {
            return KickOutcome.BAD_REASON;
        }
        answeredByAll(answers); // the member may be on a node that did not answer
        return KickOutcome.NO_SUCH_MEMBER;
    }

    /** Announces {@code text} on every node; empty, or why it cannot be said. */
    Optional<ChatText.Problem> announce(String text) throws ChatServer.UnansweredException {
        Optional<ChatText.Problem> problem = ChatText.checkAnnouncement(text);
        if (problem.isPresent()) {
            return problem; // the same on every node: nobody need be asked
        }
        for (String answer :
                outcomesOf(answeredByAll(askAll("announce", OperatorWire.write(out -> out.writeUTF(text)))))) {
            if (!answer.isEmpty()) {
                return Optional.of(ChatText.Problem.valueOf(answer));
            }
        }
        return Optional.empty();
    }

    /**
     * Says {@code text} to the room called {@code room}: on one node that has it (the oldest), whose room's
     * sequencer takes it to the room's members on every node.
     */
    OperatorOutcome say(String room, String text) throws ChatServer.UnansweredException {
        String roomKey = RoomNames.key(room);
        String teller = null;
        for (NodeQuestions.Answer answer : answered(askAll("rooms", new byte[0]))) {
            boolean hasIt = OperatorWire.read(answer.body().orElseThrow(), OperatorWire::readRooms).stream()
                    .anyMatch(info -> RoomNames.key(info.name()).equals(roomKey));
            if (hasIt) {
                teller = answer.node();
                break;
            }
        }
        if (teller == null) {
            return OperatorOutcome.NO_SUCH_ROOM;
        }
        String chosen = teller;
        List<NodeQuestions.Answer> answers = askAll("say", OperatorWire.write(out -> {
            out.writeUTF(room);
            out.writeUTF(text);
            out.writeUTF(chosen);
        }));
        // only the chosen node says it: its answer is the one that counts
        answeredByAll(
                answers.stream().filter(answer -> answer.node().equals(chosen)).toList());
        for (String outcome : outcomesOf(answered(answers))) {
            if (!outcome.equals(OperatorOutcome.NO_SUCH_ROOM.name())) {
                return OperatorOutcome.valueOf(outcome); // done, or why not
            }
        }
        return OperatorOutcome.NO_SUCH_ROOM; // the room went meanwhile
    }

    /** Bans the address of the member called {@code name}, wherever it is, on every node. */
    BanResult ban(String name, Term term) throws ChatServer.UnansweredException {
        InetAddress address = null;
        List<NodeQuestions.Answer> answers = askAll("addressOf", OperatorWire.write(out -> out.writeUTF(name)));
        for (NodeQuestions.Answer answer : answered(answers)) {
            InetAddress found = OperatorWire.read(answer.body().orElseThrow(), OperatorWire::readAddress);
            if (found != null) {
                address = found;
                break;
            }
        }
        if (address == null) {
            answeredByAll(answers); // the member may be on a node that did not answer
            return BanResult.failed(OperatorOutcome.NO_SUCH_MEMBER);
        }
        return banAddress(address, term);
    }

    /** Bans {@code address} on every node, each removing its members there. */
    BanResult banAddress(InetAddress address, Term term) throws ChatServer.UnansweredException {
        byte[] question = OperatorWire.write(out -> {
            OperatorWire.writeAddress(out, address);
            OperatorWire.writeTerm(out, term);
        });
        List<String> removed = new ArrayList<>();
        // a node that did not record the ban still lets the address in: the operator is told, and may ban again
        for (NodeQuestions.Answer answer : answeredByAll(askAll("banAddress", question))) {
            removed.addAll(OperatorWire.read(answer.body().orElseThrow(), in -> {
                in.readUTF(); // DONE: a ban is always recorded
                return OperatorWire.readStrings(in);
            }));
        }
        return new BanResult(OperatorOutcome.DONE, address, removed);
    }

    OperatorOutcome unban(InetAddress address) throws ChatServer.UnansweredException {
        // every node must lift it: a node that did not would still refuse the address
        List<String> outcomes = outcomesOf(
                answeredByAll(askAll("unban", OperatorWire.write(out -> OperatorWire.writeAddress(out, address)))));
        return outcomes.contains(OperatorOutcome.DONE.name()) ? OperatorOutcome.DONE : OperatorOutcome.NOT_BANNED;
    }

    OperatorOutcome mute(String name, Term term) throws ChatServer.UnansweredException {
        return doneAnywhere(
                "mute",
                OperatorWire.write(out -> {
                    out.writeUTF(name);
                    OperatorWire.writeTerm(out, term);
                }),
                OperatorOutcome.NO_SUCH_MEMBER);
    }

    OperatorOutcome unmute(String name) throws ChatServer.UnansweredException {
        return doneAnywhere("unmute", OperatorWire.write(out -> out.writeUTF(name)), OperatorOutcome.NOT_MUTED);
    }

    /** DONE if a node did it (the one the member is on); otherwise {@code otherwise}, if every node answered. */
    private OperatorOutcome doneAnywhere(String kind, byte[] question, OperatorOutcome otherwise)
            throws ChatServer.UnansweredException {
        List<NodeQuestions.Answer> answers = askAll(kind, question);
        if (outcomesOf(answered(answers)).contains(OperatorOutcome.DONE.name())) {
            return OperatorOutcome.DONE;
        }
        answeredByAll(answers); // the member may be on a node that did not answer
        return otherwise;
    }

    /** Each answer's one-word outcome. */
    private static List<String> outcomesOf(List<NodeQuestions.Answer> answers) {
        List<String> outcomes = new ArrayList<>();
        for (NodeQuestions.Answer answer : answers) {
            outcomes.add(OperatorWire.read(answer.body().orElseThrow(), in -> in.readUTF()));
        }
        return outcomes;
    }

    /** The answers, every one with a body; when a node did not answer, which and why. */
    private static List<NodeQuestions.Answer> answeredByAll(List<NodeQuestions.Answer> answers)
            throws ChatServer.UnansweredException {
        List<NodeQuestions.Answer> failed =
                answers.stream().filter(answer -> answer.body().isEmpty()).toList();
        if (failed.isEmpty()) {
            return answers;
        }
        StringBuilder which = new StringBuilder();
        for (NodeQuestions.Answer answer : failed) {
            which.append(which.length() == 0 ? "" : "; ")
                    .append(answer.node())
                    .append(": ")
                    .append(answer.failure());
        }
        throw new ChatServer.UnansweredException(failed.size() + " of " + answers.size() + " nodes did not answer ("
                + which + "); any other did what it was asked: give the command again once they answer");
    }

    /** The answers with a body; when no node answered at all, why. */
    private static List<NodeQuestions.Answer> answered(List<NodeQuestions.Answer> answers)
            throws ChatServer.UnansweredException {
        List<NodeQuestions.Answer> answered =
                answers.stream().filter(answer -> answer.body().isPresent()).toList();
        if (answered.isEmpty()) {
            throw new ChatServer.UnansweredException("no node of the cluster answered"
                    + (answers.isEmpty() ? "" : ": " + answers.get(0).failure()));
        }
        return answered;
    }

    private List<NodeQuestions.Answer> askAll(String kind, byte[] question) throws ChatServer.UnansweredException {
        try {
            return questions
                    .askAll(kind, question)
                    .toCompletableFuture()
                    .get(ChatServer.ANSWER_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ChatServer.UnansweredException("the cluster's nodes did not all answer within "
                    + ChatServer.ANSWER_TIMEOUT.toSeconds() * 2 + " s");
        } catch (ExecutionException e) {
            throw new ChatServer.UnansweredException("the cluster failed to answer: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatServer.UnansweredException("interrupted while waiting for the cluster");
        }
    }
}
