package io.stratus.nova.api.rest;

import jakarta.enterprise.context.RequestScoped;

/** The microversion the request being served asked for (2.1 until {@link Microversions} has read its headers). */
@RequestScoped
public class ApiVersion {

    private int minor = Microversions.MIN_MINOR;

    void set(int minor) {
        this.minor = minor;
    }

    /** Whether the request is served at 2.{@code minor} or later, the test for each version's changes. */
    public boolean atLeast(int minor) {
        return this.minor >= minor;
    }
}
