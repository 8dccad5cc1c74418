package sh.ratri.agent.weave.recognize;

import sh.ratri.agent.timeline.LlmCall;
import sh.ratri.agent.timeline.LlmResponse;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/**
 * A framework's reply handler (LangChain4j's {@code StreamingChatResponseHandler}) as the model
 * receives it: the same interface, forwarding every method to the application's handler, that ends
 * the call when the complete reply or the error arrives, on whichever thread the model calls it.
 * The call ends before the application's handler runs, so that a model call the handler makes
 * (an AI service's next turn) is a call of its own.
 */
final class ReplyHandler implements InvocationHandler {

    private final Object handler;
    private final LlmCall call;
    private final String complete;
    private final String error;
    private final Function<Object, LlmResponse> reading;

    private ReplyHandler(Object handler, LlmCall call, String complete, String error,
                         Function<Object, LlmResponse> reading) {
        this.handler = handler;
        this.call = call;
        this.complete = complete;
        this.error = error;
        this.reading = reading;
    }

    /**
     * A stand-in for {@code handler} implementing the interface named {@code type} whose one-argument
     * methods {@code complete} and {@code error} receive the reply ({@code reading} reads it) or the
     * error; null when {@code handler} implements no such interface.
     */
    static Object of(Object handler, String type, LlmCall call, String complete, String error,
                     Function<Object, LlmResponse> reading) {
        Class<?> handlerType = StreamedReply.interfaceNamed(handler, type);
        if (handlerType == null) {
            return null;
        }
        return Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                new ReplyHandler(handler, call, complete, error, reading));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getParameterCount() == 1) {
            if (method.getName().equals(complete)) {
                end(args[0]);
            } else if (method.getName().equals(error) && args[0] instanceof Throwable failure) {
                call.fail(failure, LlmResponse.NONE);
            }
        }
        if (method.getDeclaringClass() == Object.class && method.getName().equals("equals")) {
            return proxy == args[0];
        }
        try {
            return method.invoke(handler, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private void end(Object reply) {
        LlmResponse response;
        try {
            response = reading.apply(reply);
        } catch (Throwable unreadable) {
            response = LlmResponse.NONE;
        }
        call.end(response);
    }
}
