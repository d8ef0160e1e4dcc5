// Package validate decodes the Kubernetes and Istio resources mcp-authz ships (deploy/istio,
// deploy/k8s) into their own API types, strictly: an unknown or misspelled field, a duplicated
// key, a wrong value type or an unknown enum value is an error, as is a kind it cannot check.
package validate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	meshv1alpha1 "istio.io/api/mesh/v1alpha1"
	networking "istio.io/api/networking/v1alpha3"
	security "istio.io/api/security/v1beta1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// Kubernetes kinds: the whole document is the Go type.
var kubernetes = map[string]func() any{
	"v1/Namespace":        func() any { return &corev1.Namespace{} },
	"v1/ServiceAccount":   func() any { return &corev1.ServiceAccount{} },
	"v1/Service":          func() any { return &corev1.Service{} },
	"v1/ConfigMap":        func() any { return &corev1.ConfigMap{} },
	"v1/Secret":           func() any { return &corev1.Secret{} },
	"apps/v1/Deployment":  func() any { return &appsv1.Deployment{} },
	"apps/v1/StatefulSet": func() any { return &appsv1.StatefulSet{} },
}

// Istio kinds: Kubernetes metadata around a protobuf spec. The v1 and v1beta1 API versions are
// aliases of the same messages.
var istio = map[string]func() proto.Message{
	"security.istio.io/v1/AuthorizationPolicy":   func() proto.Message { return &security.AuthorizationPolicy{} },
	"security.istio.io/v1/PeerAuthentication":    func() proto.Message { return &security.PeerAuthentication{} },
	"security.istio.io/v1/RequestAuthentication": func() proto.Message { return &security.RequestAuthentication{} },
	"networking.istio.io/v1/DestinationRule":     func() proto.Message { return &networking.DestinationRule{} },
	"networking.istio.io/v1/VirtualService":      func() proto.Message { return &networking.VirtualService{} },
	"networking.istio.io/v1alpha3/EnvoyFilter":   func() proto.Message { return &networking.EnvoyFilter{} },
	"networking.istio.io/v1/ServiceEntry":        func() proto.Message { return &networking.ServiceEntry{} },
	"networking.istio.io/v1/Sidecar":             func() proto.Message { return &networking.Sidecar{} },
}

var strictProto = protojson.UnmarshalOptions{DiscardUnknown: false}

// Resource is one YAML document of a file.
type Resource struct {
	File       string
	Index      int
	APIVersion string
	Kind       string
	Name       string
}

func (r Resource) String() string {
	return fmt.Sprintf("%s#%d %s %s", r.File, r.Index, r.Kind, r.Name)
}

// envelope is what every resource has around its spec.
type envelope struct {
	APIVersion string            `json:"apiVersion"`
	Kind       string            `json:"kind"`
	Metadata   metav1.ObjectMeta `json:"metadata"`
	Spec       json.RawMessage   `json:"spec"`
}

// istioOperator is the part of install.istio.io/v1alpha1 IstioOperator mcp-authz ships: its
// meshConfig is decoded into Istio's MeshConfig; the other keys are only allowed to exist.
type istioOperatorSpec struct {
	MeshConfig json.RawMessage `json:"meshConfig"`
	Profile    string          `json:"profile,omitempty"`
	Revision   string          `json:"revision,omitempty"`
	Hub        string          `json:"hub,omitempty"`
	Tag        json.RawMessage `json:"tag,omitempty"`
	Components json.RawMessage `json:"components,omitempty"`
	Values     json.RawMessage `json:"values,omitempty"`
}

// File decodes every document of one YAML file.
func File(path string) ([]Resource, error) {
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	reader := k8syaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(content)))
	var resources []Resource
	for index := 0; ; index++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return resources, nil
		}
		if err != nil {
			return resources, fmt.Errorf("%s#%d: %w", path, index, err)
		}
		resource, err := Document(doc)
		resource.File, resource.Index = path, index
		if err != nil {
			return resources, fmt.Errorf("%s: %w", resource, err)
		}
		if resource.Kind != "" {
			resources = append(resources, resource)
		}
	}
}

// Document decodes one YAML document into the type its apiVersion and kind name.
func Document(doc []byte) (Resource, error) {
	data, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return Resource{}, err
	}
	if string(bytes.TrimSpace(data)) == "null" {
		return Resource{}, nil // an empty document, e.g. after a trailing ---
	}
	var head envelope // apiVersion and kind first; the strict decode follows in decode
	if _, err := kjson.UnmarshalStrict(data, &head); err != nil {
		return Resource{}, err
	}
	resource := Resource{APIVersion: head.APIVersion, Kind: head.Kind, Name: head.Metadata.Namespace + "/" + head.Metadata.Name}
	return resource, decode(head.APIVersion+"/"+head.Kind, data)
}

func decode(typeName string, data []byte) error {
	if newObject, ok := kubernetes[typeName]; ok {
		return strictJSON(data, newObject())
	}
	var head envelope
	if err := strictJSON(data, &head); err != nil {
		return err
	}
	if newSpec, ok := istio[typeName]; ok {
		return strictProto.Unmarshal(head.Spec, newSpec())
	}
	if typeName == "install.istio.io/v1alpha1/IstioOperator" {
		var spec istioOperatorSpec
		if err := strictJSON(head.Spec, &spec); err != nil {
			return err
		}
		return strictProto.Unmarshal(spec.MeshConfig, &meshv1alpha1.MeshConfig{})
	}
	return fmt.Errorf("no API type known for %s: add it to deploy/validate/resources.go", typeName)
}

// strictJSON decodes as the Kubernetes API server does: field names are case-sensitive (Go's
// encoding/json would take readOnlyRootFileSystem for readOnlyRootFilesystem), and unknown or
// duplicated fields are errors.
func strictJSON(data []byte, into any) error {
	strictErrs, err := kjson.UnmarshalStrict(data, into)
	if err != nil {
		return err
	}
	return errors.Join(strictErrs...)
}
