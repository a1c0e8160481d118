package xyz.halyrd.cluster.control;

import jakarta.ejb.ApplicationException;
import jakarta.ws.rs.core.Response;
import xyz.halyrd.platform.ApiException;

/**
 * This node does not hold the trading lease in the epoch its work began under (or at all): the transaction that
 * found it rolls back whole, so nothing of it is booked and nothing is signed. Answered as 409
 * {@code LEASE_NOT_HELD} where a request met it (a promotion's approval on a node that is not trading).
 */
@ApplicationException(rollback = true)
public class LeaseLost extends ApiException {

    public LeaseLost(String message) {
        super(Response.Status.CONFLICT, "LEASE_NOT_HELD", message);
    }
}
