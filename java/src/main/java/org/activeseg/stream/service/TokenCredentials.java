package org.activeseg.stream.service;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.concurrent.Executor;

/** A client's token, sent with every call as {@code authorization: Bearer TOKEN} (what {@link TokenCheck} expects). */
public final class TokenCredentials extends CallCredentials {
    private final String token;

    public TokenCredentials(String token) {
        this.token = token;
    }

    @Override
    public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata m = new Metadata();
        m.put(TokenCheck.AUTHORIZATION, "Bearer " + token);
        applier.apply(m);
    }
}
