package io.stratus.keystone.config;

import io.agroal.api.AgroalDataSource;
import io.stratus.common.token.KeyResolver;
import io.stratus.common.token.RevocationFeed;
import io.stratus.common.token.RevocationList;
import io.stratus.common.policy.Policy;
import io.stratus.common.token.TokenValidator;
import io.stratus.keystone.repo.CatalogRepo;
import io.stratus.keystone.repo.CredentialRepo;
import io.stratus.common.db.Db;
import io.stratus.keystone.repo.IdentityRepo;
import io.stratus.keystone.repo.RevocationRepo;
import io.stratus.keystone.repo.RoleRepo;
import io.stratus.keystone.service.AssignmentService;
import io.stratus.keystone.service.BootstrapService;
import io.stratus.keystone.service.CatalogService;
import io.stratus.keystone.service.PasswordHasher;
import io.stratus.keystone.service.RevocationService;
import io.stratus.keystone.service.SecurityRules;
import io.stratus.keystone.service.TokenService;
import io.stratus.keystone.token.KeyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/** Builds keystone-lite's plain services from configuration; they stay free of CDI so the CLI can reuse them. */
@ApplicationScoped
public class KeystoneBeans {

    @Produces
    @Singleton
    Db db(AgroalDataSource dataSource) {
        return new Db(dataSource);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    IdentityRepo identityRepo(Db db) {
        return new IdentityRepo(db);
    }

    @Produces
    @Singleton
    RoleRepo roleRepo(Db db) {
        return new RoleRepo(db);
    }

    @Produces
    @Singleton
    CatalogRepo catalogRepo(Db db) {
        return new CatalogRepo(db);
    }

    @Produces
    @Singleton
    CredentialRepo credentialRepo(Db db) {
        return new CredentialRepo(db);
    }

    @Produces
    @Singleton
    RevocationRepo revocationRepo(Db db) {
        return new RevocationRepo(db);
    }

    @Produces
    @Singleton
    @Typed(KeyRepository.class)
    KeyRepository keyRepository(KeystoneConfig config) {
        KeyRepository keys = new KeyRepository(Path.of(config.token().keyRepository()), config.token().maxActiveKeys());
        keys.initialise();
        return keys;
    }

    /** keystone-lite verifies tokens with its own key repository, not over HTTP. */
    @Produces
    @Singleton
    KeyResolver keyResolver(KeyRepository keys) {
        return keys;
    }

    @Produces
    @Singleton
    Policy policy(KeystoneConfig config) {
        return Policy.load(KeystonePolicies.defaults(), config.policyFile().map(Path::of).orElse(null));
    }

    @Produces
    @Singleton
    PasswordHasher passwordHasher(KeystoneConfig config) {
        return new PasswordHasher(config.password().hashRounds());
    }

    @Produces
    @Singleton
    SecurityRules securityRules(KeystoneConfig config) {
        KeystoneConfig.SecurityCompliance c = config.securityCompliance();
        return new SecurityRules(c.lockoutFailureAttempts(), c.lockoutDuration(), c.uniqueLastPasswordCount(),
                c.minimumPasswordAge(), c.passwordExpiresAfter(), c.passwordRegex(), c.passwordRegexDescription());
    }

    @Produces
    @Singleton
    AssignmentService assignmentService(IdentityRepo identity, RoleRepo roles) {
        return new AssignmentService(identity, roles);
    }

    @Produces
    @Singleton
    CatalogService catalogService(CatalogRepo catalog) {
        return new CatalogService(catalog);
    }

    @Produces
    @Singleton
    RevocationService revocationService(RevocationRepo repo, RevocationList local, RevocationFeed feed, Clock clock) {
        return new RevocationService(repo, local, feed::publish, clock);
    }

    @Produces
    @Singleton
    TokenService tokenService(IdentityRepo identity, CredentialRepo credentials, AssignmentService assignments, PasswordHasher hasher,
                              KeyRepository keys, TokenValidator validator, SecurityRules rules, Clock clock, KeystoneConfig config) {
        return new TokenService(identity, credentials, assignments, hasher, keys, validator, rules, clock,
                config.token().expiration(), config.token().allowRescopeScopedToken());
    }

    @Produces
    @Singleton
    BootstrapService bootstrapService(Db db, IdentityRepo identity, RoleRepo roles, CatalogRepo catalog, PasswordHasher hasher,
                                      Clock clock) {
        return new BootstrapService(db, identity, roles, catalog, hasher, clock);
    }
}
