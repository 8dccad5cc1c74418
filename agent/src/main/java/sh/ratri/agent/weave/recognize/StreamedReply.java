package sh.ratri.agent.weave.recognize;

import sh.ratri.agent.timeline.LlmCall;
import sh.ratri.agent.timeline.LlmReplyParts;
import sh.ratri.agent.timeline.LlmResponse;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A provider SDK's streamed reply ({@code StreamResponse}: {@code stream()} of parts, {@code close()})
 * as the caller receives it: the same interface, whose stream hands each part to the call's
 * {@link LlmReplyParts} and ends the call when the last part has been read, when reading fails, or
 * when the caller closes the reply before the end.
 */
final class StreamedReply implements InvocationHandler {

    private final Object reply;
    private final LlmCall call;
    private final LlmReplyParts parts;

    private StreamedReply(Object reply, LlmCall call, LlmReplyParts parts) {
        this.reply = reply;
        this.call = call;
        this.parts = parts;
    }

    /**
     * A stand-in for {@code reply} implementing {@code type} (an interface of the SDK), or
     * {@code reply} itself, with the call ended now, when none can be made.
     */
    static Object of(Class<?> type, Object reply, LlmCall call, LlmReplyParts parts) {
        if (reply == null || type == null || !type.isInterface() || !type.isInstance(reply)) {
            call.end(LlmResponse.NONE);
            return reply;
        }
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new StreamedReply(reply, call, parts));
    }

    /** The SDK interface named {@code name} that {@code reply}'s class implements; null when none. */
    static Class<?> interfaceNamed(Object reply, String name) {
        for (Class<?> c = reply == null ? null : reply.getClass(); c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
            }
        }
        return null;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("stream") && method.getParameterCount() == 0) {
            return observed((Stream<?>) forward(method, args));
        }
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
            try {
                return forward(method, args);
            } finally {
                end(); // closed before its last part: what arrived is the reply
            }
        }
        if (method.getDeclaringClass() == Object.class && method.getName().equals("equals")) {
            return proxy == args[0];
        }
        return forward(method, args);
    }

    private Object forward(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(reply, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Stream<?> observed(Stream<?> source) {
        Spliterator<?> parts = source.spliterator();
        Spliterator<Object> reading = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                parts.characteristics() & ~(Spliterator.SIZED | Spliterator.SUBSIZED)) {
            @Override
            public boolean tryAdvance(Consumer<? super Object> action) {
                Object[] part = new Object[1];
                boolean more;
                try {
                    more = parts.tryAdvance(p -> part[0] = p);
                } catch (Throwable readingFailed) {
                    call.fail(readingFailed, response());
                    throw readingFailed;
                }
                if (!more) {
                    end();
                    return false;
                }
                add(part[0]);
                action.accept(part[0]);
                return true;
            }
        };
        return StreamSupport.stream(reading, false).onClose(source::close);
    }

    private void add(Object part) {
        if (call.isOpen()) {
            try {
                parts.add(part);
            } catch (Throwable unreadable) {
                // the part reaches the caller; the reply records what could be read
            }
        }
    }

    private void end() {
        call.end(response());
    }

    private LlmResponse response() {
        try {
            return parts.response();
        } catch (Throwable unreadable) {
            return LlmResponse.NONE;
        }
    }
}
