package io.stratus.common.nova;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Nova daemons' topic names, from `nova.rpc-prefix`. */
@ApplicationScoped
public class NovaTopicsBeans {

    @ConfigProperty(name = "nova.rpc-prefix")
    Optional<String> prefix;

    @Produces
    @Singleton
    NovaTopics novaTopics() {
        return new NovaTopics(prefix.orElse(""));
    }
}
