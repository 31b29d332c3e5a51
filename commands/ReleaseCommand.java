package commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import kube.ClusterException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import release.ChartProblemsException;

/**
 * Base of the commands that work on releases in a cluster: opens a session from the connection
 * flags, runs, and turns known failures into one-line messages (exit 1). Data goes to stdout,
 * progress and messages to stderr.
 */
abstract class ReleaseCommand implements Callable<Integer> {
    @Mixin
    KubeOptions kube = new KubeOptions();

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** How the session is opened; set by {@link PoolCommand}'s factory. */
    ReleaseSession.Opener opener = ReleaseSession::openCluster;

    /** Checks and parses local input (values, flags) before any cluster contact. */
    void prepare() {}

    /** Does the work; returns the exit code. */
    abstract int run(ReleaseSession session, PrintWriter out, PrintWriter err) throws Exception;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            prepare();
            try (var session = opener.open(kube, err)) {
                try {
                    return run(session, out, err);
                } catch (ClusterException e) {
                    boolean unreachable = e.kind() == ClusterException.Kind.UNREACHABLE && session.server() != null;
                    throw unreachable ? new UserError(e.getMessage() + " [server " + session.server() + "]") : e;
                }
            }
        } catch (ChartProblemsException e) {
            var message = new StringBuilder();
            message.append(e.problems().size() == 1 ? "1 problem" : e.problems().size() + " problems")
                    .append(" found; nothing was changed:");
            e.problems().forEach(p -> message.append("\n  - ").append(p));
            throw new UserError(message.toString());
        } catch (ClusterException | release.ReleaseException e) {
            throw new UserError(e.getMessage());
        } finally {
            out.flush();
            err.flush();
        }
    }
}
