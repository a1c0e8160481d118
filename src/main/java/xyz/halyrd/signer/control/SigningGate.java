package xyz.halyrd.signer.control;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The signer's critical section: judge an order by {@link SigningRules} against the day's ledger and, when it
 * passes, book it in the same step, so two orders can never both fit under the daily cap that only one fits under.
 * The lock is this process's; the database rows the signer's ledger lives in are row-locked as well (the session
 * and the day), which serializes signers across processes.
 */
public final class SigningGate {

    /** What has been signed per UTC day. Called only while the gate's lock is held. */
    public interface Ledger {
        BigDecimal signedOn(LocalDate day);

        void book(LocalDate day, BigDecimal sizeUsdt);
    }

    private final ReentrantLock lock = new ReentrantLock();

    /** The refusal, or empty when {@code check} was admitted and booked (buys only: sells are not capped). */
    public Optional<SigningRules.Refusal> admit(SigningRules.Check check, SigningRules.Limits limits, LocalDate day,
            Ledger ledger) {
        lock.lock();
        try {
            Optional<SigningRules.Refusal> refusal = SigningRules.judge(check, limits, ledger.signedOn(day));
            if (refusal.isEmpty() && check.buy()) {
                ledger.book(day, check.sizeUsdt());
            }
            return refusal;
        } finally {
            lock.unlock();
        }
    }
}
