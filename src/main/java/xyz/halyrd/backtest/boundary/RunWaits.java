package xyz.halyrd.backtest.boundary;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import xyz.halyrd.backtest.control.Backtests;

/**
 * Requests for a run that asked to wait for its end ({@code Prefer: wait=N}): each is answered with the run as it
 * stands once the run ends on this node, or when its wait is over, whichever comes first. A waiting request holds no
 * thread. A run that ends on another node of a cluster answers its waiters here when their wait is over.
 */
@ApplicationScoped
public class RunWaits {

    /** The requests waiting, by run; thread-safe, no lock needed. */
    private final Map<String, Set<AsyncResponse>> waiting = new ConcurrentHashMap<>();

    @Inject
    Backtests backtests;

    /** Where the waiters of a run that ended are answered: not on the thread that committed its end. */
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    /** Answers {@code response} when run {@code id} ends, or after {@code wait}. */
    void await(String id, Duration wait, AsyncResponse response) {
        response.setTimeoutHandler(timedOut -> answer(id, timedOut)); // before anyone can answer it
        response.setTimeout(wait.toMillis(), TimeUnit.MILLISECONDS);
        waiting.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(response);
        if (backtests.require(id).status().finished()) { // it ended before the wait was registered
            answer(id, response);
        }
    }

    void ended(@Observes(during = TransactionPhase.AFTER_SUCCESS) Backtests.Ended ended) {
        Set<AsyncResponse> responses = waiting.remove(ended.backtestId());
        if (responses != null) {
            executor.execute(() -> responses.forEach(response -> answer(ended.backtestId(), response)));
        }
    }

    /** The run as it stands now; an answer to a request already answered is dropped. */
    private void answer(String id, AsyncResponse response) {
        waiting.computeIfPresent(id, (k, responses) -> {
            responses.remove(response);
            return responses.isEmpty() ? null : responses;
        });
        if (response.isDone()) {
            return;
        }
        try {
            response.resume(BacktestsResource.BacktestView.of(backtests.require(id)));
        } catch (RuntimeException e) {
            response.resume(e);
        }
    }
}
