// Jackson (the 2.x line fabric8 7 uses): YAML and JSON for values, manifests and release records.
// snakeyaml: the YAML 1.1 reader behind values.Yaml (Helm-exact scalars); the version
// jackson-dataformat-yaml 2.20 brings, named because values/ uses it directly.
//DEPS com.fasterxml.jackson:jackson-bom:2.20.1@pom
//DEPS com.fasterxml.jackson.core:jackson-databind
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml
//DEPS org.yaml:snakeyaml:2.4
