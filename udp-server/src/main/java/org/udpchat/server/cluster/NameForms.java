package org.udpchat.server.cluster;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A name with the forms the rules compare it in: its exact key ({@code Names.key}: two names with one key are
 * one name) and its folds ({@code NameFold.of}: two names whose folds meet look alike). The relay computes them,
 * as it does on a single server; the cluster only keeps one entry per form.
 *
 * @param name the name as the member spelled it, for telling others whom a name looks like
 * @param key the name's key
 * @param folds the name's confusable skeletons (one or two)
 */
public record NameForms(String name, String key, Set<String> folds) {

    /** Entry keys of the names map: a key entry and fold entries may never be confused with each other. */
    static final String KEY_PREFIX = "key:";

    static final String FOLD_PREFIX = "fold:";

    public NameForms {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(key, "key == null");
        folds = Set.copyOf(Objects.requireNonNull(folds, "folds == null"));
        if (name.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("a claimed name needs a name and a key: '" + name + "', '" + key + "'");
        }
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("name '" + name + "' has no folds: every name has one at least");
        }
    }

    /** The names map's entries this name holds: its key's first (so a taken name is told as taken), then its folds'. */
    Set<String> entryKeys() {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(KEY_PREFIX + key);
        for (String fold : folds) {
            keys.add(FOLD_PREFIX + fold);
        }
        return keys;
    }
}
