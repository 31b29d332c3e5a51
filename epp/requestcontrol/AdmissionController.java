package epp.requestcontrol;

import epp.datastore.Endpoint;
import java.util.List;

/** Decides whether a request may be scheduled now (epp.md §6). */
public interface AdmissionController {
    /** Returns normally when admitted; otherwise throws the error the client gets. */
    void admit(int priority, List<Endpoint> candidates) throws EppError;
}
