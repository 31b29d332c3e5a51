package chart;

import static chart.K8s.list;
import static chart.K8s.metadata;
import static chart.K8s.object;
import static chart.K8s.roleRef;
import static chart.K8s.rule;
import static chart.K8s.subject;

import java.util.List;
import java.util.Map;

/** With more than one EPP replica: the Role and binding for leader election on a Lease. */
final class LeaderElectionRbacTemplate implements ChartTemplate {
    @Override
    public String source() {
        return "inferencepool/templates/leader-election-rbac.yaml";
    }

    @Override
    public List<Map<String, Object>> render(RenderContext c) {
        if (!c.highAvailability()) {
            return List.of();
        }
        String role = c.eppName() + "-leader-election";
        return List.of(
                object("rbac.authorization.k8s.io/v1", "Role", metadata(role, c.namespace(), c.commonLabels()),
                        "rules", list(
                                rule(list("coordination.k8s.io"), list("leases"),
                                        list("get", "list", "watch", "create", "update", "patch", "delete")),
                                rule(list(""), list("events"), list("create", "patch")))),
                object("rbac.authorization.k8s.io/v1", "RoleBinding", metadata(role + "-binding", c.namespace(), null),
                        "subjects", list(subject(c.eppName(), null)),
                        "roleRef", roleRef("Role", role)));
    }
}
