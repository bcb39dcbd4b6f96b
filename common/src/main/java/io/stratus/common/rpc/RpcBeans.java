package io.stratus.common.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The process's one RabbitMQ connection, from `stratus.rabbitmq.*`. */
@ApplicationScoped
public class RpcBeans {

    @ConfigProperty(name = "stratus.rabbitmq.host", defaultValue = "127.0.0.1")
    String host;
    @ConfigProperty(name = "stratus.rabbitmq.port", defaultValue = "5672")
    int port;
    @ConfigProperty(name = "stratus.rabbitmq.username", defaultValue = "guest")
    String username;
    @ConfigProperty(name = "stratus.rabbitmq.password", defaultValue = "guest")
    String password;

    @Produces
    @Singleton
    RpcConnection rpcConnection() {
        return new RpcConnection(host, port, username, password);
    }

    void close(@Disposes RpcConnection connection) {
        connection.close();
    }
}
