package xyz.halyrd.risk.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import xyz.halyrd.platform.AppendOnly;

/**
 * An order one of the two safety layers refused: the policy layer (risk engine) or the signing layer (TWAK),
 * which rule, why in numbers, and the order's reference. Written once.
 */
@Entity
@EntityListeners(AppendOnly.class)
@Table(name = "RISK_BLOCK", indexes = @Index(name = "RISK_BLOCK_TS", columnList = "AGENT_ID, TS"))
@NamedQuery(name = RiskBlock.CHRONOLOGICAL,
        query = "SELECT b FROM RiskBlock b WHERE b.agentId = :agent ORDER BY b.id")
public class RiskBlock {

    public static final String CHRONOLOGICAL = "RiskBlock.chronological";

    /** Which layer refused: {@code policy} (risk engine) or {@code twak} (signing layer). */
    public enum Layer {
        POLICY, TWAK;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Id
    @Column(name = "ID", length = 40, updatable = false)
    private String id;

    @Column(name = "AGENT_ID", length = 64, nullable = false, updatable = false)
    private String agentId;

    @Column(name = "TS", nullable = false, updatable = false)
    private Instant ts;

    @Column(name = "LAYER", length = 8, nullable = false, updatable = false)
    private String layer;

    @Column(name = "RULE_NAME", length = 40, nullable = false, updatable = false)
    private String rule;

    @Column(name = "REASON", length = 1000, nullable = false, updatable = false)
    private String reason;

    @Column(name = "PAIR", length = 20, updatable = false)
    private String pair;

    @Column(name = "ORDER_REF", length = 40, nullable = false, updatable = false)
    private String orderRef;

    @Column(name = "CONFIG_VERSION_ID", length = 40, updatable = false)
    private String configVersionId;

    protected RiskBlock() {
    }

    public RiskBlock(String id, String agentId, Instant ts, Layer layer, String rule, String reason, String pair,
            String orderRef, String configVersionId) {
        this.id = Objects.requireNonNull(id);
        this.agentId = Objects.requireNonNull(agentId);
        this.ts = Objects.requireNonNull(ts);
        this.layer = layer.wire();
        this.rule = Objects.requireNonNull(rule);
        this.reason = Objects.requireNonNull(reason);
        this.pair = pair;
        this.orderRef = Objects.requireNonNull(orderRef);
        this.configVersionId = configVersionId;
    }

    public String id() {
        return id;
    }

    public Instant ts() {
        return ts;
    }

    public String layer() {
        return layer;
    }

    public String rule() {
        return rule;
    }

    public String reason() {
        return reason;
    }

    public String pair() {
        return pair;
    }

    public String orderRef() {
        return orderRef;
    }

    public String configVersionId() {
        return configVersionId;
    }
}
