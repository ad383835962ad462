package descent.app.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import descent.api.DescentException;
import descent.api.data.Dataset;
import descent.api.data.Split;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The JVM-wide data-set cache that runs one after another, and Spark tasks side by side, share. */
class DataCacheTests {

    private final AtomicInteger loads = new AtomicInteger();

    @BeforeEach
    void empty() {
        DataCache.clear();
    }

    private static Dataset dataset(String id, int rows) {
        Split train = new Split(Nd4j.rand(rows, 2), Nd4j.eye(2).getRows(new int[rows]));
        Split test = new Split(Nd4j.rand(3, 2), Nd4j.eye(2).getRows(new int[3]));
        return new Dataset(id, train, test, new int[] {2}, java.util.List.of("no", "yes"), null);
    }

    private Supplier<DataCache.Loaded> loader(String id) {
        return () -> {
            loads.incrementAndGet();
            return new DataCache.Loaded(dataset(id, 5), null, 0.25);
        };
    }

    @Test
    void aSecondRunOfOneKeyFindsItLoadedAndAnotherKeyDropsItFirst() {
        Dataset first;
        try (DataCache.Lease a = DataCache.acquire("a", loader("a"))) {
            first = a.data();
            assertThat(a.seconds()).isEqualTo(0.25);
        }
        try (DataCache.Lease again = DataCache.acquire("a", loader("a"))) {
            assertThat(again.data()).isSameAs(first);
            assertThat(again.seconds()).as("no time spent loading").isZero();
        }
        assertThat(loads).hasValue(1);
        try (DataCache.Lease b = DataCache.acquire("b", loader("b"))) {
            assertThat(b.data().id()).isEqualTo("b");
            assertThat(DataCache.size()).as("a, which no run held, went before b loaded").isEqualTo(1);
        }
        assertThat(loads).hasValue(2);
    }

    @Test
    void aDataSetARunHoldsIsKeptWhileAnotherLoads() {
        DataCache.Lease a = DataCache.acquire("a", loader("a"));
        try (DataCache.Lease b = DataCache.acquire("b", loader("b"))) {
            assertThat(DataCache.size()).isEqualTo(2);
            try (DataCache.Lease a2 = DataCache.acquire("a", loader("a"))) {
                assertThat(a2.data()).isSameAs(a.data());
            }
        }
        a.close();
        a.close();
        try (DataCache.Lease c = DataCache.acquire("c", loader("c"))) {
            assertThat(DataCache.size()).isEqualTo(1);
        }
        assertThat(loads).hasValue(3);
    }

    @Test
    void runsSideBySideThatWantOneDataSetShareOneLoading() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Supplier<DataCache.Loaded> slow = () -> {
            loads.incrementAndGet();
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new DataCache.Loaded(dataset("slow", 7), null, 1);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Dataset> one = pool.submit(() -> {
                try (DataCache.Lease l = DataCache.acquire("k", slow)) {
                    return l.data();
                }
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Dataset> two = pool.submit(() -> {
                try (DataCache.Lease l = DataCache.acquire("k", slow)) {
                    return l.data();
                }
            });
            Thread.sleep(100);
            assertThat(two.isDone()).as("the second run waits for the first one's loading").isFalse();
            release.countDown();
            assertThat(two.get(10, TimeUnit.SECONDS)).isSameAs(one.get(10, TimeUnit.SECONDS));
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoadingThatFailsIsNotKept() {
        Supplier<DataCache.Loaded> failing = () -> {
            loads.incrementAndGet();
            throw new DescentException("no such folder: /nowhere");
        };
        assertThatThrownBy(() -> DataCache.acquire("x", failing)).isInstanceOf(DescentException.class).hasMessageContaining("/nowhere");
        assertThat(DataCache.size()).isZero();
        try (DataCache.Lease l = DataCache.acquire("x", loader("x"))) {
            assertThat(l.data().id()).isEqualTo("x");
        }
        assertThat(loads).hasValue(2);
    }
}
