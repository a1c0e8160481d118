package xyz.halyrd.strategy.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;

/** A token ranked for the watchlist: its place, its score in [0, 1] and why, in numbers. */
@JsonbPropertyOrder({"token", "rank", "score", "reason"})
public record Candidate(String token, int rank, BigDecimal score, String reason) {
}
