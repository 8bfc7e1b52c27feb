package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/gatewaykit/gatewaykit/policy"
)

// DefaultController is the controller name written in statuses.
const DefaultController = "acme.example.com/rateshield-controller"

// sample is testdata/sample.yaml, read when -f is not given, so that the
// program runs from any directory.
//
//go:embed testdata/sample.yaml
var sample []byte

func main() {
	err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vendorpolicy:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	file, format, controller string
	// routeNamespace and route limit the explanations to one HTTPRoute.
	routeNamespace, route string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("vendorpolicy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.file, "f", "", "multi-document YAML to read, - for standard input (default: the built-in testdata/sample.yaml)")
	fs.StringVar(&c.format, "o", "text", "output format: text (statuses as YAML, explanations as text) or json")
	fs.StringVar(&c.controller, "controller", DefaultController, "controller name written in statuses")
	explain := fs.String("explain", "", "explain only the HTTPRoute `namespace/name` (HTTPRoute/namespace/name also accepted)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.format != "text" && c.format != "json" {
		return c, fmt.Errorf("-o must be text or json, not %q", c.format)
	}
	if *explain != "" {
		parts := strings.Split(*explain, "/")
		if len(parts) == 3 && strings.EqualFold(parts[0], policy.KindHTTPRoute) {
			parts = parts[1:]
		}
		if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
			return c, fmt.Errorf("-explain wants namespace/name of an HTTPRoute, not %q", *explain)
		}
		c.routeNamespace, c.route = parts[0], parts[1]
	}
	return c, nil
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	var data []byte
	switch c.file {
	case "":
		data = sample
	case "-":
		data, err = io.ReadAll(stdin)
	default:
		data, err = os.ReadFile(c.file)
	}
	if err != nil {
		return err
	}
	in, err := load(data, stderr)
	if err != nil {
		return err
	}
	rep, err := evaluate(in, c)
	if err != nil {
		return err
	}
	return rep.write(stdout, c.format)
}

// report is what the program prints.
type report struct {
	// Policies are every RateShieldPolicy, by namespace and name.
	Policies []policyStatus `json:"policies"`
	// Explanations are, for every HTTPRoute by namespace and name, every
	// listener it is attached to and every rule, which policy applies.
	Explanations []*policy.Explanation `json:"explanations"`
}

// policyStatus is one policy's identity and status.
type policyStatus struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Status    any    `json:"status"`
}

// evaluate resolves the policies of in against its objects, validates
// them, and explains the selected routes.
func evaluate(in *input, c config) (*report, error) {
	topo := policy.TopologyFrom(in.objects)
	policies := make([]policy.Policy, len(in.policies))
	for i, p := range in.policies {
		policies[i] = p
	}
	res := policy.Resolve(&RateShieldKind, policies, topo, c.controller)
	validate(res)
	res.Finish()

	rep := &report{Policies: []policyStatus{}, Explanations: []*policy.Explanation{}}
	for _, rp := range res.Policies {
		rp.Policy.(*RateShieldPolicy).Status = rp.Status
	}
	byName := slices.Clone(in.policies)
	slices.SortFunc(byName, func(a, b *RateShieldPolicy) int {
		return compareNames(a.Namespace, a.Name, b.Namespace, b.Name)
	})
	for _, p := range byName {
		rep.Policies = append(rep.Policies, policyStatus{Kind: KindName, Namespace: p.Namespace, Name: p.Name, Status: p.Status})
	}

	found := c.route == ""
	for _, hr := range in.routes() {
		if c.route != "" && (hr.Namespace != c.routeNamespace || hr.Name != c.route) {
			continue
		}
		found = true
		route := topo.Route(policy.KindHTTPRoute, hr.Namespace, hr.Name)
		if route == nil {
			continue
		}
		for _, s := range subjects(route) {
			ex, err := res.Explain(s)
			if err != nil {
				return nil, err
			}
			rep.Explanations = append(rep.Explanations, ex)
		}
	}
	if !found {
		return nil, fmt.Errorf("-explain: no HTTPRoute %s/%s", c.routeNamespace, c.route)
	}
	return rep, nil
}

// validate checks the vendor fields of every attachment that took, the
// way a translator would before applying them: a Gateway or listener
// policy as written; a route or rule policy as written on each listener
// where it does not merge, and merged with the parent policy on each
// listener where it does. A problem becomes a status condition on the
// policy (Accepted=False, reason Invalid), never an error, and stays local
// to the attachment or the listener it occurs on.
func validate(res *policy.Resolution) {
	for _, a := range res.Attachments {
		if a.Failed {
			continue
		}
		p := a.Policy.Policy.(*RateShieldPolicy)
		if a.Route == nil {
			if msg := p.Spec.validate(); msg != "" {
				a.Invalid(msg)
			}
			continue
		}
		merges := map[policy.Listener]*policy.MergePlan{}
		for _, m := range a.Merges {
			merges[m.Listener] = m
		}
		alone := len(a.Merges) == 0
		for _, parent := range a.Route.Parents {
			for _, l := range parent.Listeners {
				m := merges[l]
				if m == nil {
					alone = true
					continue
				}
				merged, err := policy.MergeAs[*RateShieldPolicy](p, m.Parent.Policy.Policy)
				if err != nil {
					a.MergeFailed(m, policy.ConditionMessage(err))
					continue
				}
				if msg := merged.(*RateShieldPolicy).Spec.validate(); msg != "" {
					a.MergeFailed(m, msg)
				}
			}
		}
		if alone {
			if msg := p.Spec.validate(); msg != "" {
				a.Invalid(msg)
			}
		}
	}
}

// subjects lists what to explain for a route: each of its rules (the route
// as a whole for rules without a name) on each listener it is attached to,
// in parentRef, listener and rule order.
func subjects(route *policy.Route) []policy.Subject {
	var out []policy.Subject
	seen := map[policy.Subject]bool{}
	for _, p := range route.Parents {
		for _, l := range p.Listeners {
			s := policy.Subject{
				GatewayNamespace: l.Gateway.Meta.Namespace, Gateway: l.Gateway.Meta.Name,
				Listener:  l.Name,
				RouteKind: route.Kind, RouteNamespace: route.Meta.Namespace, Route: route.Meta.Name,
			}
			if l.Set != nil {
				s.ListenerSetNamespace, s.ListenerSet = l.Set.Meta.Namespace, l.Set.Meta.Name
			}
			for _, rule := range route.Rules {
				s.Rule = rule
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// write prints the report as text or JSON.
func (r *report) write(w io.Writer, format string) error {
	if format == "json" {
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
	b, err := yaml.Marshal(r.Policies)
	if err != nil {
		return err
	}
	var out strings.Builder
	out.WriteString("# status\n")
	out.Write(b)
	out.WriteString("\n# explain\n")
	for i, ex := range r.Explanations {
		if i > 0 {
			out.WriteString("\n")
		}
		if err := ex.WriteText(&out); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, out.String())
	return err
}

func compareNames(ans, a, bns, b string) int {
	if c := strings.Compare(ans, bns); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
