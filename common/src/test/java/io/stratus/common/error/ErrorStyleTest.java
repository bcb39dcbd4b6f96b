package io.stratus.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorStyleTest {

    @Test
    void computeFaultsAreNamedAsNovaNamesThem() {
        Map<Integer, String> names = Map.of(400, "badRequest", 404, "itemNotFound", 405, "badMethod", 406, "computeFault",
                409, "conflictingRequest", 413, "overLimit", 415, "badMediaType", 500, "computeFault", 503, "serviceUnavailable");
        names.forEach((status, name) -> assertEquals(Map.of(name, Map.of("code", status, "message", "m")), ErrorStyle.COMPUTE.body(status, "m")));
    }

    @Test
    void identityErrorsCarryTheirTitle() {
        assertEquals(Map.of("error", Map.of("code", 404, "title", "Not Found", "message", "m")), ErrorStyle.IDENTITY.body(404, "m"));
    }
}
