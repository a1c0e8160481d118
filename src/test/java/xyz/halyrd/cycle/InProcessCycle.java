package xyz.halyrd.cycle;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.persistence.jpa.PersistenceProvider;
import xyz.halyrd.ScriptedMarket;
import xyz.halyrd.access.control.Caller;
import xyz.halyrd.agent.control.AgentRegistry;
import xyz.halyrd.agent.entity.Agent;
import xyz.halyrd.backtest.control.BacktestEvidence;
import xyz.halyrd.chain.control.ChainConnection;
import xyz.halyrd.cluster.control.Lease;
import xyz.halyrd.config.control.ConfigVersions;
import xyz.halyrd.config.control.StrategyEvidence;
import xyz.halyrd.config.entity.ConfigVersion;
import xyz.halyrd.cycle.control.CycleRun;
import xyz.halyrd.cycle.control.PassGate;
import xyz.halyrd.journal.control.Journal;
import xyz.halyrd.lifecycle.control.DrawdownWatch;
import xyz.halyrd.lifecycle.control.Evaluation;
import xyz.halyrd.lifecycle.control.Lifecycle;
import xyz.halyrd.lifecycle.control.StartJournal;
import xyz.halyrd.lifecycle.control.StatusChanges;
import xyz.halyrd.market.control.Market;
import xyz.halyrd.market.control.MarketFeed;
import xyz.halyrd.market.control.QuoteVerifier;
import xyz.halyrd.market.control.SharedSimulatedMarket;
import xyz.halyrd.market.control.SimulatedMarket;
import xyz.halyrd.market.entity.Token;
import xyz.halyrd.platform.Ids;
import xyz.halyrd.platform.SteppedClock;
import xyz.halyrd.platform.WallClock;
import xyz.halyrd.portfolio.control.LiveBooksCheck;
import xyz.halyrd.portfolio.control.LiveExecutor;
import xyz.halyrd.portfolio.control.PaperExecutor;
import xyz.halyrd.portfolio.control.Portfolio;
import xyz.halyrd.portfolio.control.Reconciliation;
import xyz.halyrd.risk.control.RiskEngine;
import xyz.halyrd.signer.control.LiveChain;
import xyz.halyrd.signer.control.Signer;

/**
 * The trading cycle outside the server: the real CycleRun and its real collaborators, wired by hand the way the
 * container wires them (fields by type, config keys with their defaults in code, {@code @PostConstruct} in start-up
 * order), over a real EclipseLink unit on an embedded Derby database, with resource-local transactions where the
 * container would begin them. What the container adds on top (pooling, the JTA manager, remote sockets) is not
 * what CycleRunTest checks, so it is not imitated.
 *
 * <p>Used by {@code CycleRunTest} and by the cycle benchmarks in {@code src/bench/java}.
 */
public final class InProcessCycle implements AutoCloseable {

    /** The entities of the persistence unit, listed as the server's scan would find them. */
    static final List<Class<?>> MANAGED = managedClasses();

    /**
     * What the server's persistence unit manages: persistence.xml lists no classes (exclude-unlisted-classes false),
     * so the container takes every entity, mapped superclass, embeddable and converter of the application — found
     * here the same way, by their annotations, so this list cannot fall out of step with the code.
     */
    private static List<Class<?>> managedClasses() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("xyz.halyrd").stream()
                .filter(c -> c.isAnnotatedWith(jakarta.persistence.Entity.class)
                        || c.isAnnotatedWith(jakarta.persistence.MappedSuperclass.class)
                        || c.isAnnotatedWith(jakarta.persistence.Embeddable.class)
                        || c.isAnnotatedWith(jakarta.persistence.Converter.class))
                .<Class<?>>map(JavaClass::reflect).toList();
    }

    /** An embedded Derby database that outlives the processes (InProcessCycles) opened over it until dropped. */
    public record Database(String url, String dropUrl, String driver, String user, String password)
            implements AutoCloseable {

        static {
            // Derby would write derby.log into the working directory; keep it with the build output
            if (System.getProperty("derby.stream.error.file") == null) {
                System.setProperty("derby.stream.error.file", "target/derby-in-process.log");
            }
        }

        private static final String DERBY = "org.apache.derby.jdbc.EmbeddedDriver";

        public static Database inMemory(String name) {
            return new Database("jdbc:derby:memory:" + name + ";create=true", "jdbc:derby:memory:" + name + ";drop=true",
                    DERBY, null, null);
        }

        /** A file database: what the uber-jar runs on, so commits pay for the disk. */
        public static Database inDirectory(Path directory) {
            return new Database("jdbc:derby:directory:" + directory.toAbsolutePath() + ";create=true",
                    "jdbc:derby:directory:" + directory.toAbsolutePath() + ";shutdown=true", DERBY, null, null);
        }

        /** A PostgreSQL database that someone else made and drops (a hosted deployment's). */
        public static Database postgres(String url, String user, String password) {
            return new Database(url, null, "org.postgresql.Driver", user, password);
        }

        /** A fresh factory over this database, the way a new process would get one. */
        EntityManagerFactory open() {
            Map<String, Object> properties = new HashMap<>();
            properties.put("jakarta.persistence.jdbc.driver", driver);
            properties.put("jakarta.persistence.jdbc.url", url);
            if (user != null) {
                properties.put("jakarta.persistence.jdbc.user", user);
                properties.put("jakarta.persistence.jdbc.password", password);
            }
            // as in src/main/resources/META-INF/persistence.xml
            properties.put("eclipselink.ddl-generation", "create-or-extend-tables");
            properties.put("eclipselink.ddl-generation.output-mode", "database");
            properties.put("eclipselink.logging.level", "WARNING");
            properties.put("eclipselink.logging.parameters", "false");
            properties.put("eclipselink.weaving", "false"); // no agent outside the server; nothing here is lazy
            return new PersistenceProvider().createContainerEntityManagerFactory(unit(properties), properties);
        }

        /** Drops an in-memory database (shuts a file database down); Derby says so with an exception. */
        @Override
        public void close() {
            if (dropUrl == null) {
                return;
            }
            try {
                DriverManager.getConnection(dropUrl).close();
            } catch (SQLException expected) {
                if (!expected.getSQLState().startsWith("08006") && !expected.getSQLState().startsWith("XJ004")) {
                    throw new IllegalStateException("could not close " + url, expected);
                }
            }
        }
    }

    private final Transactions tx;
    private final Map<Class<?>, Object> beans = new HashMap<>();
    private final Map<String, String> config;
    /** The config keys the beans read, so that a test's key nobody reads is refused rather than ignored. */
    private final List<String> readKeys = new ArrayList<>();
    private final List<Object> committed = new CopyOnWriteArrayList<>();
    private final TransactionalCycleRun cycle = new TransactionalCycleRun();
    private final ScriptedMarket market = new ScriptedMarket();
    /** The wall clock (the trading lease's): it stands still unless a test moves it, so no lease runs out by itself. */
    private final SteppedClock wall;

    /** Where a process's wall clock stands unless the test gives it one. */
    public static final Instant WALL_START = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * A process over {@code database}: every singleton new, the seed agent and the initial config created on the
     * first start and read back on later ones. {@code config} overrides MicroProfile Config keys; unknown keys fail.
     */
    public InProcessCycle(Database database, Clock clock, Map<String, String> config) {
        this(database, clock, config, new SimulatedMarket(clock, 42, Duration.ofDays(8), SimulatedMarket.Anomalies.NONE));
    }

    /**
     * A process whose unscripted tokens trade on {@code simulated} (the demo's market, say) instead of the default
     * quiet one (seed 42, no bad quotes).
     */
    public InProcessCycle(Database database, Clock clock, Map<String, String> config, SimulatedMarket simulated) {
        this(database, clock, config, simulated, new SteppedClock(WALL_START));
    }

    /**
     * A process whose trading lease counts time on {@code wall}: processes sharing one database and one such clock
     * contend for the lease as nodes do.
     */
    public InProcessCycle(Database database, Clock clock, Map<String, String> config, SimulatedMarket simulated,
            SteppedClock wall) {
        this.wall = wall;
        this.config = Map.copyOf(config);
        this.tx = new Transactions(database.open(), committed);
        cycle.tx = tx;
        bind(Clock.class, clock);
        bind(Ids.class, new Ids(clock));
        bind(PassGate.class, new PassGate());
        bind(Lease.class, new Lease());
        // unscripted tokens fall through to the simulated market, as in ScriptedMarket's own deployment
        bind(SharedSimulatedMarket.class, new SharedSimulatedMarket(simulated));
        bind(Market.class, new Market());
        bind(ScriptedMarket.class, market);
        bind(MarketFeed.class, market);
        bind(Journal.class, new Journal());
        bind(Caller.class, new Caller()); // nobody asked: the agent acts by itself, as on the timer
        bind(Signer.class, new Signer());
        bind(AgentRegistry.class, new AgentRegistry());
        bind(StatusChanges.class, new StatusChanges());
        bind(ConfigVersions.class, new ConfigVersions());
        bind(StrategyEvidence.class, new BacktestEvidence());
        bind(QuoteVerifier.class, new QuoteVerifier());
        bind(Portfolio.class, new Portfolio());
        bind(PaperExecutor.class, new PaperExecutor());
        bind(RiskEngine.class, new RiskEngine());
        // live mode as the embedded default has it: no chain configured, so live is unavailable and the cycle paper-only
        Config keys = configView();
        bind(Config.class, keys);
        bind(ChainConnection.class, new ChainConnection(key -> keys.getOptionalValue(key, String.class),
                Token.symbols()));
        bind(LiveChain.class, new LiveChain());
        bind(Reconciliation.class, new Reconciliation());
        bind(LiveExecutor.class, new LiveExecutor());
        bind(LiveBooksCheck.class, new LiveBooksCheck());
        bind(Evaluation.class, new Evaluation());
        bind(Lifecycle.class, new Lifecycle());
        bind(StartJournal.class, new StartJournal());
        bind(DrawdownWatch.class, new DrawdownWatch());
        bind(CycleRun.class, cycle);
        for (Object bean : new LinkedHashSet<>(beans.values())) {
            wire(bean);
        }
        List<String> unused = new ArrayList<>(this.config.keySet());
        unused.removeAll(readKeys);
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("no bean reads " + unused);
        }
        // @Startup order: AgentRegistry, then ConfigVersions (@DependsOn); each @PostConstruct in its own transaction
        for (Class<?> type : List.of(Market.class, AgentRegistry.class, ConfigVersions.class, QuoteVerifier.class)) {
            Object bean = beans.get(type);
            tx.runInNew(() -> postConstruct(bean));
        }
        renewLease(); // as the lease timer does at start, before the first pass
    }

    /** What the lease timer does at start and every renewal interval: take or renew the trading lease. */
    public void renewLease() {
        tx.requiresNew(() -> bean(Lease.class).renew());
    }

    /** The wall clock the trading lease counts on. */
    public SteppedClock wallClock() {
        return wall;
    }

    /** One pass of the cycle; whether it ran (this process held the trading lease). */
    public boolean pass() {
        return cycle.run();
    }

    /** What the trading cycle's timer does each time: a pass, then the lifecycle's own review. */
    public void tick() {
        if (cycle.run()) {
            tx.runInNew(() -> bean(Lifecycle.class).review(Agent.SEED_ID));
        }
    }

    public ScriptedMarket market() {
        return market;
    }

    public <T> T bean(Class<T> type) {
        return type.cast(beans.get(type));
    }

    /** Runs {@code work} in a transaction of its own, as a boundary (a resource, the timer) would begin one. */
    public <T> T inTransaction(Supplier<T> work) {
        return tx.requiresNew(work);
    }

    /** Runs {@code work} on the EntityManager of a transaction of its own: how a test reads what was committed. */
    public <T> T withEntityManager(Function<EntityManager, T> work) {
        return tx.requiresNew(() -> work.apply(tx.entityManager));
    }

    /** The events observers would have seen: fired in transactions that committed, in order. */
    public <T> List<T> events(Class<T> type) {
        return committed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Gives up the lease and closes the factory, as a process that stops cleanly would; the database stays. */
    @Override
    public void close() {
        try {
            tx.runInNew(() -> bean(Lease.class).release());
        } finally {
            tx.factory.close();
        }
    }

    // ---- wiring --------------------------------------------------------------------------------------------------

    private void bind(Class<?> type, Object bean) {
        beans.put(type, bean);
    }

    private void wire(Object bean) {
        for (Class<?> c = bean.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Object value;
                if (field.isAnnotationPresent(PersistenceContext.class)) {
                    value = tx.entityManager;
                } else if (field.isAnnotationPresent(Resource.class) && field.getType() == SessionContext.class) {
                    value = sessionContext();
                } else if (field.isAnnotationPresent(Inject.class)) {
                    value = injected(field);
                } else {
                    continue;
                }
                field.setAccessible(true);
                try {
                    field.set(bean, value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** MicroProfile Config over this process's keys: what {@code Config.getOptionalValue} is asked, it answers. */
    private Config configView() {
        return (Config) java.lang.reflect.Proxy.newProxyInstance(Config.class.getClassLoader(),
                new Class<?>[] {Config.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) { // the beans map keys it by identity
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "in-process config";
                        };
                    }
                    if (method.getName().equals("getOptionalValue") && args[1] == String.class) {
                        readKeys.add((String) args[0]);
                        return java.util.Optional.ofNullable(config.get((String) args[0]));
                    }
                    throw new IllegalStateException("the in-process config answers getOptionalValue(key, String) only,"
                            + " not " + method.getName());
                });
    }

    private Object injected(Field field) {
        if (field.isAnnotationPresent(WallClock.class)) {
            return wall;
        }
        ConfigProperty property = field.getAnnotation(ConfigProperty.class);
        if (property != null) {
            readKeys.add(property.name());
            if (field.getType() == java.util.Optional.class) { // Optional<String>: empty unless configured
                return java.util.Optional.ofNullable(config.get(property.name()));
            }
            return convert(config.getOrDefault(property.name(), property.defaultValue()), field.getType());
        }
        if (field.getType() == Event.class) {
            return new RecordingEvent<>(tx, this::observe);
        }
        if (field.getType() == Instance.class) {
            Class<?> of = (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
            return instanceOf(of);
        }
        Object bean = beans.get(field.getType());
        if (bean == null) {
            throw new IllegalStateException("nothing to inject into " + field);
        }
        return bean;
    }

    private static Object convert(String value, Class<?> type) {
        if (type == String.class) {
            return value;
        } else if (type == Duration.class) {
            return Duration.parse(value);
        } else if (type == BigDecimal.class) {
            return new BigDecimal(value);
        } else if (type == long.class || type == Long.class) {
            return Long.parseLong(value);
        } else if (type == int.class || type == Integer.class) {
            return Integer.parseInt(value);
        } else if (type == boolean.class || type == Boolean.class) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException("no conversion of config values to " + type);
    }

    /** An {@code Instance<T>} whose get() is the bean bound to T (Market picks its adapters through these). */
    private Instance<?> instanceOf(Class<?> type) {
        return (Instance<?>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Instance.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get") && (args == null || args.length == 0)) {
                        Object bean = beans.get(type);
                        if (bean == null) {
                            throw new IllegalStateException("no " + type.getSimpleName() + " in this process");
                        }
                        return bean;
                    }
                    return unsupported(method);
                });
    }

    /** The EJB context of CycleRun: its business object is the transactional subclass, so each turn is its own. */
    private SessionContext sessionContext() {
        return (SessionContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SessionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getBusinessObject") && args[0] == CycleRun.class) {
                        return cycle;
                    }
                    return unsupported(method);
                });
    }

    private static Object unsupported(Method method) {
        throw new UnsupportedOperationException(method.getName() + " is not needed in process");
    }

    private static void postConstruct(Object bean) {
        for (Method method : bean.getClass().getDeclaredMethods()) {
            if (method.isAnnotationPresent(PostConstruct.class)) {
                method.setAccessible(true);
                try {
                    method.invoke(bean);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static PersistenceUnitInfo unit(Map<String, Object> properties) {
        Properties asProperties = new Properties();
        asProperties.putAll(properties);
        ClassLoader loader = InProcessCycle.class.getClassLoader();
        Map<String, Object> answers = new HashMap<>();
        answers.put("getPersistenceUnitName", "halyrd-in-process");
        answers.put("getPersistenceProviderClassName", PersistenceProvider.class.getName());
        answers.put("getTransactionType", PersistenceUnitTransactionType.RESOURCE_LOCAL);
        answers.put("getManagedClassNames", MANAGED.stream().map(Class::getName).toList());
        answers.put("excludeUnlistedClasses", true);
        answers.put("getMappingFileNames", List.of());
        answers.put("getJarFileUrls", List.of());
        answers.put("getPersistenceUnitRootUrl", InProcessCycle.class.getProtectionDomain().getCodeSource().getLocation());
        // as in persistence.xml: every transaction reads what is committed
        answers.put("getSharedCacheMode", SharedCacheMode.NONE);
        answers.put("getValidationMode", ValidationMode.NONE);
        answers.put("getProperties", asProperties);
        answers.put("getPersistenceXMLSchemaVersion", "3.0");
        answers.put("getClassLoader", loader);
        answers.put("getNewTempClassLoader", loader);
        return (PersistenceUnitInfo) Proxy.newProxyInstance(loader, new Class<?>[] {PersistenceUnitInfo.class},
                (proxy, method, args) -> answers.get(method.getName())); // data sources: none; addTransformer: ignored
    }

    // ---- transactions --------------------------------------------------------------------------------------------

    /**
     * CycleRun with the container's transaction attributes applied by hand: each turn, snapshot and failure note
     * runs in a new transaction (REQUIRES_NEW), while {@code run()} itself runs outside one (NOT_SUPPORTED).
     */
    static final class TransactionalCycleRun extends CycleRun {

        Transactions tx;

        @Override
        public boolean turn(String agentId, Token token, ConfigVersion version) {
            return tx.requiresNew(() -> super.turn(agentId, token, version));
        }

        @Override
        public boolean snapshotIfDue(String agentId) {
            return tx.requiresNew(() -> super.snapshotIfDue(agentId));
        }

        @Override
        public void journalFailure(String what, String tag, RuntimeException failure) {
            tx.runInNew(() -> super.journalFailure(what, tag, failure));
        }
    }

    /**
     * Resource-local transactions on the calling thread, and the container-managed EntityManager every bean shares:
     * it stands for the current transaction's EntityManager, or, outside one, for a fresh one per call (closed at
     * the next), as a transaction-scoped persistence context does.
     */
    static final class Transactions {

        private final EntityManagerFactory factory;
        private final List<Object> committed;
        private final ThreadLocal<Transaction> current = new ThreadLocal<>();
        private final ThreadLocal<EntityManager> outside = new ThreadLocal<>();
        final EntityManager entityManager;

        private record Transaction(EntityManager em, List<Object> pending) {
        }

        Transactions(EntityManagerFactory factory, List<Object> committed) {
            this.factory = factory;
            this.committed = committed;
            this.entityManager = (EntityManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
                        try {
                            return method.invoke(entityManager(), args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        private EntityManager entityManager() {
            Transaction transaction = current.get();
            if (transaction != null) {
                return transaction.em();
            }
            EntityManager previous = outside.get();
            if (previous != null) {
                previous.close();
            }
            EntityManager fresh = factory.createEntityManager();
            outside.set(fresh);
            return fresh;
        }

        /** Suspends any transaction of this thread, runs {@code work} in a new one, commits or rolls back. */
        <T> T requiresNew(Supplier<T> work) {
            Transaction suspended = current.get();
            Transaction transaction = new Transaction(factory.createEntityManager(), new ArrayList<>());
            current.set(transaction);
            try {
                transaction.em().getTransaction().begin();
                T result = work.get();
                transaction.em().getTransaction().commit();
                committed.addAll(transaction.pending()); // what AFTER_SUCCESS observers would now be told
                return result;
            } finally {
                if (transaction.em().getTransaction().isActive()) {
                    transaction.em().getTransaction().rollback();
                }
                transaction.em().close();
                current.set(suspended);
            }
        }

        void runInNew(Runnable work) {
            requiresNew(() -> {
                work.run();
                return null;
            });
        }

        void fire(Object event) {
            Transaction transaction = current.get();
            if (transaction == null) {
                committed.add(event); // no transaction: observers hear at once
            } else {
                transaction.pending().add(event);
            }
        }
    }

    /**
     * What the container does for a synchronous {@code @Observes} (in progress): every bound bean's observer method
     * of the event's type is called at once, in the firing transaction (config's RunStarted → the lifecycle, the
     * registry's ServerStart → its journal). Observers after commit are the stream's, which is not wired here.
     */
    private void observe(Object event) {
        for (Object bean : new LinkedHashSet<>(beans.values())) {
            for (Class<?> c = bean.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Method method : c.getDeclaredMethods()) {
                    if (method.getParameterCount() == 1 && method.getParameterTypes()[0].isInstance(event)
                            && method.getParameters()[0].isAnnotationPresent(Observes.class)
                            && method.getParameters()[0].getAnnotation(Observes.class).during()
                                    == TransactionPhase.IN_PROGRESS) {
                        try {
                            method.setAccessible(true);
                            method.invoke(bean, event);
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        } catch (InvocationTargetException e) {
                            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
                        }
                    }
                }
            }
        }
    }

    /**
     * An Event that calls the synchronous observers at once and holds what is fired until its transaction commits
     * (for the observers after commit, which {@link #events} stands in for); a rollback forgets it.
     */
    static final class RecordingEvent<T> implements Event<T> {

        private final Transactions tx;
        private final java.util.function.Consumer<Object> observers;

        RecordingEvent(Transactions tx, java.util.function.Consumer<Object> observers) {
            this.tx = tx;
            this.observers = observers;
        }

        @Override
        public void fire(T event) {
            observers.accept(event);
            tx.fire(event);
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException("no asynchronous events in process");
        }

        @Override
        public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException("no asynchronous events in process");
        }

        @Override
        public Event<T> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException("no qualified events in process");
        }

        @Override
        public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException("no qualified events in process");
        }

        @Override
        public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException("no qualified events in process");
        }
    }
}
