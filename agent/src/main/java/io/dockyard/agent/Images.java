package io.dockyard.agent;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.exception.NotFoundException;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Images as the agent needs them: use the local one when present ("cached"), pull only when missing. */
final class Images {
    /** The image could not be had; the message is the ECS-style reason. */
    static final class PullError extends RuntimeException {
        PullError(String message) { super(message); }
    }

    private Images() {}

    /** Makes sure {@code image} is present; returns its digest (repo digest when known, else the image id). */
    static String ensure(Engine engine, String image, RegistryLogin login) {
        return ensure(engine, image, () -> login.forImage(image));
    }

    /**
     * Pulls {@code image} even when present (ECS's default pull behaviour), so that the registry authorizes it: used in
     * secure mode for images of Dockyard's registry, whose pulls are the execution role's. Returns its digest.
     */
    static String refresh(Engine engine, String image, java.util.Optional<com.github.dockerjava.api.model.AuthConfig> auth) {
        pull(engine, image, auth);
        InspectImageResponse r = inspect(engine, image);
        if (r == null) throw new PullError("CannotPullContainerError: " + image + ": image not found after pull");
        return digest(r, image);
    }

    /** As {@link #ensure(Engine, String, RegistryLogin)}, pulling with the registry credentials {@code auth} finds (resolved only for a pull). */
    static String ensure(Engine engine, String image, java.util.function.Supplier<java.util.Optional<com.github.dockerjava.api.model.AuthConfig>> auth) {
        InspectImageResponse r = inspect(engine, image);
        if (r == null) {
            pull(engine, image, auth.get());
            r = inspect(engine, image);
            if (r == null) throw new PullError("CannotPullContainerError: " + image + ": image not found after pull");
        }
        return digest(r, image);
    }

    /** The digest of a locally present image, or null when the engine does not have it. */
    static String digestIfPresent(Engine engine, String image) {
        InspectImageResponse r = inspect(engine, image);
        return r == null ? null : digest(r, image);
    }

    private static InspectImageResponse inspect(Engine engine, String image) {
        try {
            return engine.client().inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static void pull(Engine engine, String image, java.util.Optional<com.github.dockerjava.api.model.AuthConfig> auth) {
        String[] ref = split(image);
        PullCallback cb = new PullCallback();
        try {
            var cmd = engine.client().pullImageCmd(ref[0]).withTag(ref[1]);
            auth.ifPresent(cmd::withAuthConfig);
            cmd.exec(cb);
            if (!cb.done.await(10, TimeUnit.MINUTES)) throw new PullError("CannotPullContainerError: " + image + ": pull timed out");
            if (cb.error != null) throw new PullError("CannotPullContainerError: Error response from daemon: " + cb.error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullError("CannotPullContainerError: " + image + ": interrupted");
        } catch (PullError e) {
            throw e;
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().strip();
            throw new PullError("CannotPullContainerError: Error response from daemon: " + msg.replaceFirst("^Status \\d+: ", ""));
        }
    }

    /** Collects the outcome of a pull without logging (the reason goes into the task's report). */
    private static final class PullCallback implements ResultCallback<PullResponseItem> {
        final CountDownLatch done = new CountDownLatch(1);
        volatile String error;
        private volatile Closeable stream;

        @Override public void onStart(Closeable s) { stream = s; }
        @Override public void onNext(PullResponseItem item) {
            if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) error = item.getErrorDetail().getMessage();
            else if (item.getError() != null) error = item.getError();
        }
        @Override public void onError(Throwable t) {
            String m = t.getMessage() == null ? t.toString() : t.getMessage().strip();
            error = m.replaceFirst("^Status \\d+: ", "").replaceFirst("^\\{\"message\":\"(.*)\"}$", "$1");
            done.countDown();
            close();
        }
        @Override public void onComplete() { done.countDown(); }
        @Override public void close() {
            try {
                if (stream != null) stream.close();
            } catch (IOException ignored) {
                // done
            }
        }
    }

    /** repository and tag (or digest) of an image reference; the tag defaults to latest. */
    static String[] split(String image) {
        int at = image.indexOf('@');
        if (at > 0) return new String[] {image.substring(0, at), image.substring(at + 1)};
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) return new String[] {image.substring(0, colon), image.substring(colon + 1)};
        return new String[] {image, "latest"};
    }

    private static String digest(InspectImageResponse r, String image) {
        String repo = split(image)[0];
        if (r.getRepoDigests() != null) {
            for (String d : r.getRepoDigests()) {
                int at = d.indexOf('@');
                if (at > 0 && d.substring(0, at).endsWith(repo)) return d.substring(at + 1);
            }
            if (!r.getRepoDigests().isEmpty()) {
                String d = r.getRepoDigests().get(0);
                return d.substring(d.indexOf('@') + 1);
            }
        }
        return r.getId();
    }
}
