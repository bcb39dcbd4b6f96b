package io.stratus.nova.api.config;

import io.agroal.api.AgroalDataSource;
import io.stratus.common.db.Db;
import io.stratus.common.policy.Policy;
import io.stratus.nova.api.repo.AggregateRepo;
import io.stratus.nova.api.repo.ComputeHostRepo;
import io.stratus.nova.api.repo.FlavorRepo;
import io.stratus.nova.api.repo.InstanceRepo;
import io.stratus.nova.api.repo.KeypairRepo;
import io.stratus.nova.api.repo.QuotaRepo;
import io.stratus.nova.api.repo.ServerGroupRepo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/** nova-api's plain objects, built from its datasource, and its policy defaults (Nova's, for what exists so far). */
@ApplicationScoped
public class NovaBeans {

    static final Map<String, String> POLICY_DEFAULTS = Map.ofEntries(
            Map.entry("admin_api", "role:admin"),
            Map.entry("os_compute_api:os-flavor-manage:create", "rule:admin_api"),
            Map.entry("os_compute_api:os-flavor-manage:delete", "rule:admin_api"),
            Map.entry("os_compute_api:os-flavor-extra-specs:create", "rule:admin_api"),
            Map.entry("os_compute_api:os-flavor-extra-specs:update", "rule:admin_api"),
            Map.entry("os_compute_api:os-flavor-extra-specs:delete", "rule:admin_api"),
            Map.entry("os_compute_api:os-flavor-access", "rule:admin_api"),
            Map.entry("os_compute_api:os-flavor-access:add_tenant_access", "rule:admin_api"),
            Map.entry("os_compute_api:os-flavor-access:remove_tenant_access", "rule:admin_api"),
            Map.entry("os_compute_api:os-server-groups:create", "role:member or role:admin"),
            Map.entry("os_compute_api:os-server-groups:index:all_projects", "rule:admin_api"),
            Map.entry("os_compute_api:os-services:list", "rule:admin_api"),
            Map.entry("os_compute_api:os-services:update", "rule:admin_api"),
            Map.entry("os_compute_api:os-services:delete", "rule:admin_api"),
            Map.entry("os_compute_api:os-hypervisors:list", "rule:admin_api"),
            Map.entry("os_compute_api:os-aggregates:index", "rule:admin_api"),
            Map.entry("os_compute_api:os-aggregates:create", "rule:admin_api"),
            Map.entry("os_compute_api:os-aggregates:show", "rule:admin_api"),
            Map.entry("os_compute_api:os-aggregates:update", "rule:admin_api"),
            Map.entry("os_compute_api:os-aggregates:delete", "rule:admin_api"),
            Map.entry("os_compute_api:os-aggregates:add_host", "rule:admin_api"),
            Map.entry("os_compute_api:os-aggregates:remove_host", "rule:admin_api"),
            Map.entry("os_compute_api:os-aggregates:set_metadata", "rule:admin_api"),
            Map.entry("os_compute_api:os-quota-sets:show", "@"),
            Map.entry("os_compute_api:os-quota-sets:defaults", "@"),
            Map.entry("os_compute_api:os-quota-sets:update", "rule:admin_api"),
            Map.entry("os_compute_api:os-quota-sets:delete", "rule:admin_api"),
            Map.entry("os_compute_api:os-availability-zone:list", "@"),
            Map.entry("os_compute_api:os-availability-zone:detail", "rule:admin_api"),
            Map.entry("os_compute_api:servers:create", "role:member or role:admin"),
            Map.entry("os_compute_api:servers:index:get_all_tenants", "rule:admin_api"),
            Map.entry("os_compute_api:os-extended-server-attributes", "rule:admin_api"),
            Map.entry("os_compute_api:os-lock-server:unlock:unlock_override", "rule:admin_api"),
            Map.entry("os_compute_api:os-keypairs:index", "rule:admin_api or user_id:%(user_id)s"),
            Map.entry("os_compute_api:os-keypairs:show", "rule:admin_api or user_id:%(user_id)s"),
            Map.entry("os_compute_api:os-keypairs:create", "rule:admin_api or user_id:%(user_id)s"),
            Map.entry("os_compute_api:os-keypairs:delete", "rule:admin_api or user_id:%(user_id)s"),
            Map.entry("os_compute_api:os-instance-actions:events", "rule:admin_api"),
            Map.entry("os_compute_api:servers:show:host_status", "rule:admin_api"),
            Map.entry("os_compute_api:servers:trigger_crash_dump", "rule:admin_api or project_id:%(project_id)s"),
            Map.entry("os_compute_api:os-remote-consoles", "rule:admin_api or project_id:%(project_id)s"));

    @Produces
    @Singleton
    Db db(AgroalDataSource dataSource) {
        return new Db(dataSource);
    }

    @Produces
    @Singleton
    FlavorRepo flavorRepo(Db db) {
        return new FlavorRepo(db);
    }

    @Produces
    @Singleton
    KeypairRepo keypairRepo(Db db) {
        return new KeypairRepo(db);
    }

    @Produces
    @Singleton
    ServerGroupRepo serverGroupRepo(Db db) {
        return new ServerGroupRepo(db);
    }

    @Produces
    @Singleton
    ComputeHostRepo computeHostRepo(Db db) {
        return new ComputeHostRepo(db);
    }

    @Produces
    @Singleton
    AggregateRepo aggregateRepo(Db db) {
        return new AggregateRepo(db);
    }

    @Produces
    @Singleton
    InstanceRepo instanceRepo(Db db) {
        return new InstanceRepo(db);
    }

    @Produces
    @Singleton
    QuotaRepo quotaRepo(Db db) {
        return new QuotaRepo(db);
    }

    @Produces
    @Singleton
    Policy policy() {
        return Policy.of(POLICY_DEFAULTS);
    }
}
