package io.stratus.keystone.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * keystone-lite's default policy rules, in oslo.policy syntax. Overridable rule by rule with a YAML
 * file (`keystone.policy-file`). Cloud-wide administration needs the admin role; users manage their
 * own password, application credentials, EC2 credentials and tokens.
 */
public final class KeystonePolicies {

    private KeystonePolicies() {
    }

    public static Map<String, String> defaults() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("admin_required", "role:admin");
        rules.put("owner", "user_id:%(target.user.id)s");
        rules.put("admin_or_owner", "rule:admin_required or rule:owner");
        rules.put("token_subject", "user_id:%(target.token.user_id)s");
        rules.put("admin_or_token_subject", "rule:admin_required or rule:token_subject");
        rules.put("credential_owner", "user_id:%(target.credential.user_id)s");

        for (String action : new String[] {"validate_token", "check_token", "revoke_token"}) {
            rules.put("identity:" + action, "rule:admin_or_token_subject");
        }
        rules.put("identity:list_revoke_events", "rule:admin_required");

        rules.put("identity:get_domain", "rule:admin_required or domain_id:%(target.domain.id)s "
                + "or project_domain_id:%(target.domain.id)s");
        for (String action : new String[] {"list_domains", "create_domain", "update_domain", "delete_domain"}) {
            rules.put("identity:" + action, "rule:admin_required");
        }

        rules.put("identity:get_project", "rule:admin_required or project_id:%(target.project.id)s");
        rules.put("identity:list_user_projects", "rule:admin_or_owner");
        for (String action : new String[] {"list_projects", "create_project", "update_project", "delete_project"}) {
            rules.put("identity:" + action, "rule:admin_required");
        }

        rules.put("identity:get_user", "rule:admin_or_owner");
        rules.put("identity:change_password", "rule:owner");
        rules.put("identity:list_groups_for_user", "rule:admin_or_owner");
        for (String action : new String[] {"list_users", "create_user", "update_user", "delete_user"}) {
            rules.put("identity:" + action, "rule:admin_required");
        }

        for (String action : new String[] {"get_group", "list_groups", "create_group", "update_group", "delete_group",
                "list_users_in_group", "add_user_to_group", "check_user_in_group", "remove_user_from_group"}) {
            rules.put("identity:" + action, "rule:admin_required");
        }

        for (String action : new String[] {"get_role", "list_roles", "create_role", "update_role", "delete_role",
                "create_implied_role", "get_implied_role", "check_implied_role", "delete_implied_role", "list_implied_roles",
                "list_role_inference_rules", "list_grants", "create_grant", "check_grant", "revoke_grant",
                "list_role_assignments"}) {
            rules.put("identity:" + action, "rule:admin_required");
        }

        rules.put("identity:get_region", "");
        rules.put("identity:list_regions", "");
        for (String action : new String[] {"create_region", "update_region", "delete_region",
                "get_service", "list_services", "create_service", "update_service", "delete_service",
                "get_endpoint", "list_endpoints", "create_endpoint", "update_endpoint", "delete_endpoint"}) {
            rules.put("identity:" + action, "rule:admin_required");
        }

        for (String action : new String[] {"get_application_credential", "list_application_credentials",
                "delete_application_credential"}) {
            rules.put("identity:" + action, "rule:admin_or_owner");
        }
        rules.put("identity:create_application_credential", "rule:owner");

        rules.put("identity:list_credentials", "rule:admin_required");
        rules.put("identity:create_credential", "rule:admin_required or user_id:%(target.credential.user_id)s");
        for (String action : new String[] {"get_credential", "update_credential", "delete_credential"}) {
            rules.put("identity:" + action, "rule:admin_required or rule:credential_owner");
        }
        for (String action : new String[] {"ec2_create_credential", "ec2_list_credentials", "ec2_get_credential",
                "ec2_delete_credential"}) {
            rules.put("identity:" + action, "rule:admin_or_owner");
        }
        return rules;
    }
}
