package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shipped returns every YAML file under deploy/istio (and its rest-engine patch) and deploy/k8s.
func shipped(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{"../istio", "../istio/rest-engine", "../k8s"} {
		for _, pattern := range []string{"*.yaml", "*.yml"} {
			found, err := filepath.Glob(filepath.Join(dir, pattern))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, found...)
		}
	}
	if len(files) == 0 {
		t.Fatal("no deploy files found")
	}
	return files
}

func TestShippedResourcesDecodeStrictlyIntoTheirAPITypes(t *testing.T) {
	kinds := map[string]int{}
	for _, file := range shipped(t) {
		resources, err := File(file)
		if err != nil {
			t.Errorf("%v", err)
		}
		for _, r := range resources {
			kinds[r.Kind]++
		}
	}
	for _, kind := range []string{"StatefulSet", "Service", "AuthorizationPolicy", "PeerAuthentication",
		"DestinationRule", "EnvoyFilter", "IstioOperator"} {
		if kinds[kind] == 0 {
			t.Errorf("no %s checked (checked: %v)", kind, kinds)
		}
	}
}

// Each mistake is made once in the shipped file that contains the original text; the
// validator must reject the result and name the problem.
func TestRejectsAResourceWithAMistake(t *testing.T) {
	mistakes := []struct{ name, original, replacement, reported string }{
		{"misspelled Kubernetes field", "readOnlyRootFilesystem:", "readOnlyRootFileSystem:", "readOnlyRootFileSystem"},
		{"misspelled container field", "volumeMounts:", "volumeMount:", "volumeMount"},
		{"wrong Kubernetes value type", "replicas: 2", "replicas: two", "replicas"},
		{"misspelled provider field", "failOpen:", "failOpn:", "failOpn"},
		{"misspelled AuthorizationPolicy field", "principals:", "principal:", "principal"},
		{"unknown mTLS mode", "mode: STRICT", "mode: STRICTEST", "STRICTEST"},
		{"unknown TLS mode", "mode: ISTIO_MUTUAL", "mode: MUTUAL_ISTIO", "MUTUAL_ISTIO"},
		{"misspelled EnvoyFilter field", "configPatches:", "configPatch:", "configPatch"},
		{"unknown EnvoyFilter target", "applyTo: VIRTUAL_HOST", "applyTo: VIRTUALHOST", "VIRTUALHOST"},
		{"bad duration", "timeout: 1s", "timeout: 1000ms", "1000ms"},
		{"unknown kind", "kind: PeerAuthentication", "kind: PeerAuthenticaton", "PeerAuthenticaton"},
		{"duplicate key", "failOpen: false", "failOpen: false\n        failOpen: true", "failOpen"},
	}
	for _, m := range mistakes {
		t.Run(m.name, func(t *testing.T) {
			for _, file := range shipped(t) {
				content, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(content), m.original) {
					continue
				}
				broken := filepath.Join(t.TempDir(), filepath.Base(file))
				if err := os.WriteFile(broken, []byte(strings.Replace(string(content), m.original, m.replacement, 1)), 0o600); err != nil {
					t.Fatal(err)
				}
				_, err = File(broken)
				if err == nil || !strings.Contains(err.Error(), m.reported) {
					t.Fatalf("%s with a %s: want an error naming %q, got %v", filepath.Base(file), m.name, m.reported, err)
				}
				return
			}
			t.Fatalf("no shipped file contains %q to break", m.original)
		})
	}
}
