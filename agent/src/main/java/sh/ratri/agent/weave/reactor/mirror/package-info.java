/**
 * Stand-ins with the names' shapes of the Reactive Streams and Reactor types that the helpers in
 * {@code sh.ratri.agent.weave.reactor} name: the helpers compile against these, and
 * {@link sh.ratri.agent.weave.reactor.ReactorPublishers} renames every reference to the real types
 * when it defines the helpers in the application's class loader. They are never loaded, so the
 * agent needs no Reactor on its class path.
 */
package sh.ratri.agent.weave.reactor.mirror;
