package extproctest_test

import (
	"context"
	"testing"

	mutationrulesv3 "github.com/envoyproxy/go-control-plane/envoy/config/common/mutation_rules/v3"
	matcherv3 "github.com/envoyproxy/go-control-plane/envoy/type/matcher/v3"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/gatewaykit/gatewaykit/extproc"
	"github.com/gatewaykit/gatewaykit/extproc/extproctest"
)

// edit is one header change a test processor makes on request headers.
type edit struct {
	op          extproctest.Op
	name, value string
}

func editor(edits ...edit) extproc.Processor {
	return extproc.RequestHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		r := &extproc.HeadersResponse{}
		for _, e := range edits {
			switch e.op {
			case extproctest.OpSet:
				r.Headers.Set(e.name, e.value)
			case extproctest.OpAppend:
				r.Headers.Append(e.name, e.value)
			case extproctest.OpRemove:
				r.Headers.Remove(e.name)
			}
		}
		return r, nil
	})
}

func regex(s string) *matcherv3.RegexMatcher { return &matcherv3.RegexMatcher{Regex: s} }

func TestMutationRules(t *testing.T) {
	yes := wrapperspb.Bool(true)
	set := func(name, value string) edit { return edit{extproctest.OpSet, name, value} }
	for _, tc := range []struct {
		name    string
		rules   *mutationrulesv3.HeaderMutationRules
		edit    edit
		applied bool
	}{
		{"default allows ordinary headers", nil, set("x-user", "1"), true},
		{"default allows :path", nil, set(":path", "/rewritten"), true},
		{"default refuses :authority", nil, set(":authority", "other.example"), false},
		{"default refuses host", nil, set("host", "other.example"), false},
		{"default refuses :method", nil, set(":method", "PUT"), false},
		{"default refuses :scheme", nil, set(":scheme", "https"), false},
		{"default refuses x-envoy", nil, set("x-envoy-upstream-rq-timeout-ms", "5"), false},
		{"allow_all_routing allows :authority", &mutationrulesv3.HeaderMutationRules{AllowAllRouting: yes}, set(":authority", "other.example"), true},
		{"allow_all_routing allows host", &mutationrulesv3.HeaderMutationRules{AllowAllRouting: yes}, set("host", "other.example"), true},
		{"allow_all_routing checks authority value", &mutationrulesv3.HeaderMutationRules{AllowAllRouting: yes}, set(":authority", "bad host"), false},
		{"allow_all_routing checks scheme value", &mutationrulesv3.HeaderMutationRules{AllowAllRouting: yes}, set(":scheme", "ftp"), false},
		{"allow_envoy allows x-envoy", &mutationrulesv3.HeaderMutationRules{AllowEnvoy: yes}, set("x-envoy-foo", "1"), true},
		{"disallow_system refuses :path", &mutationrulesv3.HeaderMutationRules{DisallowSystem: yes}, set(":path", "/x"), false},
		{"disallow_system keeps ordinary headers", &mutationrulesv3.HeaderMutationRules{DisallowSystem: yes}, set("x-user", "1"), true},
		{"disallow_all refuses everything", &mutationrulesv3.HeaderMutationRules{DisallowAll: yes}, set("x-user", "1"), false},
		{"allow_expression beats disallow_all", &mutationrulesv3.HeaderMutationRules{DisallowAll: yes, AllowExpression: regex("x-user.*")}, set("x-user-id", "1"), true},
		{"allow_expression beats routing", &mutationrulesv3.HeaderMutationRules{AllowExpression: regex(":authority")}, set(":authority", "a.example"), true},
		{"allow_expression must match the whole name", &mutationrulesv3.HeaderMutationRules{DisallowAll: yes, AllowExpression: regex("x-user")}, set("x-user-id", "1"), false},
		{"disallow_expression beats allow_expression", &mutationrulesv3.HeaderMutationRules{AllowExpression: regex("x-.*"), DisallowExpression: regex("x-secret")}, set("x-secret", "1"), false},
		{"disallow_expression leaves others", &mutationrulesv3.HeaderMutationRules{DisallowExpression: regex("x-secret")}, set("x-public", "1"), true},
		{"pseudo-headers are never removed", &mutationrulesv3.HeaderMutationRules{AllowAllRouting: yes, AllowExpression: regex(".*")}, edit{extproctest.OpRemove, ":path", ""}, false},
		{"host is never removed", &mutationrulesv3.HeaderMutationRules{AllowAllRouting: yes}, edit{extproctest.OpRemove, "host", ""}, false},
		{"ordinary headers are removed", nil, edit{extproctest.OpRemove, "x-existing", ""}, true},
		{"no second value for a pseudo-header", nil, edit{extproctest.OpAppend, ":path", "/more"}, false},
		{"append to ordinary header", nil, edit{extproctest.OpAppend, "x-existing", "two"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := extproctest.NewRequest("GET", "http://example.com/orig", nil)
			req.Header.Set("X-Existing", "one")
			req.Header.Set("Host", "example.com")
			res := drive(t, editor(tc.edit), req, nil, extproctest.WithMutationRules(tc.rules))
			if res.LocalReply != nil {
				t.Fatalf("unexpected local reply: %+v", res.LocalReply)
			}
			rejected := len(res.Rejections) > 0
			if rejected == tc.applied {
				t.Errorf("applied = %v, want %v (rejections %+v)", !rejected, tc.applied, res.Rejections)
			}
			if rejected && (res.Rejections[0].Header != tc.edit.name || res.Rejections[0].Op == 0 || res.Rejections[0].Fatal) {
				t.Errorf("rejection = %+v", res.Rejections[0])
			}
			// The final request agrees with the verdict.
			got := headerOf(res.Request, tc.edit.name)
			switch {
			case tc.edit.op == extproctest.OpRemove && tc.applied && len(got) != 0:
				t.Errorf("%s still present: %q", tc.edit.name, got)
			case tc.edit.op == extproctest.OpSet && tc.applied && (len(got) != 1 || got[0] != tc.edit.value):
				t.Errorf("%s = %q, want [%q]", tc.edit.name, got, tc.edit.value)
			case tc.edit.op == extproctest.OpSet && !tc.applied && len(got) == 1 && got[0] == tc.edit.value:
				t.Errorf("%s changed although refused", tc.edit.name)
			case tc.edit.op == extproctest.OpAppend && tc.applied && len(got) != 2:
				t.Errorf("%s = %q, want two values", tc.edit.name, got)
			}
		})
	}
}

// headerOf returns the values of name in r, pseudo-headers included.
func headerOf(r *extproctest.Request, name string) []string {
	switch name {
	case ":method":
		return []string{r.Method}
	case ":path":
		return []string{r.Path}
	case ":authority":
		return []string{r.Authority}
	case ":scheme":
		return []string{r.Scheme}
	}
	return r.Header.Values(name)
}

func TestDisallowIsError(t *testing.T) {
	rules := &mutationrulesv3.HeaderMutationRules{DisallowIsError: wrapperspb.Bool(true)}
	res := drive(t, editor(edit{extproctest.OpSet, "x-ok", "1"}, edit{extproctest.OpSet, ":authority", "evil.example"}),
		extproctest.NewRequest("GET", "/", nil), nil, extproctest.WithMutationRules(rules))
	if res.LocalReply == nil || res.Response.Status != 500 || !errorsIs(res.LocalReply.Err, extproctest.ErrMutationRejected) {
		t.Fatalf("want 500 with ErrMutationRejected, got %+v", res.LocalReply)
	}
	if res.Request != nil {
		t.Errorf("request reached upstream")
	}
	if len(res.Rejections) != 1 || !res.Rejections[0].Fatal {
		t.Errorf("rejections = %+v", res.Rejections)
	}
	// failure_mode_allow does not soften a rejected mutation.
	res = drive(t, editor(edit{extproctest.OpSet, ":authority", "evil.example"}),
		extproctest.NewRequest("GET", "/", nil), nil, extproctest.WithMutationRules(rules), extproctest.WithFailureModeAllow(true))
	if res.LocalReply == nil {
		t.Errorf("failure_mode_allow let a rejected mutation through")
	}
}

func TestMutationRulesApplyToResponsesAndTrailers(t *testing.T) {
	p := extproc.Phases{
		ResponseHeaders: func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
			r := &extproc.HeadersResponse{}
			r.Headers.Set("x-envoy-decorator-operation", "x")
			r.Headers.Set(":status", "404")
			return r, nil
		},
		ResponseTrailers: func(context.Context, *extproc.TrailersRequest) (*extproc.TrailersResponse, error) {
			r := &extproc.TrailersResponse{}
			r.Trailers.Set("x-envoy-t", "1")
			return r, nil
		},
	}
	up := extproctest.Respond(&extproctest.Response{Body: []byte("b"), Trailer: map[string][]string{"Grpc-Status": {"0"}}})
	res := drive(t, p, post("x"), up, extproctest.WithProcessingMode(extproc.ProcessingMode{ResponseTrailer: extproc.SendModeSend}))
	mustEqual(t, "status", res.Response.Status, 404)
	mustEqual(t, "x-envoy header", res.Response.Header.Get("X-Envoy-Decorator-Operation"), "")
	mustEqual(t, "x-envoy trailer", res.Response.Trailer.Get("X-Envoy-T"), "")
	mustEqual(t, "rejections", len(res.Rejections), 2)

	// :status below 200 is refused.
	p2 := extproc.ResponseHeadersFunc(func(context.Context, *extproc.HeadersRequest) (*extproc.HeadersResponse, error) {
		r := &extproc.HeadersResponse{}
		r.Headers.Set(":status", "100")
		return r, nil
	})
	res = drive(t, p2, post("x"), up)
	mustEqual(t, "status", res.Response.Status, 200)
}

func TestInvalidRegexIsAnOptionError(t *testing.T) {
	_, err := extproctest.New(extproctest.Connect(t, extproc.Phases{}),
		extproctest.WithMutationRules(&mutationrulesv3.HeaderMutationRules{AllowExpression: regex("(")}))
	if !errorsIs(err, extproctest.ErrInvalidOption) {
		t.Fatalf("err = %v, want ErrInvalidOption", err)
	}
}
