package sh.ratri.frameworks.spring;

import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import java.util.concurrent.atomic.AtomicInteger;

/** A transaction manager with no database: it counts, so {@code @Transactional} beans are proxied for real. */
public class CountingTransactionManager extends AbstractPlatformTransactionManager {

    private final AtomicInteger committed = new AtomicInteger();

    @Override
    protected Object doGetTransaction() {
        return new Object();
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        // nothing to open
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        committed.incrementAndGet();
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        // nothing to undo
    }

    public int committed() {
        return committed.get();
    }
}
