package epp.kvevents;

import epp.datastore.Datastore;
import epp.datastore.Endpoint;
import epp.datastore.Objective;
import epp.datastore.PoolInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A datastore whose endpoints the test adds and removes, telling listeners as the real one does. */
public final class ListeningDatastore implements Datastore {
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private final List<EndpointListener> listeners = new CopyOnWriteArrayList<>();

    public void add(Endpoint endpoint) {
        endpoints.add(endpoint);
        listeners.forEach(l -> l.endpointAdded(endpoint));
    }

    public void remove(Endpoint endpoint) {
        endpoints.remove(endpoint);
        listeners.forEach(l -> l.endpointRemoved(endpoint));
    }

    @Override
    public Optional<PoolInfo> pool() {
        return Optional.empty();
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    @Override
    public Optional<Objective> objective(String name) {
        return Optional.empty();
    }

    @Override
    public void addListener(EndpointListener listener) {
        listeners.add(listener);
        endpoints.forEach(listener::endpointAdded);
    }
}
