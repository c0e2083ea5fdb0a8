package dev.facet.extractors.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.facet.spi.CancelledException;
import dev.facet.spi.ConfigException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DecodeBudgetTest {

    @Test
    void aDecodeWaitsUntilAnotherGivesItsBytesBack() throws Exception {
        DecodeBudget budget = new DecodeBudget(100);
        DecodeBudget.Lease first = budget.acquire(70);
        AtomicBoolean acquired = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            try (DecodeBudget.Lease lease = budget.acquire(50)) {
                acquired.set(true);
            }
            done.countDown();
        });
        second.start();

        assertFalse(done.await(200, TimeUnit.MILLISECONDS), "the second decode must wait");
        assertFalse(acquired.get());
        first.close();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertTrue(acquired.get());
        assertEquals(100, budget.availableBytes());
    }

    @Test
    void aGrowingLeaseTakesTheWholeAmountAndClosesOnce() {
        DecodeBudget budget = new DecodeBudget(100);
        DecodeBudget.Lease lease = budget.acquire(10);
        lease.ensure(5);
        assertEquals(10, lease.bytes());
        lease.ensure(60);
        assertEquals(60, lease.bytes());
        assertEquals(40, budget.availableBytes());
        lease.close();
        lease.close();
        assertEquals(100, budget.availableBytes());
    }

    @Test
    void refusesMoreThanTheWholeBudgetAndStopsWaitingWhenInterrupted() throws Exception {
        DecodeBudget budget = new DecodeBudget(100);
        assertFalse(budget.fits(101));
        assertThrows(IllegalArgumentException.class, () -> budget.acquire(101));
        assertThrows(ConfigException.class, () -> new DecodeBudget(0));

        DecodeBudget.Lease held = budget.acquire(100);
        CountDownLatch cancelled = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                budget.acquire(1);
            } catch (CancelledException e) {
                cancelled.countDown();
            }
        });
        waiter.start();
        waiter.interrupt();
        assertTrue(cancelled.await(10, TimeUnit.SECONDS));
        held.close();
        assertEquals(100, budget.availableBytes());
    }
}
