package io.cagekeeper.gateway.api;

import io.cagekeeper.gateway.http.Operations;

/**
 * One resource of the API (persons, visits, events …): a small class that routes its operations of
 * {@code openapi.yaml} through {@link Operations}, which has already authenticated, authorized and
 * validated each request. What it needs it gets by constructor.
 */
public interface ApiResource {

    void mount(Operations operations);
}
