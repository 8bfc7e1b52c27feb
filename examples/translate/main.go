// Command translate reads Kubernetes manifests offline and reports what
// gatewaykit makes of them.
//
//	go run ./examples/translate -f examples/translate/testdata/sample.yaml
//
// The input is multi-document YAML (any mix of Gateway API, core and
// gateway.envoyproxy.io kinds) or a conformance-corpus bundle. The report
// lists the objects loaded per kind, the documents skipped and why, load
// errors with their document and line, and the validation errors of every
// gateway.envoyproxy.io object (the rules an API server would enforce).
//
// Gateway API → IR → xDS translation is being built in stages; until it lands
// this command stops after loading and validation, and says so in its output.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/util/validation/field"
	"sigs.k8s.io/yaml"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
	"github.com/gatewaykit/gatewaykit/translator"
)

func main() {
	file := flag.String("f", "-", "manifest to read (- for standard input)")
	format := flag.String("o", "yaml", "output format: yaml or json")
	flag.Parse()
	if err := run(*file, *format, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "translate:", err)
		os.Exit(1)
	}
}

// report is what the command prints.
type report struct {
	Objects     map[string]int       `json:"objects"`
	Skipped     []translator.Skipped `json:"skipped,omitempty"`
	LoadErrors  []string             `json:"loadErrors,omitempty"`
	Validation  []invalidObject      `json:"validation,omitempty"`
	Translation string               `json:"translation"`
}

type invalidObject struct {
	Kind      string   `json:"kind"`
	Namespace string   `json:"namespace,omitempty"`
	Name      string   `json:"name"`
	Errors    []string `json:"errors"`
}

func run(file, format string, stdin io.Reader, stdout io.Writer) error {
	if format != "yaml" && format != "json" {
		return fmt.Errorf("-o must be yaml or json, not %q", format)
	}
	var data []byte
	var err error
	if file == "-" {
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return err
	}
	res, loadErr := translator.Load(data)
	rep := report{
		Objects:     res.Counts(),
		Skipped:     res.Skipped,
		Validation:  validate(res),
		Translation: "not built yet: this build loads and validates; Gateway API → IR → xDS translation comes next",
	}
	for _, e := range unjoin(loadErr) {
		rep.LoadErrors = append(rep.LoadErrors, e.Error())
	}
	out, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if format == "yaml" {
		if out, err = yaml.JSONToYAML(out); err != nil {
			return err
		}
	}
	_, err = stdout.Write(append(out, '\n'))
	return err
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
