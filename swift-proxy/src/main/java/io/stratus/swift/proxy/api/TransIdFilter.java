package io.stratus.swift.proxy.api;

import io.stratus.common.http.RequestIdFilter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Swift's X-Trans-Id on every answer: the same id as x-openstack-request-id. */
@Provider
public class TransIdFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object requestId = request.getProperty(RequestIdFilter.PROPERTY);
        if (requestId != null) {
            response.getHeaders().putSingle("X-Trans-Id", "tx" + requestId.toString().substring(4).replace("-", ""));
        }
    }
}
