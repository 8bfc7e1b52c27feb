package translator

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gatewaykit/gatewaykit/translator/internal/securitypolicy"
)

// secretMarker is the text every Secret of testdata/secret-markers.yaml
// holds.
const secretMarker = "mk7Qz9"

// TestSecretMarkers checks that no byte of a Secret a SecurityPolicy reads
// reaches a status, the IR's JSON and YAML or the IR printed with fmt,
// whether the policy is valid or its Secret is malformed; and that the
// valid policies did read their Secrets (the IR holds them, hidden).
func TestSecretMarkers(t *testing.T) {
	data, err := os.ReadFile("testdata/secret-markers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := translateYAML(t, string(data))
	statuses, err := json.Marshal(r.Statuses)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(statuses), secretMarker) {
		t.Errorf("a status holds secret data:\n%s", statuses)
	}
	for _, name := range []string{"bad-basic", "bad-keys", "bad-extauth"} {
		if got := spConditionOf(r, name); !strings.HasPrefix(got, "False/Invalid") {
			t.Errorf("SecurityPolicy %s: Accepted = %s, want False/Invalid", name, got)
		}
	}
	x := r.IR["default/gw"]
	if x == nil {
		t.Fatal("no IR")
	}
	js, err := x.JSON()
	if err != nil {
		t.Fatal(err)
	}
	ys, err := x.YAML()
	if err != nil {
		t.Fatal(err)
	}
	for form, out := range map[string]string{
		"JSON": string(js), "YAML": string(ys),
		"%v": fmt.Sprintf("%v", x), "%+v": fmt.Sprintf("%+v", x), "%#v": fmt.Sprintf("%#v", x),
		"Unenforced": fmt.Sprint(r.Unenforced),
	} {
		if strings.Contains(out, secretMarker) {
			t.Errorf("the IR's %s form holds secret data", form)
		}
	}
	for _, l := range x.HTTP {
		for _, rt := range l.Routes {
			if rt.Security == nil {
				continue
			}
			for form, out := range map[string]string{"%v": fmt.Sprintf("%v", *rt.Security), "%+v": fmt.Sprintf("%+v", *rt.Security)} {
				if strings.Contains(out, secretMarker) {
					t.Errorf("route %s: security features in %s form hold secret data", rt.Name, form)
				}
			}
		}
	}
	held := 0
	for _, v := range x.PrivateValues() {
		if strings.Contains(string(v), secretMarker) {
			held++
		}
	}
	if want := wantSecretValues(); held < want {
		t.Errorf("the IR holds %d secret values with the marker, want at least %d (policies whose features reach the IR)", held, want)
	}
}

// wantSecretValues is how many secret values of the valid policies reach
// the IR: those of the features that reach it.
func wantSecretValues() int {
	n := 0
	for _, field := range securitypolicy.Fields() {
		if !securitypolicy.Enforced(field) {
			continue
		}
		switch field {
		case "spec.basicAuth", "spec.extAuth":
			n++
		case "spec.apiKeyAuth", "spec.oidc":
			n += 2 // two keys; client and HMAC secrets
		}
	}
	return n
}

// spConditionOf returns "Status/Reason: message" of the Accepted condition
// of the named SecurityPolicy's first ancestor.
func spConditionOf(r *Result, name string) string {
	for _, p := range r.Statuses.SecurityPolicies {
		if p.Name != name || len(p.Status.Ancestors) == 0 {
			continue
		}
		for _, c := range p.Status.Ancestors[0].Conditions {
			if c.Type == "Accepted" {
				return string(c.Status) + "/" + c.Reason + ": " + c.Message
			}
		}
	}
	return ""
}
