package commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import release.GoJson;
import release.GoTime;
import release.PoolView;
import release.Release;
import release.ReleaseJson;
import values.Yaml;

/** Helm's output shapes for releases: the status block, list and history tables, JSON and YAML. */
final class ReleasePrinter {

    private ReleasePrinter() {}

    static void data(PrintWriter out, OutputOptions.Format format, Object tree) {
        try {
            if (format == OutputOptions.Format.YAML) {
                out.print(Yaml.write(Yaml.sortKeys(tree)));
            } else {
                out.println(GoJson.write(tree));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot print " + format + ": " + e.getMessage(), e);
        }
    }

    /** NAME … DESCRIPTION, the pool view when given, TEST SUITE, NOTES (as `helm status` / `helm install`). */
    static void statusBlock(PrintWriter out, Release r, PoolView pool, String manifest, boolean showNotes) {
        out.println("NAME: " + r.name());
        out.println("LAST DEPLOYED: " + GoTime.ansic(r.info().lastDeployed()));
        out.println("NAMESPACE: " + r.namespace());
        out.println("STATUS: " + r.status());
        out.println("REVISION: " + r.version());
        out.println("DESCRIPTION: " + r.info().description());
        if (pool != null) {
            poolView(out, r, pool);
        }
        out.println("TEST SUITE: None");
        if (manifest != null) {
            out.println("MANIFEST:");
            out.println(manifest);
        }
        if (showNotes && r.info().notes() != null && !r.info().notes().isBlank()) {
            out.println("NOTES:");
            out.println(r.info().notes().strip());
        }
    }

    private static void poolView(PrintWriter out, Release r, PoolView pool) {
        out.println("INFERENCE POOL:");
        if (pool.poolName() != null) {
            out.println("  InferencePool: " + pool.poolName() + (pool.selector() == null ? "" : " (selector " + pool.selector() + ")"));
        }
        if (pool.eppName() != null) {
            out.println("  Endpoint picker: Deployment " + pool.eppName() + " "
                    + (pool.eppReady() == null ? "missing" : pool.eppReady() + "/" + pool.eppWanted() + " ready")
                    + (pool.leader() == null ? "" : ", leader " + pool.leader()));
        }
        out.println("  Model servers: " + pool.modelServersReady() + "/" + pool.modelServersTotal() + " pods ready");
        if (pool.poolConditions().isEmpty()) {
            out.println("  Gateways: no parent Gateway has reported on this pool yet");
        } else {
            pool.poolConditions().forEach(c -> out.println("  " + c));
        }
        out.println("  Jaeger: " + (pool.jaegerEnabled()
                ? "on; open its UI with `pool port-forward-jaeger " + r.name() + " -n " + r.namespace() + "`"
                : "off"));
    }

    /** The release as `-o json|yaml` prints it; status drops the chart like Helm. */
    static Map<String, Object> releaseTree(Release r, boolean withChart) {
        var tree = new LinkedHashMap<>(ReleaseJson.tree(r));
        if (!withChart) {
            tree.remove("chart");
        }
        return tree;
    }

    /** Columns padded to their widest cell and separated by a tab, as Helm's tables are. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        var all = new ArrayList<List<String>>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (var row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], Math.min(60, row.get(i).length()));
            }
        }
        for (var row : all) {
            var line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i).length() > 60 ? row.get(i).substring(0, 57) + "..." : row.get(i);
                line.append(i == row.size() - 1 ? cell : pad(cell, widths[i]) + "\t");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
