package io.stratus.nova.scheduler.service;

import io.agroal.api.AgroalDataSource;
import io.stratus.common.db.Db;
import io.stratus.nova.scheduler.repo.SchedulerRepo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The scheduler's plain objects, built from its datasource. */
@ApplicationScoped
public class SchedulerBeans {

    @Produces
    @Singleton
    SchedulerRepo schedulerRepo(AgroalDataSource dataSource) {
        return new SchedulerRepo(new Db(dataSource));
    }
}
