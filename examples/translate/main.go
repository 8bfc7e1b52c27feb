// Command translate runs gatewaykit's whole pipeline offline: it reads
// Kubernetes manifests and prints what Envoy would be configured with, the
// intermediate representation, and the status of every object.
//
//	go run ./examples/translate -f examples/translate/testdata/sample.yaml
//
// The input is multi-document YAML (any mix of Gateway API, core and
// gateway.envoyproxy.io kinds) or a conformance-corpus bundle. The output
// (YAML, or JSON with -o json) has these sections:
//
//   - objects: how many objects of each kind were loaded; skipped and
//     loadErrors: documents that could not be used, with document and line;
//     validation: the schema errors of every gateway.envoyproxy.io object.
//   - statuses: every object that got a status, with that status;
//     unenforced: the features of accepted policies that the Envoy
//     configuration does not carry yet, whose routes answer 500.
//   - ir: the intermediate representation, per IR key.
//   - xds: the Envoy configuration per IR key, in the shape of Envoy's
//     /config_dump, with private keys and every other secret value (basic
//     auth users, API keys, OIDC client and HMAC secrets, ext auth context
//     values from Secrets) redacted unless -show-secrets is set.
//
// -sections limits the output to a comma-separated list of sections.
// Translation options: -controller-name, -merge-gateways, -backends,
// -envoy-patch-policy (on by default: a manifest with EnvoyPatchPolicies
// is patched; Envoy Gateway needs enableEnvoyPatchPolicy for that).
// -patch-dry-run adds the section patches: per IR key, each resource the
// EnvoyPatchPolicies changed or added, the policies that did it and a line
// diff of its configuration before and after (see xds.DryRunPatches); the
// statuses of the patch policies, with Programmed, are in
// envoyPatchPolicyStatuses.
//
// The only network access is OIDC discovery: a SecurityPolicy whose OIDC
// provider names an issuer without its endpoints has them fetched from
// <issuer>/.well-known/openid-configuration, as Envoy Gateway does;
// -oidc-discovery=false turns that off (such a policy is then not
// accepted). The cookies of OIDC logins are signed with a key from the
// Secret that Envoy Gateway's installer creates (see
// translator.OIDCHMACSecretName); when a SecurityPolicy uses OIDC and the
// manifest lacks that Secret, the command makes one with random bytes,
// redacted like every secret value (-oidc-hmac=false turns that off).
package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/yaml"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
	"github.com/gatewaykit/gatewaykit/translator"
	"github.com/gatewaykit/gatewaykit/xds"
)

func main() {
	var c config
	flag.StringVar(&c.file, "f", "-", "manifest to read (- for standard input)")
	flag.StringVar(&c.format, "o", "yaml", "output format: yaml or json")
	flag.StringVar(&c.sections, "sections", "", "comma-separated sections to print (objects, statuses, ir, xds); default all")
	flag.StringVar(&c.controllerName, "controller-name", translator.DefaultControllerName, "GatewayClass controllerName to handle")
	flag.BoolVar(&c.mergeGateways, "merge-gateways", false, "merge all Gateways of a class into one Envoy fleet")
	flag.BoolVar(&c.backends, "backends", true, "allow routes to refer to gateway.envoyproxy.io Backend objects")
	flag.BoolVar(&c.showSecrets, "show-secrets", false, "print private keys instead of [redacted]")
	flag.BoolVar(&c.oidcDiscovery, "oidc-discovery", true, "fetch the endpoints of OIDC issuers that a SecurityPolicy names without them")
	flag.BoolVar(&c.envoyPatchPolicy, "envoy-patch-policy", true, "apply EnvoyPatchPolicies (Envoy Gateway's enableEnvoyPatchPolicy; false reports them Disabled)")
	flag.BoolVar(&c.patchDryRun, "patch-dry-run", false, "print, per IR key, every resource EnvoyPatchPolicies changed, with the policies and a diff (section patches)")
	flag.BoolVar(&c.oidcHMAC, "oidc-hmac", true, "when a SecurityPolicy uses OIDC and the manifest has no OIDC HMAC Secret, make one with random bytes, as Envoy Gateway's installer does")
	flag.Parse()
	if err := run(c, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "translate:", err)
		os.Exit(1)
	}
}

// config holds the command line.
type config struct {
	file, format, sections string
	controllerName         string
	mergeGateways          bool
	backends               bool
	showSecrets            bool
	oidcDiscovery          bool
	oidcHMAC               bool
	envoyPatchPolicy       bool
	patchDryRun            bool
}

// report is what the command prints; empty sections are left out.
type report struct {
	Objects    map[string]int       `json:"objects,omitempty"`
	Skipped    []translator.Skipped `json:"skipped,omitempty"`
	LoadErrors []string             `json:"loadErrors,omitempty"`
	Validation []invalidObject      `json:"validation,omitempty"`
	Statuses   []objectStatus       `json:"statuses,omitempty"`
	// Unenforced lists the features of accepted policies that the Envoy
	// configuration does not carry yet: the routes of such a policy
	// answer 500.
	Unenforced []translator.UnenforcedFeature `json:"unenforced,omitempty"`
	IR         map[string]any                 `json:"ir,omitempty"`
	XDS        map[string]any                 `json:"xds,omitempty"`
	// EnvoyPatchPolicyStatuses holds, per IR key, the statuses of the
	// EnvoyPatchPolicies applied to its Envoy configuration (Programmed
	// says whether their patches applied).
	EnvoyPatchPolicyStatuses map[string]any `json:"envoyPatchPolicyStatuses,omitempty"`
	// Patches holds, per IR key, the resources EnvoyPatchPolicies changed
	// (-patch-dry-run).
	Patches map[string]any `json:"patches,omitempty"`
	// XDSErrors holds, per IR key, why no Envoy configuration could be
	// built for it.
	XDSErrors map[string]string `json:"xdsErrors,omitempty"`
}

type invalidObject struct {
	Kind      string   `json:"kind"`
	Namespace string   `json:"namespace,omitempty"`
	Name      string   `json:"name"`
	Errors    []string `json:"errors"`
}

// objectStatus is one object's identity and status.
type objectStatus struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
	Status    any    `json:"status"`
}

func run(c config, stdin io.Reader, stdout io.Writer) error {
	if c.format != "yaml" && c.format != "json" {
		return fmt.Errorf("-o must be yaml or json, not %q", c.format)
	}
	show, err := parseSections(c.sections)
	if err != nil {
		return err
	}
	var data []byte
	if c.file == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(c.file)
	}
	if err != nil {
		return err
	}
	res, loadErr := translator.Load(data)
	var rep report
	if show["objects"] {
		rep.Objects, rep.Skipped, rep.Validation = res.Counts(), res.Skipped, validate(res)
		for _, e := range unjoin(loadErr) {
			rep.LoadErrors = append(rep.LoadErrors, e.Error())
		}
	}
	if c.oidcHMAC {
		if err := addOIDCHMACSecret(res); err != nil {
			return err
		}
	}
	opts := []translator.Option{
		translator.WithControllerName(c.controllerName),
		translator.WithMergeGateways(c.mergeGateways),
		translator.WithBackendEnabled(c.backends),
		translator.WithEnvoyPatchPolicy(c.envoyPatchPolicy),
	}
	if c.oidcDiscovery {
		opts = append(opts, translator.WithOIDCDiscovery(&translator.HTTPOIDCDiscovery{}))
	}
	result, err := translator.Translate(res, opts...)
	if err != nil {
		return err
	}
	if show["statuses"] {
		rep.Statuses, err = statuses(result.Statuses)
		if err != nil {
			return err
		}
		rep.Unenforced = result.Unenforced
	}
	for _, key := range sortedKeys(result.IR) {
		x := result.IR[key]
		if show["ir"] {
			v, err := generic(x)
			if err != nil {
				return err
			}
			setKey(&rep.IR, key, redact(v, c.showSecrets))
		}
		if !show["xds"] {
			continue
		}
		var changes []xds.PatchedResource
		var r *xds.Resources
		if c.patchDryRun {
			changes, r, err = xds.DryRunPatches(x)
		} else {
			r, err = xds.Translate(x)
		}
		if err != nil {
			if rep.XDSErrors == nil {
				rep.XDSErrors = map[string]string{}
			}
			rep.XDSErrors[key] = err.Error()
			continue
		}
		dump, err := xds.ConfigDump(r)
		if err != nil {
			return err
		}
		b, err := protojson.Marshal(dump)
		if err != nil {
			return err
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		v = redact(v, c.showSecrets)
		if !c.showSecrets {
			v = scrub(v, x.PrivateValues())
		}
		setKey(&rep.XDS, key, v)
		if len(r.EnvoyPatchPolicyStatuses) > 0 {
			setKey(&rep.EnvoyPatchPolicyStatuses, key, r.EnvoyPatchPolicyStatuses)
		}
		if c.patchDryRun {
			setKey(&rep.Patches, key, patchReport(changes, x.PrivateValues(), c.showSecrets))
		}
	}
	out, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if c.format == "yaml" {
		if out, err = yaml.JSONToYAML(out); err != nil {
			return err
		}
	}
	_, err = stdout.Write(append(out, '\n'))
	return err
}

var allSections = []string{"objects", "statuses", "ir", "xds"}

func parseSections(s string) (map[string]bool, error) {
	show := map[string]bool{}
	if s == "" {
		for _, n := range allSections {
			show[n] = true
		}
		return show, nil
	}
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		known := false
		for _, a := range allSections {
			known = known || a == n
		}
		if !known {
			return nil, fmt.Errorf("-sections: unknown section %q (want some of %s)", n, strings.Join(allSections, ", "))
		}
		show[n] = true
	}
	return show, nil
}

// statuses lists every object of r with its status, in r's order.
func statuses(r *translator.Resources) ([]objectStatus, error) {
	var out []objectStatus
	var err error
	r.Each(func(kind string, obj any) {
		v, e := generic(obj)
		if e != nil {
			err = errors.Join(err, e)
			return
		}
		m, _ := v.(map[string]any)
		meta, _ := m["metadata"].(map[string]any)
		ns, _ := meta["namespace"].(string)
		name, _ := meta["name"].(string)
		out = append(out, objectStatus{Kind: kind, Namespace: ns, Name: name, Status: m["status"]})
	})
	return out, err
}

// generic converts v to its encoding/json generic form.
func generic(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	err = json.Unmarshal(b, &out)
	return out, err
}

// redact replaces the value of every privateKey field (IR certificates and
// Envoy TLS secrets alike) with "[redacted]", unless show is set.
func redact(v any, show bool) any {
	if show {
		return v
	}
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			if k == "privateKey" {
				t[k] = "[redacted]"
				continue
			}
			t[k] = redact(c, show)
		}
	case []any:
		for i, c := range t {
			t[i] = redact(c, show)
		}
	}
	return v
}

// scrub replaces every string of v that holds one of the secret values,
// as it is or base64-encoded (protojson's form of bytes), with
// "[redacted]". Values shorter than scrubMinLen are matched only as a
// whole string, so that a one-letter secret does not blank the output.
func scrub(v any, secrets [][]byte) any {
	if len(secrets) == 0 {
		return v
	}
	var forms []string
	for _, s := range secrets {
		forms = append(forms, string(s), base64.StdEncoding.EncodeToString(s))
	}
	var walk func(v any) any
	walk = func(v any) any {
		switch t := v.(type) {
		case map[string]any:
			for k, c := range t {
				t[k] = walk(c)
			}
		case []any:
			for i, c := range t {
				t[i] = walk(c)
			}
		case string:
			for _, f := range forms {
				if t == f || (len(f) >= scrubMinLen && strings.Contains(t, f)) {
					return "[redacted]"
				}
			}
		}
		return v
	}
	return walk(v)
}

// scrubMinLen is the shortest secret value scrub finds inside a longer
// string.
const scrubMinLen = 6

func setKey(m *map[string]any, k string, v any) {
	if *m == nil {
		*m = map[string]any{}
	}
	(*m)[k] = v
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// validatable is implemented by every kind of package v1alpha1.
type validatable interface {
	GetNamespace() string
	GetName() string
	Validate() field.ErrorList
}

func validate(r *translator.Resources) []invalidObject {
	var out []invalidObject
	check := func(kind string, objs []validatable) {
		for _, o := range objs {
			errs := o.Validate()
			if len(errs) == 0 {
				continue
			}
			inv := invalidObject{Kind: kind, Namespace: o.GetNamespace(), Name: o.GetName()}
			for _, e := range errs {
				inv.Errors = append(inv.Errors, e.Error())
			}
			out = append(out, inv)
		}
	}
	check(egv1a1.KindBackend, asValidatable(r.Backends))
	check(egv1a1.KindClientTrafficPolicy, asValidatable(r.ClientTrafficPolicies))
	check(egv1a1.KindBackendTrafficPolicy, asValidatable(r.BackendTrafficPolicies))
	check(egv1a1.KindSecurityPolicy, asValidatable(r.SecurityPolicies))
	check(egv1a1.KindEnvoyExtensionPolicy, asValidatable(r.EnvoyExtensionPolicies))
	check(egv1a1.KindEnvoyPatchPolicy, asValidatable(r.EnvoyPatchPolicies))
	check(egv1a1.KindHTTPRouteFilter, asValidatable(r.HTTPRouteFilters))
	check(egv1a1.KindEnvoyProxy, asValidatable(r.EnvoyProxies))
	return out
}

func asValidatable[T validatable](objs []T) []validatable {
	out := make([]validatable, len(objs))
	for i, o := range objs {
		out[i] = o
	}
	return out
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		return joined.Unwrap()
	}
	return []error{err}
}

// addOIDCHMACSecret adds the OIDC HMAC Secret, with 32 random bytes, to
// res when a SecurityPolicy uses OIDC and res does not hold that Secret.
func addOIDCHMACSecret(res *translator.Resources) error {
	uses := slices.ContainsFunc(res.SecurityPolicies, func(p *egv1a1.SecurityPolicy) bool { return p != nil && p.Spec.OIDC != nil })
	has := slices.ContainsFunc(res.Secrets, func(s *corev1.Secret) bool {
		return s != nil && s.Namespace == translator.DefaultControllerNamespace && s.Name == translator.OIDCHMACSecretName
	})
	if !uses || has {
		return nil
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	res.Secrets = append(res.Secrets, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Namespace: translator.DefaultControllerNamespace, Name: translator.OIDCHMACSecretName},
		Data:       map[string][]byte{translator.OIDCHMACSecretKey: key},
	})
	return nil
}

// patchChange is one resource EnvoyPatchPolicies changed, as printed.
type patchChange struct {
	Type     string   `json:"type"`
	Name     string   `json:"name"`
	Policies []string `json:"policies"`
	// Diff is the line diff of the resource before and after, one string
	// per line; lines holding secret values are redacted.
	Diff []string `json:"diff"`
}

// patchReport renders dry-run changes. Unless showSecrets is set, the diff
// of a Secret is left out and lines holding one of the secrets are
// redacted.
func patchReport(changes []xds.PatchedResource, secrets [][]byte, showSecrets bool) []patchChange {
	var forms []string
	for _, s := range secrets {
		if len(s) >= scrubMinLen {
			forms = append(forms, string(s), base64.StdEncoding.EncodeToString(s))
		}
	}
	out := make([]patchChange, 0, len(changes))
	for _, ch := range changes {
		pc := patchChange{Type: ch.Type, Name: ch.Name, Policies: ch.Policies}
		if ch.Type == xds.TypeSecret && !showSecrets {
			pc.Diff = []string{"[redacted: the diff of a Secret is shown with -show-secrets]"}
			out = append(out, pc)
			continue
		}
		for _, line := range strings.Split(strings.TrimSuffix(ch.Diff, "\n"), "\n") {
			if !showSecrets && slices.ContainsFunc(forms, func(f string) bool { return strings.Contains(line, f) }) {
				line = line[:1] + "[redacted]"
			}
			pc.Diff = append(pc.Diff, line)
		}
		out = append(out, pc)
	}
	return out
}
