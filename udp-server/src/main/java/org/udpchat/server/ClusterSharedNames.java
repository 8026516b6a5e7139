package org.udpchat.server;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.tinylog.Logger;
import org.udpchat.codec.Names;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.Untrusted;
import org.udpchat.server.cluster.ClusterNames;
import org.udpchat.server.cluster.NameClaimResult;
import org.udpchat.server.cluster.NameForms;
import org.udpchat.server.cluster.NameHolder;

/**
 * The relay's {@link SharedNames} over the cluster's names ({@link ClusterNames}): each claim in the forms the
 * rules compare names in (its key and its confusable folds, computed here as a single server computes them),
 * held by this node and the member's number, and answered on the relay thread. A claim the cluster cannot
 * answer (too few nodes in touch, or no answer) is refused as {@code NAMES_UNAVAILABLE}: the newcomer may try
 * again shortly.
 */
final class ClusterSharedNames implements SharedNames {

    private final ClusterNames names;
    private final UUID node;
    private final Function<String, Set<String>> folds;
    private final Consumer<Consumer<Relay>> relay;

    /**
     * @param folds a name's confusable folds, as this server's rules compute them
     * @param relay posts a command to the relay thread
     */
    ClusterSharedNames(
            ClusterNames names, UUID node, Function<String, Set<String>> folds, Consumer<Consumer<Relay>> relay) {
        this.names = names;
        this.node = node;
        this.folds = folds;
        this.relay = relay;
    }

    @Override
    public boolean isShared() {
        return true;
    }

    @Override
    public void claim(String name, long holder, Consumer<Optional<Refusal>> answer) {
        names.claim(forms(name), new NameHolder(node, holder))
                .whenComplete((result, failure) -> answerOnRelay(name, result, failure, answer));
    }

    @Override
    public void rename(String from, String to, long holder, Consumer<Optional<Refusal>> answer) {
        names.rename(forms(from), forms(to), new NameHolder(node, holder))
                .whenComplete((result, failure) -> answerOnRelay(to, result, failure, answer));
    }

    @Override
    public void move(String name, UUID fromNode, long fromHolder, long toHolder, Consumer<Optional<Refusal>> answer) {
        names.move(forms(name), new NameHolder(fromNode, fromHolder), new NameHolder(node, toHolder))
                .whenComplete((result, failure) -> answerOnRelay(name, result, failure, answer));
    }

    @Override
    public void release(String name, long holder) {
        names.release(forms(name), new NameHolder(node, holder)).whenComplete((done, failure) -> {
            if (failure != null) {
                Logger.warn("cluster: a name was not let go: {}", failure.toString());
            }
        });
    }

    private NameForms forms(String name) {
        return new NameForms(name, Names.key(name), folds.apply(name));
    }

    private void answerOnRelay(
            String name, NameClaimResult result, Throwable failure, Consumer<Optional<Refusal>> answer) {
        Optional<Refusal> refusal = refusalOf(name, result, failure);
        relay.accept(later -> answer.accept(refusal));
    }

    /** What the member is told of a claim that was not granted; empty when it was. */
    static Optional<Refusal> refusalOf(String name, NameClaimResult result, Throwable failure) {
        if (failure != null) {
            Logger.warn("cluster: the name {} could not be claimed: {}", Untrusted.quote(name), failure.toString());
            return Optional.of(new Refusal(RefusalReason.NAMES_UNAVAILABLE, 0));
        }
        return switch (result.verdict()) {
            case CLAIMED -> Optional.empty();
            case TAKEN -> Optional.of(new Refusal(RefusalReason.NAME_TAKEN, 0));
            case LOOKS_LIKE -> Optional.of(new Refusal(
                    RefusalReason.NAME_LOOKS_LIKE, 0, result.subject().orElse("")));
            case TOO_FEW_NODES, UNAVAILABLE -> {
                Logger.warn("cluster: {}", result.explanation());
                yield Optional.of(new Refusal(RefusalReason.NAMES_UNAVAILABLE, 0));
            }
        };
    }
}
