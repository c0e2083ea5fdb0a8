package dev.facet.report.atlas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facet.spi.FacetException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Chrome DevTools Protocol client over the JDK's {@link WebSocket}: JSON commands with ids,
 * answered by futures, and events handed to listeners. Commands for a page go to its flattened
 * session ({@code sessionId}). Every wait has a timeout; a closed connection fails every pending
 * command.
 */
final class CdpConnection implements AutoCloseable {

    /** An event: its method, the session it came from ({@code null}: the browser) and its params. */
    record Event(String method, String sessionId, JsonNode params) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final Duration timeout;
    private volatile String closedBecause;

    private CdpConnection(URI endpoint, Duration timeout) {
        this.timeout = timeout;
        this.socket = await(HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(timeout)
                .buildAsync(endpoint, new Receiver()), timeout, "the DevTools connection to " + endpoint);
    }

    /** Connects to a DevTools websocket ({@code ws://127.0.0.1:PORT/devtools/browser/…}). */
    static CdpConnection open(URI endpoint, Duration timeout) {
        return new CdpConnection(endpoint, timeout);
    }

    /** Adds a listener for every event; it runs on the connection's thread and must not block. */
    void addListener(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /** A future completed by the next event {@code method} of {@code sessionId}. Register before causing it. */
    CompletableFuture<Event> nextEvent(String method, String sessionId) {
        CompletableFuture<Event> next = new CompletableFuture<>();
        Consumer<Event> waiter = new Consumer<>() {
            @Override
            public void accept(Event e) {
                if (e.method().equals(method) && java.util.Objects.equals(e.sessionId(), sessionId)) {
                    listeners.remove(this);
                    next.complete(e);
                }
            }
        };
        listeners.add(waiter);
        return next;
    }

    /** Sends a command and waits for its result. */
    JsonNode call(String sessionId, String method, Map<String, ?> params) {
        return await(send(sessionId, method, params), timeout, method);
    }

    /** Sends a command; the future completes with its {@code result} or fails with its error. */
    synchronized CompletableFuture<JsonNode> send(String sessionId, String method, Map<String, ?> params) {
        if (closedBecause != null) {
            return CompletableFuture.failedFuture(new FacetException("Cannot send " + method
                    + ": the DevTools connection is closed (" + closedBecause + ")"));
        }
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params == null ? Map.of() : params));
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        await(socket.sendText(message.toString(), true), timeout, "sending " + method);
        return result;
    }

    /** Waits for {@code future} at most {@code limit}; a timeout or failure names {@code what}. */
    static <T> T await(CompletableFuture<T> future, Duration limit, String what) {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new FacetException("Timed out after " + limit.toMillis() + " ms waiting for " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FacetException fe) {
                throw fe;
            }
            throw new FacetException("Failed waiting for " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FacetException("Interrupted waiting for " + what, e);
        }
    }

    @Override
    public void close() {
        fail("closed by the client");
        socket.abort();
    }

    private void fail(String why) {
        closedBecause = why;
        FacetException failure = new FacetException("The DevTools connection closed: " + why);
        pending.values().forEach(f -> f.completeExceptionally(failure));
        pending.clear();
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            fail("unreadable message " + text.substring(0, Math.min(200, text.length())));
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> result = pending.remove(message.get("id").asLong());
            if (result == null) {
                return;
            }
            if (message.has("error")) {
                result.completeExceptionally(new FacetException("DevTools error: " + message.get("error")));
            } else {
                result.complete(message.path("result"));
            }
        } else if (message.has("method")) {
            Event event = new Event(message.get("method").asText(),
                    message.hasNonNull("sessionId") ? message.get("sessionId").asText() : null,
                    message.path("params"));
            for (Consumer<Event> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    System.getLogger(CdpConnection.class.getName()).log(System.Logger.Level.WARNING,
                            "A DevTools event listener failed on " + event.method() + ": " + e, e);
                }
            }
        }
    }

    /** Reassembles fragmented text messages and dispatches them. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            fail("closed by the browser (" + statusCode + " " + reason + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fail(String.valueOf(error));
        }
    }
}
