package io.stratus.keystone.service;

import io.stratus.common.error.ApiException;
import io.stratus.keystone.repo.Records.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Keystone's [security_compliance] rules: lockout, password history, minimum age, expiry, strength. */
public final class SecurityRules {

    private final OptionalInt lockoutFailureAttempts;
    private final Duration lockoutDuration;
    private final int uniqueLastPasswordCount;
    private final Duration minimumPasswordAge;
    private final Optional<Duration> passwordExpiresAfter;
    private final Optional<Pattern> passwordRegex;
    private final String passwordRegexDescription;

    public SecurityRules(OptionalInt lockoutFailureAttempts, Duration lockoutDuration, int uniqueLastPasswordCount,
                         Duration minimumPasswordAge, Optional<Duration> passwordExpiresAfter, Optional<String> passwordRegex,
                         Optional<String> passwordRegexDescription) {
        this.lockoutFailureAttempts = lockoutFailureAttempts;
        this.lockoutDuration = lockoutDuration;
        this.uniqueLastPasswordCount = uniqueLastPasswordCount;
        this.minimumPasswordAge = minimumPasswordAge;
        this.passwordExpiresAfter = passwordExpiresAfter;
        this.passwordRegex = passwordRegex.map(Pattern::compile);
        this.passwordRegexDescription = passwordRegexDescription.orElse("The password does not meet the requirements.");
    }

    public static SecurityRules none() {
        return new SecurityRules(OptionalInt.empty(), Duration.ZERO, 0, Duration.ZERO, Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** True while the user is locked out after too many failed logins. */
    public boolean isLockedOut(User user, Instant now) {
        if (lockoutFailureAttempts.isEmpty() || user.failedAuthCount() < lockoutFailureAttempts.getAsInt()) {
            return false;
        }
        return user.failedAuthAt() != null && user.failedAuthAt().plus(lockoutDuration).isAfter(now);
    }

    /** A lock whose duration ran out is forgiven: the count starts again. */
    public boolean lockExpired(User user, Instant now) {
        return lockoutFailureAttempts.isPresent() && user.failedAuthCount() >= lockoutFailureAttempts.getAsInt()
                && !isLockedOut(user, now);
    }

    public boolean isPasswordExpired(User user, Instant now) {
        return user.passwordExpiresAt() != null && !user.passwordExpiresAt().isAfter(now);
    }

    public Instant expiryOfPasswordSetAt(Instant setAt) {
        return passwordExpiresAfter.map(setAt::plus).orElse(null);
    }

    /** Checks a new password's strength: 400 when it fails the configured regex. */
    public void checkStrength(String password) {
        if (passwordRegex.isPresent() && !passwordRegex.get().matcher(password).matches()) {
            throw ApiException.badRequest("Password validation error: " + passwordRegexDescription);
        }
    }

    /** Checks a self-service password change against minimum age and history. */
    public void checkChange(User user, String newPassword, List<String> previousHashes, PasswordHasher hasher, Instant now) {
        checkStrength(newPassword);
        if (!minimumPasswordAge.isZero() && user.passwordCreatedAt() != null
                && user.passwordCreatedAt().plus(minimumPasswordAge).isAfter(now)) {
            throw ApiException.badRequest("You cannot change your password at this time due to the minimum password age. "
                    + "Once you change your password, it must be used for " + minimumPasswordAge.toDays()
                    + " day(s) before it can be changed.");
        }
        if (uniqueLastPasswordCount > 0) {
            for (String hash : previousHashes) {
                if (hasher.matches(newPassword, hash)) {
                    throw ApiException.badRequest("Changed password cannot be identical to any of the last "
                            + uniqueLastPasswordCount + " password(s).");
                }
            }
        }
    }

    public int historyToCheck() {
        return Math.max(uniqueLastPasswordCount, 1);
    }
}
