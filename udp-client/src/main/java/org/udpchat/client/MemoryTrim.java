package org.udpchat.client;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Gives back, once, a few seconds after a client at a terminal has joined, the heap it has committed but
 * does not use.
 *
 * <p>Why: with no JVM flags, G1 on a large machine commits a heap of a 64th of the memory (384 MB on
 * 24 GB) and moves eden across it, so the client with the line editor stayed at 75–100 MB resident while
 * its heap held 6–14 MB after a collection. A jar's manifest cannot set JVM flags, but the heap's free
 * ratios are manageable at run time: with {@code MaxHeapFreeRatio} lowered, the full collection that
 * follows shrinks the heap to what is live and a tenth more, and G1 then keeps eden inside it. What is
 * left beyond the heap (class metadata, the JIT's code and its memory in the C library's heap) no
 * option that can be set at run time reaches; README's "Memory of the client" has the measurements.
 *
 * <p>Thread: {@link #startAfterJoining} starts {@code memory-trim}, a daemon, which waits
 * {@link #SETTLE} (start-up's class loading and compilations are then mostly over, so the collection
 * finds little that is still growing), trims, and ends. It touches nothing of the client's.
 */
final class MemoryTrim {

    /** How long after joining the trim waits: the first seconds still load classes and compile. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    /**
     * The options set, in this order: the JVM refuses a {@code MaxHeapFreeRatio} below the
     * {@code MinHeapFreeRatio} in force (40 by default), so the lower bound goes first. After a full
     * collection the heap keeps between 5 and 10 % of itself free (the defaults, 40–70 %, are for
     * servers that allocate fast; a chat client allocates a few kilobytes a line).
     */
    static final Map<String, String> HEAP_FREE_RATIOS = orderedOptions();

    private static Map<String, String> orderedOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("MinHeapFreeRatio", "5");
        options.put("MaxHeapFreeRatio", "10");
        return Collections.unmodifiableMap(options);
    }

    /** The JVM, as far as the trim needs it. */
    interface Vm {
        /**
         * Whether {@code option} still has the JVM's default: one the user set is theirs to keep.
         *
         * @throws IllegalArgumentException no such option in this JVM
         */
        boolean isDefault(String option);

        /** Sets a manageable option; an {@link IllegalArgumentException} says why it was refused. */
        void set(String option, String value);

        /** A full collection, which resizes the heap by the free ratios in force. */
        void collect();
    }

    private final Vm vm;

    MemoryTrim(Vm vm) {
        this.vm = vm;
    }

    /** Starts the {@code memory-trim} thread, where the JVM is a HotSpot one; elsewhere does nothing. */
    static void startAfterJoining() {
        Optional<Vm> hotSpot = HotSpot.running();
        if (hotSpot.isEmpty()) {
            Logger.debug("memory trim: not a HotSpot JVM, the heap keeps its own sizing");
            return;
        }
        Thread thread = new Thread(() -> settleThenTrim(new MemoryTrim(hotSpot.get())), "memory-trim");
        thread.setDaemon(true); // never keeps the process alive
        thread.start();
    }

    private static void settleThenTrim(MemoryTrim trim) {
        try {
            Thread.sleep(SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        trim.trim();
    }

    /**
     * Lowers the heap's free ratios the user has not set, then collects, so that the heap shrinks to what
     * is live. Options this JVM lacks or refuses are logged and skipped: the collection still runs.
     */
    void trim() {
        HEAP_FREE_RATIOS.forEach((option, value) -> {
            try {
                if (!vm.isDefault(option)) {
                    Logger.debug("memory trim: {} was set by the user, kept", option);
                    return;
                }
                vm.set(option, value);
                Logger.debug("memory trim: {} = {}", option, value);
            } catch (IllegalArgumentException e) {
                Logger.debug("memory trim: {} = {} refused ({})", option, value, e.getMessage());
            }
        });
        vm.collect();
        Logger.debug("memory trim: heap collected and resized");
    }

    /** The running HotSpot JVM, through its diagnostic bean (module {@code jdk.management}). */
    static final class HotSpot implements Vm {

        private final HotSpotDiagnosticMXBean bean;

        private HotSpot(HotSpotDiagnosticMXBean bean) {
            this.bean = bean;
        }

        /** This JVM, if it is a HotSpot one. */
        static Optional<Vm> running() {
            try {
                return Optional.ofNullable(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class))
                        .map(HotSpot::new);
            } catch (IllegalArgumentException | LinkageError e) {
                return Optional.empty(); // no such bean on another JVM, or a runtime image without the module
            }
        }

        @Override
        public boolean isDefault(String option) {
            return bean.getVMOption(option).getOrigin() == VMOption.Origin.DEFAULT;
        }

        /** Whether {@code option} can be set while the JVM runs. */
        boolean isManageable(String option) {
            return bean.getVMOption(option).isWriteable();
        }

        @Override
        public void set(String option, String value) {
            bean.setVMOption(option, value);
        }

        @Override
        public void collect() {
            System.gc(); // in G1, a full collection, after which the heap shrinks to MaxHeapFreeRatio
        }
    }
}
