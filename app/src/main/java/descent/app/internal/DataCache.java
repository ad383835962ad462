package descent.app.internal;

import descent.api.data.Dataset;
import descent.api.data.Split;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The data sets of this JVM's runs, loaded once per key. A run leases its data set for as long as it
 * trains; a data set that no run holds stays until a run needs another one, and is dropped then,
 * before that one loads, so runs one after another never hold two in memory (Fashion-MNIST is
 * 220 MB). Runs side by side (the tasks of one Spark executor, two a core pair) share one loading
 * when they want the same data set and each hold their own otherwise. The arrays are shared, not
 * copied: training reads a data set and never writes it (mini-batches are gathered copies).
 */
final class DataCache {

    /** A data set as its runs train on it, and how long it took to load (0 for a run that found it loaded). */
    record Loaded(Dataset data, Split validation, double seconds) {
    }

    private static final class Entry {
        final CompletableFuture<Loaded> future = new CompletableFuture<>();
        int leases;
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    private DataCache() {
    }

    /**
     * The data set of {@code key}, loaded by {@code load} unless this JVM has it (or is loading it:
     * then this waits for that loading). A loading that fails is not kept: the next run tries again.
     */
    static Lease acquire(String key, Supplier<Loaded> load) {
        Entry entry;
        boolean loads = false;
        synchronized (ENTRIES) {
            entry = ENTRIES.get(key);
            if (entry == null) {
                // what no run holds goes before another data set loads
                for (Iterator<Entry> it = ENTRIES.values().iterator(); it.hasNext();) {
                    if (it.next().leases == 0) {
                        it.remove();
                    }
                }
                entry = new Entry();
                ENTRIES.put(key, entry);
                loads = true;
            }
            entry.leases++;
        }
        if (loads) {
            try {
                entry.future.complete(load.get());
            } catch (RuntimeException | Error e) {
                synchronized (ENTRIES) {
                    ENTRIES.remove(key, entry);
                }
                entry.future.completeExceptionally(e);
                release(entry);
                throw e;
            }
        }
        Loaded loaded;
        try {
            loaded = entry.future.join();
        } catch (CompletionException e) {
            release(entry);
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
        return new Lease(entry, loads ? loaded : new Loaded(loaded.data(), loaded.validation(), 0));
    }

    private static void release(Entry entry) {
        synchronized (ENTRIES) {
            entry.leases--;
        }
    }

    /** How many data sets this JVM holds (for tests). */
    static int size() {
        synchronized (ENTRIES) {
            return ENTRIES.size();
        }
    }

    /** Drops every data set no run holds (for tests). */
    static void clear() {
        synchronized (ENTRIES) {
            ENTRIES.values().removeIf(e -> e.leases == 0);
        }
    }

    /** A run's hold on its data set; closing it lets the data set go when another is needed. */
    static final class Lease implements AutoCloseable {
        private final Entry entry;
        private final Loaded loaded;
        private boolean closed;

        private Lease(Entry entry, Loaded loaded) {
            this.entry = entry;
            this.loaded = loaded;
        }

        Dataset data() {
            return loaded.data();
        }

        Split validation() {
            return loaded.validation();
        }

        /** The seconds this run spent loading: 0 when it found the data set loaded. */
        double seconds() {
            return loaded.seconds();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(entry);
            }
        }
    }
}
