package xyz.halyrd.config.entity;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The evaluation presets: coherent bundles of thresholds. Balanced is the default. */
public enum Preset {
    CONSERVATIVE(new EvaluationConfig(new BigDecimal("15"), new BigDecimal("5"), 3, 14, 15)),
    BALANCED(new EvaluationConfig(new BigDecimal("20"), new BigDecimal("8"), 4, 7, 10)),
    AGGRESSIVE(new EvaluationConfig(new BigDecimal("25"), new BigDecimal("12"), 5, 5, 8));

    /** What a new installation runs with. */
    public static final Preset DEFAULT = BALANCED;

    private final EvaluationConfig config;

    Preset(EvaluationConfig config) {
        this.config = config;
    }

    public EvaluationConfig config() {
        return config;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset named exactly as on the wire ({@code conservative}, {@code balanced}, {@code aggressive}). */
    public static Optional<Preset> byWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wire().equals(name)).findFirst();
    }
}
