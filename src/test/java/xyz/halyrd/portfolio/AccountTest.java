package xyz.halyrd.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import xyz.halyrd.config.entity.Preset;
import xyz.halyrd.portfolio.entity.Account;
import xyz.halyrd.risk.entity.RiskRules;

class AccountTest {

    private static final Instant T0 = Instant.parse("2026-11-22T23:30:00Z");
    private static final RiskRules RULES = Preset.BALANCED.config().riskRules(Duration.ofHours(6));

    @Test
    void theUtcDayOpensAtTheFirstEquitySeenAfterMidnightAndThePeakOnlyRises() {
        Account account = Account.open("seed", new BigDecimal("1000"), T0);
        account.markEquity(new BigDecimal("1040"), T0.plusSeconds(60));
        account.markEquity(new BigDecimal("990"), T0.plusSeconds(120));
        assertEquals(new BigDecimal("1040"), account.peakEquity());
        assertEquals(new BigDecimal("1000"), account.dayOpenEquity(), "still the same UTC day");

        account.markEquity(new BigDecimal("985"), Instant.parse("2026-11-23T00:00:05Z"));
        assertEquals(LocalDate.parse("2026-11-23"), account.day());
        assertEquals(new BigDecimal("985"), account.dayOpenEquity());
        assertEquals(new BigDecimal("1040"), account.peakEquity());
        assertEquals(new RiskRules.State(new BigDecimal("985"), new BigDecimal("1040"), new BigDecimal("985"), 0, null),
                account.riskState(new BigDecimal("985")));
    }

    @Test
    void cashIsPaidAndReceivedButNeverOverdrawn() {
        Account account = Account.open("seed", new BigDecimal("1000"), T0);
        account.pay(new BigDecimal("900"));
        account.receive(new BigDecimal("950.5"));
        assertEquals(new BigDecimal("1050.5"), account.cashUsdt());
        assertThrows(IllegalStateException.class, () -> account.pay(new BigDecimal("1050.51")));
        assertThrows(IllegalArgumentException.class, () -> account.receive(new BigDecimal("-1")));
        assertThrows(IllegalArgumentException.class, () -> Account.open("seed", BigDecimal.ZERO, T0));
    }

    @Test
    void fourLossesInARowStartTheCooldownAndAWinResetsTheStreak() {
        Account account = Account.open("seed", new BigDecimal("1000"), T0);
        for (int i = 1; i <= 3; i++) {
            account.recordClose(new BigDecimal("-1"), T0.plusSeconds(i), RULES);
        }
        assertNull(account.cooldownUntil());
        account.recordClose(new BigDecimal("-1"), T0.plusSeconds(4), RULES);
        assertEquals(4, account.lossStreak());
        assertEquals(T0.plusSeconds(4).plus(Duration.ofHours(6)), account.cooldownUntil());
        account.recordClose(new BigDecimal("2.5"), T0.plusSeconds(5), RULES);
        assertEquals(0, account.lossStreak());
    }
}
