package xyz.halyrd.agent.control;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.agent.entity.ServerStart;
import xyz.halyrd.platform.ApiException;

/**
 * Knows the agents of this installation: creates the seed agent on first start, resolves ids and the
 * {@code current} alias, and keeps the heartbeat.
 */
@Startup
@Singleton
@Lock(LockType.READ)
public class AgentRegistry {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<ServerStart> starts;

    /** Runs once per server start, in its own transaction: the seed agent exists afterwards, and the start is announced (the lifecycle journals it). */
    @PostConstruct
    void start() {
        Agent agent = em.find(Agent.class, Agent.SEED_ID);
        if (agent == null) {
            // a new database, maybe with other nodes starting on it now: the first to lock the table creates the
            // agent, the others wait for its commit and find it (else all but one failed to deploy on the key)
            em.createNativeQuery("LOCK TABLE AGENT IN EXCLUSIVE MODE").executeUpdate();
            agent = em.find(Agent.class, Agent.SEED_ID);
        }
        boolean created = agent == null;
        if (created) {
            agent = Agent.seed(clock.instant());
            em.persist(agent);
        } else {
            agent.beat(clock.instant());
        }
        starts.fire(new ServerStart(agent, created, database()));
    }

    /**
     * The database product in use, e.g. "PostgreSQL 15.18" or "Apache Derby 10.16.1.1": shown at start and in the
     * readiness check, so a deployment that fell back to the embedded default is seen at once. Never the URL.
     */
    public String database() {
        try {
            DatabaseMetaData meta = em.unwrap(Connection.class).getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion().split(" ")[0];
        } catch (SQLException | RuntimeException e) {
            return "an unidentified database";
        }
    }

    /** Reads need no transaction of their own: a request's read joins its caller's, or runs without one. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Agent> all() {
        return em.createNamedQuery(Agent.ALL, Agent.class).getResultList();
    }

    /** The agent with this id, or with the alias {@code current} the running agent. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Agent> find(String idOrAlias) {
        return idOrAlias == null ? Optional.empty() : Optional.ofNullable(em.find(Agent.class, resolve(idOrAlias)));
    }

    /**
     * The id of the agent an id or the alias {@code current} names, without reading it: this release has exactly one
     * agent, the seed, created at the first start and never removed (so a read that needs only the id spends no
     * query on it). An unknown id is the client's 404 {@code AGENT_NOT_FOUND}.
     */
    public static String idOf(String idOrAlias) {
        if (!isAgent(idOrAlias)) {
            throw notFound(idOrAlias);
        }
        return Agent.SEED_ID;
    }

    /** Whether an id or the alias {@code current} names an agent (see {@link #idOf}). */
    public static boolean isAgent(String idOrAlias) {
        return idOrAlias != null && Agent.SEED_ID.equals(resolve(idOrAlias));
    }

    private static String resolve(String idOrAlias) {
        return Agent.CURRENT_ALIAS.equals(idOrAlias) ? Agent.SEED_ID : idOrAlias;
    }

    private static ApiException notFound(String idOrAlias) {
        return ApiException.notFound("AGENT_NOT_FOUND",
                "No agent '" + idOrAlias + "'. Use 'current' or '" + Agent.SEED_ID + "'.");
    }

    /** Like {@link #find}, for a request: an unknown id is the client's 404 {@code AGENT_NOT_FOUND}. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Agent require(String idOrAlias) {
        return find(idOrAlias).orElseThrow(() -> notFound(idOrAlias));
    }

    /**
     * Locks the agent's row until the caller's transaction ends: changes to what the agent runs with take this
     * lock first, so they apply one after another even across processes sharing the database.
     */
    public Agent lockForChange(String idOrAlias) {
        Agent agent = em.find(Agent.class, resolve(idOrAlias), LockModeType.PESSIMISTIC_WRITE);
        if (agent == null) {
            throw notFound(idOrAlias);
        }
        return agent;
    }

    /**
     * Advances every agent's heartbeat to now. A READ lock like the rest: the row update serializes in the database,
     * and a WRITE lock here would make a beat that waits for a lifecycle change's row lock block that very change's
     * own calls into this registry — a deadlock only the database's lock timeout would end.
     */
    public void heartbeat() {
        var now = clock.instant();
        all().forEach(agent -> agent.beat(now));
    }
}
