package io.stratus.keystone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.error.ApiException;
import io.stratus.keystone.repo.Records.User;
import io.stratus.keystone.service.PasswordHasher;
import io.stratus.keystone.service.SecurityRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** [security_compliance] rules on their own: expiry, minimum age, strength, history, lockout window. */
class SecurityRulesTest {

    private final PasswordHasher hasher = new PasswordHasher(4);
    private final Instant now = Instant.parse("2026-11-24T12:00:00Z");
    private final SecurityRules rules = new SecurityRules(OptionalInt.of(3), Duration.ofMinutes(30), 2, Duration.ofDays(1),
            Optional.of(Duration.ofDays(90)), Optional.of("^(?=.*\\d).{8,}$"), Optional.of("At least 8 characters with a digit."));

    private User user(Instant passwordCreated, Instant passwordExpires, int failures, Instant failedAt) {
        return new User("u", "n", "default", null, null, null, true, "h", passwordCreated, passwordExpires, failures, failedAt, null);
    }

    @Test
    void passwordsExpireWhenConfigured() {
        assertEquals(now.plus(Duration.ofDays(90)), rules.expiryOfPasswordSetAt(now));
        assertTrue(rules.isPasswordExpired(user(now, now.minusSeconds(1), 0, null), now));
        assertFalse(rules.isPasswordExpired(user(now, now.plusSeconds(1), 0, null), now));
        assertNull(SecurityRules.none().expiryOfPasswordSetAt(now));
    }

    @Test
    void minimumAgeStrengthAndHistory() {
        String first = hasher.hash("first-pass-1");
        User fresh = user(now.minus(Duration.ofHours(2)), null, 0, null);
        ApiException tooSoon = assertThrows(ApiException.class, () -> rules.checkChange(fresh, "other-pass-2", List.of(first), hasher, now));
        assertTrue(tooSoon.getMessage().contains("minimum password age"));
        User old = user(now.minus(Duration.ofDays(2)), null, 0, null);
        assertEquals(400, assertThrows(ApiException.class, () -> rules.checkChange(old, "short", List.of(), hasher, now)).status());
        assertThrows(ApiException.class, () -> rules.checkChange(old, "first-pass-1", List.of(first), hasher, now));
        rules.checkChange(old, "brand-new-3", List.of(first), hasher, now);
    }

    @Test
    void lockoutLastsItsDuration() {
        assertFalse(rules.isLockedOut(user(now, null, 2, now), now));
        assertTrue(rules.isLockedOut(user(now, null, 3, now.minusSeconds(60)), now));
        assertFalse(rules.isLockedOut(user(now, null, 3, now.minus(Duration.ofMinutes(31))), now));
        assertTrue(rules.lockExpired(user(now, null, 3, now.minus(Duration.ofMinutes(31))), now));
    }

    @Test
    void longSecretsCountEveryByte() {
        String longSecret = "x".repeat(100);
        String hash = hasher.hash(longSecret);
        assertTrue(hasher.matches(longSecret, hash));
        assertFalse(hasher.matches(longSecret + "y", hash));
        assertFalse(hasher.matches("x".repeat(72), hash));
    }
}
