package io.mcpauthz.pep.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Kubernetes / Istio resources under {@code deploy/istio/}, read as plain YAML trees: Istio's
 * CRDs have no Java protos here, so tests check their structure and the fields mcp-authz needs.
 */
final class IstioResources {

  /** One document of a multi-document YAML file. */
  record Resource(Path file, JsonNode doc) {

    String kind() {
      return doc.path("kind").asText();
    }

    String name() {
      return doc.path("metadata").path("name").asText();
    }

    String namespace() {
      return doc.path("metadata").path("namespace").asText();
    }

    JsonNode spec() {
      return doc.path("spec");
    }

    @Override
    public String toString() {
      return file.getFileName() + ": " + kind() + " " + namespace() + "/" + name();
    }
  }

  private IstioResources() {
  }

  static List<Resource> all() {
    List<Resource> resources = new ArrayList<>();
    for (Path file : DeployFiles.yamlFiles("istio")) {
      DeployFiles.yamlDocuments(file).forEach(doc -> resources.add(new Resource(file, doc)));
    }
    return resources;
  }

  static List<Resource> ofKind(String kind) {
    return all().stream().filter(r -> r.kind().equals(kind)).toList();
  }

  /** The mesh's extensionProviders entries, from IstioOperator resources. */
  static List<JsonNode> extensionProviders() {
    List<JsonNode> providers = new ArrayList<>();
    for (Resource operator : ofKind("IstioOperator")) {
      operator.spec().path("meshConfig").path("extensionProviders").forEach(providers::add);
    }
    return providers;
  }

  /**
   * Whether {@code policy} also applies to the workload {@code workloadPolicy} selects: same
   * namespace, and the same selector or none (namespace-wide).
   */
  static boolean appliesTo(JsonNode policy, JsonNode workloadPolicy) {
    JsonNode meta = policy.path("metadata");
    JsonNode selector = policy.path("spec").path("selector");
    return meta.path("namespace").equals(workloadPolicy.path("metadata").path("namespace"))
        && (selector.isMissingNode() || selector.equals(workloadPolicy.path("spec").path("selector")));
  }

  static List<JsonNode> authorizationPolicies(String action) {
    return ofKind("AuthorizationPolicy").stream()
        .filter(r -> r.spec().path("action").asText("ALLOW").equals(action))
        .map(Resource::doc)
        .toList();
  }

  static List<JsonNode> rules(JsonNode policy) {
    List<JsonNode> rules = new ArrayList<>();
    policy.path("spec").path("rules").forEach(rules::add);
    return rules;
  }

  /** Every {@code to.operation.paths} entry of a policy's rules. */
  static Set<String> paths(JsonNode policy) {
    Set<String> paths = new TreeSet<>();
    policy.path("spec").path("rules").forEach(rule -> paths.addAll(rulePaths(rule)));
    return paths;
  }

  /** The {@code to.operation.paths} of one rule; empty when the rule matches any path. */
  static Set<String> rulePaths(JsonNode rule) {
    Set<String> paths = new TreeSet<>();
    for (JsonNode to : rule.path("to")) {
      JsonNode operationPaths = to.path("operation").path("paths");
      if (operationPaths.isEmpty()) {
        return Set.of();
      }
      operationPaths.forEach(p -> paths.add(p.asText()));
    }
    return paths;
  }

  static Set<String> keys(JsonNode node) {
    Set<String> keys = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }
}
