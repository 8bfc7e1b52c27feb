package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"
	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/policy"
)

// input is what the program reads: the objects policies attach to and the
// policies, policies oldest first (then by namespace and name), the order
// in which the engine gives precedence among equals.
type input struct {
	objects  policy.Objects
	policies []*RateShieldPolicy
}

// load decodes multi-document YAML. Documents of kinds the program does not
// use are noted on stderr and skipped; a document that does not decode is
// an error naming it.
func load(data []byte, stderr io.Writer) (*input, error) {
	in := &input{}
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	for n := 1; ; n++ {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", n, err)
		}
		if err := in.add(doc, stderr); err != nil {
			return nil, fmt.Errorf("document %d: %w", n, err)
		}
	}
	slices.SortStableFunc(in.policies, func(a, b *RateShieldPolicy) int {
		if c := a.CreationTimestamp.Compare(b.CreationTimestamp.Time); c != 0 {
			return c
		}
		return compareNames(a.Namespace, a.Name, b.Namespace, b.Name)
	})
	return in, nil
}

// add decodes one document by its group and kind.
func (in *input) add(doc []byte, stderr io.Writer) error {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return err
	}
	if head.APIVersion == "" && head.Kind == "" {
		return nil // empty document or comments only
	}
	gv, err := schema.ParseGroupVersion(head.APIVersion)
	if err != nil {
		return err
	}
	o := &in.objects
	switch gv.WithKind(head.Kind).GroupKind() {
	case schema.GroupKind{Group: GroupName, Kind: KindName}:
		// Strict, so that a misspelt vendor field is an error rather than a
		// setting silently left out.
		return decodeInto(doc, &in.policies, yaml.UnmarshalStrict)
	case schema.GroupKind{Group: gwapiv1.GroupName, Kind: policy.KindGateway}:
		return decodeInto(doc, &o.Gateways, yaml.Unmarshal)
	case schema.GroupKind{Group: gwapiv1.GroupName, Kind: policy.KindListenerSet}:
		return decodeInto(doc, &o.ListenerSets, yaml.Unmarshal)
	case schema.GroupKind{Group: gwapiv1.GroupName, Kind: policy.KindHTTPRoute}:
		return decodeInto(doc, &o.HTTPRoutes, yaml.Unmarshal)
	case schema.GroupKind{Group: gwapiv1.GroupName, Kind: "ReferenceGrant"}:
		return decodeInto(doc, &o.ReferenceGrants, yaml.Unmarshal)
	case schema.GroupKind{Kind: "Namespace"}:
		var ns corev1.Namespace
		if err := yaml.Unmarshal(doc, &ns); err != nil {
			return err
		}
		if o.NamespaceLabels == nil {
			o.NamespaceLabels = map[string]map[string]string{}
		}
		labels := ns.Labels
		if labels == nil {
			labels = map[string]string{}
		}
		o.NamespaceLabels[ns.Name] = labels
		return nil
	}
	fmt.Fprintf(stderr, "vendorpolicy: ignoring %s %s\n", head.APIVersion, head.Kind)
	return nil
}

// object is a pointer to a namespaced Kubernetes object type.
type object[T any] interface {
	*T
	GetNamespace() string
	SetNamespace(string)
}

// decodeInto decodes doc as a T, defaults its namespace to "default" and
// appends it to list.
func decodeInto[T any, P object[T]](doc []byte, list *[]P, unmarshal func([]byte, any, ...yaml.JSONOpt) error) error {
	p := P(new(T))
	if err := unmarshal(doc, p); err != nil {
		return err
	}
	if strings.TrimSpace(p.GetNamespace()) == "" {
		p.SetNamespace("default")
	}
	*list = append(*list, p)
	return nil
}

// routes returns the HTTPRoutes by namespace and name.
func (in *input) routes() []*gwapiv1.HTTPRoute {
	out := slices.Clone(in.objects.HTTPRoutes)
	slices.SortFunc(out, func(a, b *gwapiv1.HTTPRoute) int {
		return compareNames(a.Namespace, a.Name, b.Namespace, b.Name)
	})
	return out
}
