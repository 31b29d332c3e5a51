package chart;

import static chart.K8s.list;
import static chart.K8s.map;
import static chart.K8s.metadata;
import static chart.K8s.object;
import static chart.K8s.roleRef;
import static chart.K8s.rule;
import static chart.K8s.subject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The EPP's ServiceAccount and its RBAC: token/access reviews cluster-wide, pools and pods in the namespace. */
final class RbacTemplate implements ChartTemplate {
    @Override
    public String source() {
        return "inferencepool/templates/rbac.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        String epp = c.eppName();
        String ns = c.namespace();
        return List.of(
                object("v1", "ServiceAccount", metadata(epp, ns, c.commonLabels())),
                object("rbac.authorization.k8s.io/v1", "ClusterRole", metadata(c.clusterRbacName(), null, c.commonLabels()),
                        "rules", clusterRules(c)),
                object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", metadata(c.clusterRbacName(), null, null),
                        "subjects", list(subject(epp, ns)),
                        "roleRef", roleRef("ClusterRole", c.clusterRbacName())),
                object("rbac.authorization.k8s.io/v1", "Role", metadata(epp, ns, c.commonLabels()),
                        "rules", list(
                                rule(list("inference.networking.x-k8s.io"), list("inferenceobjectives"), readVerbs()),
                                rule(list(c.poolGroup()), list("inferencepools"), readVerbs()),
                                rule(list(""), list("pods"), readVerbs()))),
                object("rbac.authorization.k8s.io/v1", "RoleBinding", metadata(epp, ns, null),
                        "subjects", list(subject(epp, ns)),
                        "roleRef", roleRef("Role", epp)));
    }

    private static List<Object> clusterRules(RenderContext c) {
        List<Object> rules = new ArrayList<>(List.of(
                rule(list("authentication.k8s.io"), list("tokenreviews"), list("create")),
                rule(list("authorization.k8s.io"), list("subjectaccessreviews"), list("create"))));
        if (c.prometheusEnabled()) {
            rules.add(map("nonResourceURLs", list("/metrics"), "verbs", list("get")));
        }
        return rules;
    }

    private static List<Object> readVerbs() {
        return list("get", "watch", "list");
    }
}
