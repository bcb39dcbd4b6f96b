package io.stratus.glance.registry.config;

import io.agroal.api.AgroalDataSource;
import io.stratus.common.db.Db;
import io.stratus.glance.registry.repo.ImageRepo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The registry's plain objects, built from its datasource. */
@ApplicationScoped
public class RegistryBeans {

    @Produces
    @Singleton
    ImageRepo imageRepo(AgroalDataSource dataSource) {
        return new ImageRepo(new Db(dataSource), Clock.systemUTC());
    }
}
