package io.stratus.keystone.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** keystone-lite settings: keystone.conf's [token], [security_compliance] and [identity] sections. */
@ConfigMapping(prefix = "keystone")
public interface KeystoneConfig {

    /** The URL clients reach identity at; defaults to the URL of each request. */
    Optional<String> publicUrl();

    /** A policy.yaml whose rules replace the defaults of the same name. */
    Optional<String> policyFile();

    Token token();

    Password password();

    SecurityCompliance securityCompliance();

    /** [token] */
    interface Token {
        /** How long a token lives (Keystone's [token] expiration). */
        @WithDefault("1h")
        Duration expiration();

        /** The folder of signing keys. */
        @WithDefault("${user.home}/.stratus/keystone/token-keys")
        String keyRepository();

        /** How many keys verify at once: the newest signs, older ones still verify live tokens. */
        @WithDefault("3")
        int maxActiveKeys();

        /** Whether a scoped token may be exchanged for a token of another scope. */
        @WithDefault("true")
        boolean allowRescopeScopedToken();
    }

    /** Password hashing. */
    interface Password {
        /** bcrypt cost (Keystone's password_hash_rounds). */
        @WithDefault("12")
        int hashRounds();
    }

    /** [security_compliance] */
    interface SecurityCompliance {
        /** Failed logins in a row that lock a user out; unset = never. */
        OptionalInt lockoutFailureAttempts();

        @WithDefault("30m")
        Duration lockoutDuration();

        /** How many previous passwords a new password may not repeat; 0 or 1 = only the current one is checked when set. */
        @WithDefault("0")
        int uniqueLastPasswordCount();

        /** How long a password must be kept before the user may change it again. */
        @WithDefault("0s")
        Duration minimumPasswordAge();

        /** How long a password is valid; unset = forever. */
        Optional<Duration> passwordExpiresAfter();

        /** A regular expression new passwords must match, and its human description. */
        Optional<String> passwordRegex();

        Optional<String> passwordRegexDescription();
    }
}
