package sh.ratri.annotations;

/**
 * How risky a {@link Tool} call is. Written lower-case on the wire ({@code "low"}, {@code "high"}).
 */
public enum RiskLevel {
    LOW, MEDIUM, HIGH, CRITICAL
}
