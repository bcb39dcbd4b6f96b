package io.stratus.cli;

import io.stratus.keystone.token.KeyRepository;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `stratus token-keys rotate|list`: manage keystone-lite's token signing keys (as keystone-manage fernet_rotate). */
@Command(name = "token-keys", mixinStandardHelpOptions = true,
        description = "Rotate or list keystone-lite's token signing keys. Running servers see a rotation within seconds.")
public class TokenKeysCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "rotate | list")
    String action;

    @Option(names = "--key-repository", defaultValue = "${env:STRATUS_HOME:-${sys:user.home}/.stratus}/keystone/token-keys")
    Path directory;

    @Option(names = "--max-active-keys", defaultValue = "3",
            description = "Keys kept after a rotation; older ones stop verifying (default: ${DEFAULT-VALUE}).")
    int maxActiveKeys;

    @Override
    public Integer call() {
        KeyRepository keys = new KeyRepository(directory, maxActiveKeys);
        switch (action) {
            case "rotate" -> {
                keys.initialise();
                System.out.println("new signing key: " + keys.rotate());
            }
            case "list" -> {
                keys.initialise();
                String signing = keys.current().keyId();
                keys.activeKeys().forEach(k -> System.out.println(k.keyId() + (k.keyId().equals(signing) ? "  (signing)" : "")));
            }
            default -> {
                System.err.println("stratus token-keys: unknown action '" + action + "' (rotate | list)");
                return 2;
            }
        }
        return 0;
    }
}
