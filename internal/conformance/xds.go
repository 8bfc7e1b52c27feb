package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	clusterv3 "github.com/envoyproxy/go-control-plane/envoy/config/cluster/v3"
	endpointv3 "github.com/envoyproxy/go-control-plane/envoy/config/endpoint/v3"
	listenerv3 "github.com/envoyproxy/go-control-plane/envoy/config/listener/v3"
	routev3 "github.com/envoyproxy/go-control-plane/envoy/config/route/v3"
	tlsv3 "github.com/envoyproxy/go-control-plane/envoy/extensions/transport_sockets/tls/v3"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"sigs.k8s.io/yaml"
)

// ResourceKind is one of the five xDS resource types that are compared.
type ResourceKind int

// The resource kinds, in the order they are compared and reported.
const (
	Listeners ResourceKind = iota
	Routes
	Clusters
	Endpoints
	Secrets
	numKinds
)

// ResourceKinds lists every ResourceKind in comparison order.
func ResourceKinds() []ResourceKind {
	return []ResourceKind{Listeners, Routes, Clusters, Endpoints, Secrets}
}

// String returns the key of the kind in an xds.yaml: listeners, routes,
// clusters, endpoints or secrets.
func (k ResourceKind) String() string {
	switch k {
	case Listeners:
		return "listeners"
	case Routes:
		return "routes"
	case Clusters:
		return "clusters"
	case Endpoints:
		return "endpoints"
	case Secrets:
		return "secrets"
	}
	return fmt.Sprintf("ResourceKind(%d)", int(k))
}

// New returns an empty message of the kind's go-control-plane type.
func (k ResourceKind) New() proto.Message {
	switch k {
	case Listeners:
		return &listenerv3.Listener{}
	case Routes:
		return &routev3.RouteConfiguration{}
	case Clusters:
		return &clusterv3.Cluster{}
	case Endpoints:
		return &endpointv3.ClusterLoadAssignment{}
	case Secrets:
		return &tlsv3.Secret{}
	}
	return nil
}

// ResourceName returns the name resources of kind k are matched by: the
// name, or the cluster_name of a ClusterLoadAssignment. It fails when m is
// not of the kind's type.
func (k ResourceKind) ResourceName(m proto.Message) (string, error) {
	switch r := m.(type) {
	case *listenerv3.Listener:
		if k == Listeners {
			return r.GetName(), nil
		}
	case *routev3.RouteConfiguration:
		if k == Routes {
			return r.GetName(), nil
		}
	case *clusterv3.Cluster:
		if k == Clusters {
			return r.GetName(), nil
		}
	case *endpointv3.ClusterLoadAssignment:
		if k == Endpoints {
			return r.GetClusterName(), nil
		}
	case *tlsv3.Secret:
		if k == Secrets {
			return r.GetName(), nil
		}
	}
	return "", fmt.Errorf("%T is not a %s resource, want %T", m, k, k.New())
}

func (x *XDS) resources(k ResourceKind) []proto.Message {
	if x == nil {
		return nil
	}
	switch k {
	case Listeners:
		return x.Listeners
	case Routes:
		return x.Routes
	case Clusters:
		return x.Clusters
	case Endpoints:
		return x.Endpoints
	case Secrets:
		return x.Secrets
	}
	return nil
}

// ErrUnresolvedType reports an Any whose '@type' is not registered; see
// types.go.
var ErrUnresolvedType = errors.New("conformance: unresolvable @type")

// expectedXDS is a case's xds.yaml, parsed only as far as JSON: resources
// stay raw until they are compared, so that counting them is cheap.
type expectedXDS struct {
	// Keys are the IR keys, sorted.
	Keys []string
	// Entries maps an IR key to its expected xDS.
	Entries map[string]*expectedEntry
}

// expectedEntry is the expected xDS of one IR key.
type expectedEntry struct {
	// Resources holds each kind's resources as protojson, in file order.
	Resources [numKinds][]json.RawMessage
	// RateLimitConfig and EnvoyPatchPolicyStatuses are in generic form,
	// nil when absent.
	RateLimitConfig, EnvoyPatchPolicyStatuses any
	// Error is the reference implementation's xDS translation error.
	Error string
}

// rawEntry is the JSON layout of one IR key in an xds.yaml.
type rawEntry struct {
	Listeners                []json.RawMessage `json:"listeners"`
	Routes                   []json.RawMessage `json:"routes"`
	Clusters                 []json.RawMessage `json:"clusters"`
	Endpoints                []json.RawMessage `json:"endpoints"`
	Secrets                  []json.RawMessage `json:"secrets"`
	RateLimitConfig          any               `json:"ratelimitConfig"`
	EnvoyPatchPolicyStatuses any               `json:"envoyPatchPolicyStatuses"`
	Error                    string            `json:"error"`
}

// parseExpectedXDS parses the bytes of an xds.yaml. A section it does not
// know is an error, so that a corpus with more to compare does not pass
// silently.
func parseExpectedXDS(b []byte) (*expectedXDS, error) {
	j, err := yaml.YAMLToJSON(b)
	if err != nil {
		return nil, fmt.Errorf("xds: %w", err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(j, &top); err != nil {
		return nil, fmt.Errorf("xds: top level is not a mapping: %w", err)
	}
	x := &expectedXDS{Entries: make(map[string]*expectedEntry, len(top))}
	for key, raw := range top {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var r rawEntry
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("xds[%s]: %w", key, err)
		}
		e := &expectedEntry{
			RateLimitConfig:          r.RateLimitConfig,
			EnvoyPatchPolicyStatuses: r.EnvoyPatchPolicyStatuses,
			Error:                    r.Error,
		}
		e.Resources[Listeners] = r.Listeners
		e.Resources[Routes] = r.Routes
		e.Resources[Clusters] = r.Clusters
		e.Resources[Endpoints] = r.Endpoints
		e.Resources[Secrets] = r.Secrets
		x.Entries[key] = e
		x.Keys = append(x.Keys, key)
	}
	sort.Strings(x.Keys)
	return x, nil
}

// count returns the number of items the expected xDS has (see compareXDS).
func (x *expectedXDS) count() int {
	n := 0
	for _, e := range x.Entries {
		n += e.count()
	}
	return n
}

// parseResource parses one resource of kind k from protojson. An Any whose
// type is not registered gives an error wrapping ErrUnresolvedType that
// names the type.
func parseResource(k ResourceKind, raw []byte) (proto.Message, error) {
	m := k.New()
	r := &recordingResolver{}
	if err := (protojson.UnmarshalOptions{Resolver: r}).Unmarshal(raw, m); err != nil {
		if len(r.missing) > 0 {
			return nil, fmt.Errorf("%w %q: import its go-control-plane package in types.go", ErrUnresolvedType, r.missing[0])
		}
		return nil, fmt.Errorf("%s: %w", k, err)
	}
	return m, nil
}

// parseResources parses every resource of an expected entry, by kind.
func (e *expectedEntry) parseResources() ([numKinds][]proto.Message, error) {
	var out [numKinds][]proto.Message
	for _, k := range ResourceKinds() {
		for i, raw := range e.Resources[k] {
			m, err := parseResource(k, raw)
			if err != nil {
				return out, fmt.Errorf("%s[%d]: %w", k, i, err)
			}
			out[k] = append(out[k], m)
		}
	}
	return out, nil
}

// recordingResolver resolves types through the global registry and keeps
// the URLs it could not resolve.
type recordingResolver struct {
	missing []string
}

func (r *recordingResolver) FindMessageByName(n protoreflect.FullName) (protoreflect.MessageType, error) {
	t, err := protoregistry.GlobalTypes.FindMessageByName(n)
	if err != nil {
		r.missing = append(r.missing, string(n))
	}
	return t, err
}

func (r *recordingResolver) FindMessageByURL(url string) (protoreflect.MessageType, error) {
	t, err := protoregistry.GlobalTypes.FindMessageByURL(url)
	if err != nil {
		r.missing = append(r.missing, url)
	}
	return t, err
}

func (r *recordingResolver) FindExtensionByName(n protoreflect.FullName) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByName(n)
}

func (r *recordingResolver) FindExtensionByNumber(m protoreflect.FullName, n protoreflect.FieldNumber) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByNumber(m, n)
}

// anyTypes returns every '@type' in a generic (JSON-decoded) value, sorted
// and without duplicates.
func anyTypes(v any) []string {
	seen := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if t, ok := x["@type"].(string); ok {
				seen[t] = true
			}
			for _, e := range x {
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// typeResolves reports whether an '@type' URL names a registered message.
func typeResolves(url string) bool {
	_, err := protoregistry.GlobalTypes.FindMessageByURL(url)
	return err == nil
}
